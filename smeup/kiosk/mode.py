"""Kiosk mode state kept in the session: the event, the PIN hash, and the current visitor."""

import unicodedata
from collections.abc import MutableMapping

from werkzeug.security import check_password_hash, generate_password_hash

KIOSK = "kiosk"
VISITOR_TOKENS = "kiosk_visitor_tokens"
# Session keys that belong to the tablet, not to the visitor using it.
TABLET_KEYS = frozenset({KIOSK, "_flashes"})
MAX_VISITOR_TOKENS = 5


def clean_pin(raw: str | None) -> str:
    """The PIN as ASCII digits (full-width digits accepted), spaces removed."""
    return unicodedata.normalize("NFKC", raw or "").replace(" ", "").strip()


def valid_pin(pin: str) -> bool:
    """A PIN is 4 to 8 digits."""
    return pin.isascii() and pin.isdigit() and 4 <= len(pin) <= 8


def begin(session: MutableMapping, *, event_id: int, event_name: str, pin: str, started_by: int):
    """Forget everything in the session and put it in kiosk mode for one event."""
    session.clear()
    session[KIOSK] = {
        "event_id": event_id,
        "event_name": event_name,
        "pin_hash": generate_password_hash(pin),
        "started_by": started_by,
    }


def pin_matches(session: MutableMapping, pin: str) -> bool:
    """True when `pin` is the one set when kiosk mode started."""
    kiosk = session.get(KIOSK) or {}
    return bool(kiosk.get("pin_hash")) and check_password_hash(kiosk["pin_hash"], clean_pin(pin))


def forget_visitor(session: MutableMapping) -> None:
    """Drop whatever the last visitor left in the session; kiosk mode itself stays."""
    for key in [k for k in session if k not in TABLET_KEYS]:
        session.pop(key)


def remember_visitor_token(session: MutableMapping, token: str) -> None:
    """Let the current visitor open the page behind `token` (their result or receipt)."""
    tokens = [t for t in session.get(VISITOR_TOKENS, []) if t != token]
    session[VISITOR_TOKENS] = [*tokens, token][-MAX_VISITOR_TOKENS:]


def visitor_may_open(session: MutableMapping, token: str) -> bool:
    """True when `token` was handed to the current visitor on this tablet."""
    return token in session.get(VISITOR_TOKENS, [])
