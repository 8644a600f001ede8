"""Rate limits: the public forms (channels.md: a script cannot flood the database) and sign-in."""

import time
from math import ceil

from flask import current_app
from flask_limiter.util import get_remote_address
from flask_login import current_user
from limits import parse

from .extensions import limiter
from .kiosk_mode import current_kiosk


def _exempt() -> bool:
    """Kiosk tablets and signed-in staff enter many submissions from one address on purpose."""
    return current_kiosk() is not None or current_user.is_authenticated


def public_submit_limit(view):
    """Limit POSTs to a public form per client address (SMEUP_PUBLIC_SUBMIT_LIMIT)."""
    return limiter.limit(
        lambda: current_app.config["SMEUP_PUBLIC_SUBMIT_LIMIT"],
        methods=["POST"],
        exempt_when=_exempt,
    )(view)


# Sign-in attempts are counted per account and address (SMEUP_LOGIN_LIMIT), so the staff of a
# venue, whose tablets all share one address, do not lock each other out; every sign-in from an
# address also counts towards SMEUP_LOGIN_ADDRESS_LIMIT (the login view's own limit).
LOGIN_SCOPE = "login-account"
# Usernames are at most 50 characters: a longer one is no account, and its key need not grow.
USERNAME_KEY_LENGTH = 64


def login_address_limit(view):
    """Limit sign-in POSTs per client address, whatever the account (SMEUP_LOGIN_ADDRESS_LIMIT)."""
    limit = limiter.limit(lambda: current_app.config["SMEUP_LOGIN_ADDRESS_LIMIT"], methods=["POST"])
    return limit(view)


def _account_limit(username: str):
    item = parse(current_app.config["SMEUP_LOGIN_LIMIT"])
    identifiers = [LOGIN_SCOPE, get_remote_address() or "-", username[:USERNAME_KEY_LENGTH]]
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX")
    return item, [prefix, *identifiers] if prefix else identifiers


def count_sign_in(username: str) -> int | None:
    """Count one sign-in attempt of `username` from this address, before its password is checked.

    None: go on. Otherwise the account has used up SMEUP_LOGIN_LIMIT from this address, and the
    seconds until it may try again are returned. The count is one atomic increment in the shared
    storage, so attempts sent at the same moment cannot slip past it; a correct password then
    forgets the count (forget_sign_in_failures), so only wrong passwords add up.
    """
    if not limiter.enabled:
        return None
    item, identifiers = _account_limit(username)
    strategy = limiter.limiter
    if strategy.hit(item, *identifiers):
        return None
    reset_at = strategy.get_window_stats(item, *identifiers).reset_time
    return max(1, ceil(reset_at - time.time()))


def forget_sign_in_failures(username: str) -> None:
    """After a correct password: this account's earlier wrong ones from this address no longer count."""
    if limiter.enabled:
        item, identifiers = _account_limit(username)
        limiter.limiter.clear(item, *identifiers)
