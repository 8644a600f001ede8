"""In kiosk mode a personal page (a result or receipt by token) opens only for its own visitor.

The form views send the visitor to their page with a redirect; watching those redirects tells
which tokens belong to the person at the tablet now. After 完成 or the idle reset, the Back
button (or anyone typing a link) finds the start screen instead of the last visitor's answers.
"""

import json
from urllib.parse import urlsplit

from flask import current_app, redirect, request, session, url_for
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RoutingException

from ..kiosk_mode import current_kiosk, remember_visitor_token, visitor_may_open

REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})


def guard_kiosk_request():
    """Before each request in kiosk mode: the home page and others' personal pages → start."""
    if request.endpoint in (None, "static") or current_kiosk() is None:
        return None
    if request.endpoint == "main.home":
        return redirect(url_for("kiosk.start"))
    token = (request.view_args or {}).get("token")
    if token is not None and not visitor_may_open(session, str(token)):
        return redirect(url_for("kiosk.start"))
    return None


def note_visitor_pages(response):
    """After each request in kiosk mode: a redirect to a page by token hands it to the visitor."""
    if request.endpoint == "static" or current_kiosk() is None:
        return response
    target = _redirect_target(response)
    token = _token_of(target) if target else None
    if token:
        remember_visitor_token(session, token)
    return response


def _redirect_target(response) -> str | None:
    if response.headers.get("HX-Redirect"):
        return response.headers["HX-Redirect"]
    location = response.headers.get("HX-Location")
    if location:
        if location.startswith("{"):
            return json.loads(location).get("path")
        return location
    if response.status_code in REDIRECT_CODES:
        return response.headers.get("Location")
    return None


def _token_of(target: str) -> str | None:
    """The `token` variable of the app URL that `target` points to, if it has one."""
    path = urlsplit(target).path
    root = request.script_root
    if root and path.startswith(root):
        path = path[len(root) :]
    adapter = current_app.url_map.bind_to_environ(request.environ)
    try:
        _endpoint, args = adapter.match(path, method="GET")
    except (HTTPException, RoutingException):
        return None
    token = args.get("token")
    return str(token) if token is not None else None
