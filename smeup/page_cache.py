"""Blank form pages rendered once per process; each GET gets its own CSRF token and key.

The blank 淨零健檢 page is the same for every anonymous visitor except its CSRF token and its
submission key. It is rendered once with two per-process placeholders in their place, and
each request swaps in a fresh token (Flask-WTF's own, so the session is handled as usual)
and a fresh key. Only a plain anonymous GET whose session holds nothing but the CSRF secret is
served this way; staff, kiosks, flashed messages, htmx requests and every error re-render go
through the template as before.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from flask import current_app, g, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from .submission_keys import new_key

# Random per process, so no value a visitor can type ever matches one.
CSRF_SLOT = "csrfslot" + secrets.token_hex(16)
KEY_SLOT = "keyslot" + secrets.token_hex(16)
# An anonymous session: the raw CSRF secret, the permanence flag, Flask-Login's "_fresh".
ANONYMOUS_SESSION = {"csrf_token", "_permanent", "_fresh"}


def cacheable() -> bool:
    """True when this request would get the same page as any anonymous visitor."""
    app = current_app
    return (
        request.method == "GET"
        and not request.args
        and not request.headers.get("HX-Request")
        and app.config.get("SMEUP_CACHE_BLANK_FORMS", True)
        and not app.debug
        and not app.jinja_env.auto_reload
        and not current_user.is_authenticated
        # Anything else in the session (sign-in, kiosk mode, flashed messages, whatever a
        # later feature keeps there) may change the page: draw it then.
        and set(session.keys()) <= ANONYMOUS_SESSION
    )


def blank_page(name: str, render: Callable[[str], str]) -> str:
    """The page `render(key)` draws, with this request's CSRF token and a new key in it."""
    pages = _pages()
    page = pages.get(name)
    if page is None:
        page = _render_with_slots(render)
        if CSRF_SLOT in page and KEY_SLOT in page:
            pages[name] = page
    return page.replace(CSRF_SLOT, generate_csrf()).replace(KEY_SLOT, new_key())


def _pages() -> dict[str, str]:
    # Kept on the app: two apps in one process (tests) never share a page.
    return current_app.extensions.setdefault("smeup_blank_pages", {})


def _render_with_slots(render: Callable[[str], str]) -> str:
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    # generate_csrf() returns what g holds for this request: the placeholder, while drawing.
    setattr(g, field, CSRF_SLOT)
    try:
        return render(KEY_SLOT)
    finally:
        g.pop(field, None)


def clear() -> None:
    """Forget this app's cached pages."""
    _pages().clear()
