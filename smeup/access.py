"""The one place that decides who may see what (channels.md, Roles)."""

from flask import abort, redirect, request, url_for
from flask_login import current_user

from .kiosk_mode import current_kiosk

LEVELS = ("public", "agent", "officer", "admin")


def access(level: str, *, kiosk: bool = False):
    """Declare who may open a view (public/agent/officer/admin); kiosk=True: also in kiosk mode."""
    if level not in LEVELS:
        raise ValueError(f"unknown access level {level!r}")

    def decorate(view):
        view.access_level = level
        view.kiosk_ok = kiosk
        return view

    return decorate


def access_level(app, endpoint: str | None) -> str | None:
    """The declared level of an endpoint (static files are public); None when undeclared."""
    if endpoint is None:
        return None
    if endpoint == "static" or endpoint.endswith(".static"):
        return "public"
    view = app.view_functions.get(endpoint)
    return getattr(view, "access_level", None)


def may_see(user, level: str) -> bool:
    """True when `user` may open a view of `level`."""
    if level == "public":
        return True
    return bool(user.is_authenticated and user.has_role(level))


def init_access(app) -> None:
    """Check every request against its view's declared level, denying by default."""

    @app.before_request
    def _check_access():
        if request.endpoint is None:  # 404 / 405: let the error handlers answer
            return None
        level = access_level(app, request.endpoint)
        if level is None:
            abort(403)
        view = app.view_functions.get(request.endpoint)
        if not (getattr(view, "kiosk_ok", False) or level == "public") and current_kiosk():
            return redirect(url_for("kiosk.start"))
        if may_see(current_user, level):
            return None
        if not current_user.is_authenticated:
            login_url = url_for("auth.login", next=request.full_path.rstrip("?"))
            if request.headers.get("HX-Request"):
                return "", 401, {"HX-Redirect": login_url}
            return redirect(login_url)
        abort(403)
