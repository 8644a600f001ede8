"""Staff sign-in and sign-out."""

from math import ceil
from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from ..access import access
from ..audit import record
from ..database import write_unit
from ..extensions import login_manager
from ..kiosk_mode import current_kiosk
from ..models import User
from ..models.user import authenticate
from ..ratelimits import count_sign_in, forget_sign_in_failures, login_address_limit
from .forms import LoginForm

bp = Blueprint("auth", __name__)

BAD_LOGIN = "帳號或密碼不正確，請再試一次。"
# The same words for every username, known or not: they tell nothing about which exist.
LOCKED = "這個帳號在這裡登入失敗太多次，已暫停登入，請稍候 {minutes} 分鐘再試；其他帳號不受影響。"
LOCKED_REASON = "登入失敗太多次，暫停登入中"  # the audit log's 理由 of an attempt while locked


@login_manager.user_loader
def load_user(session_id: str):
    """The signed-in account, unless its session was ended (logout, kiosk, new password)."""
    return User.from_session_id(session_id)


def _landing(user) -> str:
    """Where a sign-in without a `next` lands: officers (and admins) on 總覽, agents home."""
    if user.has_role("officer") and "console.dashboard" in current_app.view_functions:
        return url_for("console.dashboard")
    return url_for("main.home")


def _safe_next(target: str | None, user) -> str:
    """Only same-site paths are followed after login; otherwise the user's landing page."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and not urlsplit(target).netloc
    ):
        return target
    return _landing(user)


@bp.route("/login", methods=["GET", "POST"])
@access("public")
@login_address_limit
def login():
    """Sign in; a wrong password and an unknown user get the same answer, in the same time.

    Wrong passwords lock that account from this address for a while (SMEUP_LOGIN_LIMIT); the
    other accounts signing in from the same address (a venue's tablets) go on.
    """
    if current_kiosk():
        return redirect(url_for("kiosk.start"))
    form = LoginForm()
    next_url = request.args.get("next", "")
    errors = []
    status = 422 if request.method == "POST" else 200
    headers = {}
    if form.validate_on_submit():
        username = form.username.data
        wait = count_sign_in(username)
        if wait is not None:  # locked: the password is not even looked at
            with write_unit():
                record("login_failed", user=None, username=username[:50], reason=LOCKED_REASON)
            errors.append(LOCKED.format(minutes=ceil(wait / 60)))
            status, headers = 429, {"Retry-After": str(wait)}
        else:
            user = authenticate(username, form.password.data)
            if user is not None:
                forget_sign_in_failures(username)
                session.clear()
                login_user(user)
                session.permanent = True
                with write_unit():
                    record("login", user=user)
                return redirect(_safe_next(next_url, user))
            with write_unit():
                record("login_failed", user=None, username=username[:50])
            errors.append(BAD_LOGIN)
    page = render_template("auth/login.html", form=form, errors=errors, next_url=next_url)
    return page, status, headers


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
