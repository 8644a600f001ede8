"""Admins list, create, disable and re-enable staff accounts."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from ..access import access
from ..audit import record
from ..database import write_unit
from ..extensions import db
from ..models import User
from .forms import UserForm

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/users", methods=["GET", "POST"])
@access("admin")
def users():
    """The account list and the form for a new account."""
    form = UserForm()
    status = 200
    if form.validate_on_submit():
        user = User(
            username=form.username.data,
            display_name=form.display_name.data or form.username.data,
            role=form.role.data,
        )
        user.set_password(form.password.data)
        with write_unit():
            db.session.add(user)
            record("user_create", target=user.username, role=user.role)
        flash(f"已建立帳號 {user.username}", "success")
        return redirect(url_for("admin.users"), 303)
    if form.is_submitted():
        status = 422
    accounts = db.session.scalars(db.select(User).order_by(User.role, User.username)).all()
    return render_template("admin/users.html", form=form, accounts=accounts), status


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@access("admin")
def toggle_active(user_id: int):
    """Disable or re-enable an account (an admin cannot disable themself)."""
    user = db.session.get(User, user_id) or abort(404)
    if user.id == current_user.id:
        abort(403)
    with write_unit():
        user.active = not user.active
        if not user.active:
            user.end_sessions()  # re-enabling later must not revive cookies issued before
        record("user_active", target=user.username, active=user.active)
    flash(f"帳號 {user.username} 已{'啟用' if user.active else '停用'}", "success")
    return redirect(url_for("admin.users"), 303)
