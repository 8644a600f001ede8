"""Staff sign-in and sign-out."""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from ..access import access
from ..audit import record
from ..database import write_unit
from ..extensions import limiter, login_manager
from ..kiosk_mode import current_kiosk
from ..models import User
from ..models.user import authenticate
from .forms import LoginForm

bp = Blueprint("auth", __name__)

BAD_LOGIN = "帳號或密碼不正確，請再試一次。"


@login_manager.user_loader
def load_user(session_id: str):
    """The signed-in account, unless its session was ended (logout, kiosk, new password)."""
    return User.from_session_id(session_id)


def _safe_next(target: str | None) -> str:
    """Only same-site paths are followed after login."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and not urlsplit(target).netloc
    ):
        return target
    return url_for("main.home")


@bp.route("/login", methods=["GET", "POST"])
@access("public")
@limiter.limit(lambda: current_app.config["SMEUP_LOGIN_LIMIT"], methods=["POST"])
def login():
    """Sign in; a wrong password and an unknown user get the same answer."""
    if current_kiosk():
        return redirect(url_for("kiosk.start"))
    form = LoginForm()
    next_url = request.args.get("next", "")
    errors = []
    if form.validate_on_submit():
        user = authenticate(form.username.data, form.password.data)
        if user is not None:
            session.clear()
            login_user(user)
            session.permanent = True
            with write_unit():
                record("login", user=user)
            return redirect(_safe_next(next_url))
        with write_unit():
            record("login_failed", user=None, username=form.username.data[:50])
        errors.append(BAD_LOGIN)
    status = 422 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form, errors=errors, next_url=next_url), status


@bp.route("/logout", methods=["POST"])
@access("agent")
def logout():
    """Sign out: this account's session cookies, copies included, open nothing any more."""
    with write_unit():
        record("logout")
        current_user.end_sessions()
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))
