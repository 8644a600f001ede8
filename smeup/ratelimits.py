"""Rate limits shared by the public forms (channels.md: a script cannot flood the database)."""

from flask import current_app
from flask_login import current_user

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
