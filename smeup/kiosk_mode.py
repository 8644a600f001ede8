"""Kiosk mode: the tablet's state (event, PIN hash) on the server, the current visitor's pages.

The session cookie is signed, not encrypted: anyone holding a copy can read it. So it carries
only the random id of the tablet's KioskSession row; leaving kiosk mode deletes that row, and a
copy of the cookie is then an ordinary visitor's cookie.
"""

import secrets
import unicodedata
from collections.abc import MutableMapping

from flask import g
from flask import session as request_session
from werkzeug.security import check_password_hash, generate_password_hash

from .extensions import db
from .models.kiosk import KioskSession

KIOSK = "kiosk"
VISITOR_TOKENS = "kiosk_visitor_tokens"
# Session keys that belong to the tablet, not to the visitor using it. The CSRF secret holds
# nothing of a visitor; keeping it means the service worker's background fetch of the start
# screen (js/outbox.js) cannot invalidate the token of a form already on the screen.
TABLET_KEYS = frozenset({KIOSK, "_flashes", "csrf_token"})
MAX_VISITOR_TOKENS = 5
PIN_MIN, PIN_MAX = 6, 12


def clean_pin(raw: str | None) -> str:
    """The PIN as ASCII digits (full-width digits accepted), spaces removed."""
    return unicodedata.normalize("NFKC", raw or "").replace(" ", "").strip()


def valid_pin(pin: str) -> bool:
    """A PIN is 6 to 12 digits."""
    return pin.isascii() and pin.isdigit() and PIN_MIN <= len(pin) <= PIN_MAX


def begin(*, event_id: int, pin: str, started_by: int | None) -> KioskSession:
    """A new kiosk for one event (added to the database session; the caller commits)."""
    kiosk = KioskSession(
        id=secrets.token_urlsafe(32),
        event_id=event_id,
        pin_hash=generate_password_hash(clean_pin(pin)),
        started_by_id=started_by,
    )
    db.session.add(kiosk)
    return kiosk


def enter(session: MutableMapping, kiosk: KioskSession) -> None:
    """Forget everything in the session and make this browser the kiosk."""
    session.clear()
    session[KIOSK] = kiosk.id
    session.permanent = True  # refreshed with every answer; lives SMEUP_KIOSK_OFFLINE_DAYS
    g.smeup_kiosk = kiosk


def end(kiosk: KioskSession) -> None:
    """The server forgets the tablet (the caller commits, then clears the session)."""
    db.session.delete(kiosk)
    g.smeup_kiosk = None


def current_kiosk() -> KioskSession | None:
    """The kiosk this browser is, or None; a cookie whose kiosk has ended is emptied."""
    if "smeup_kiosk" not in g:
        g.smeup_kiosk = _lookup_kiosk()
    return g.smeup_kiosk


def _lookup_kiosk() -> KioskSession | None:
    kiosk_id = request_session.get(KIOSK)
    if not kiosk_id:
        return None
    kiosk = db.session.get(KioskSession, kiosk_id) if isinstance(kiosk_id, str) else None
    if kiosk is None:
        request_session.clear()  # left elsewhere (or an older cookie format): nothing of it stays
    return kiosk


def pin_matches(kiosk: KioskSession, pin: str) -> bool:
    """True when `pin` is the one set when kiosk mode started."""
    return check_password_hash(kiosk.pin_hash, clean_pin(pin))


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
