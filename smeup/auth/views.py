"""Staff sign-in and sign-out."""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import login_user, logout_user

from ..access import access
from ..audit import record
from ..database import write_unit
from ..extensions import db, limiter, login_manager
from ..models import User
from .forms import LoginForm

bp = Blueprint("auth", __name__)

BAD_LOGIN = "帳號或密碼不正確，請再試一次。"


@login_manager.user_loader
def load_user(user_id: str):
    return db.session.get(User, int(user_id))


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
    if session.get("kiosk"):
        return redirect(url_for("kiosk.start"))
    form = LoginForm()
    next_url = request.args.get("next", "")
    errors = []
    if form.validate_on_submit():
        user = db.session.scalar(db.select(User).filter_by(username=form.username.data))
        if user is not None and user.active and user.check_password(form.password.data):
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
    """Sign out and forget the session."""
    with write_unit():
        record("logout")
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))
