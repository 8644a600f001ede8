"""Courses: each course option's survey demand beside its sessions, and whom to invite."""

from __future__ import annotations

from flask import abort, render_template, request

from .. import clock
from ..access import access
from ..extensions import db
from ..models.base import utcnow
from ..models.surveys import SurveyOption
from .admin_export import invite_header, invite_rows
from .admin_lists import page_number
from .admin_session_views import audited_download
from .admin_views import bp
from .demand import all_invitees, course_sessions, courses, demand, invitees_page, totals
from .figures import figures_by_session


@bp.route("/courses")
@access("officer")
def courses_index():
    """Every course (an option of the course survey) with how many sessions it has."""
    return render_template("training/admin_courses.html", courses=courses())


@bp.route("/courses/<int:option_id>")
@access("officer")
def course(option_id: int):
    """A course's demand (by county and by site) beside its sessions, and the invite list."""
    option = db.get_or_404(SurveyOption, option_id)
    by_county, by_site = demand(option, "county"), demand(option, "site")
    sessions = course_sessions(option.id)
    page = page_number(request.args.get("page"))
    invitees, more, invite_total = invitees_page(option, page)
    return render_template(
        "training/admin_course.html",
        option=option,
        by_county=by_county,
        by_site=by_site,
        total=totals(by_county),
        sessions=sessions,
        figures=figures_by_session([s.id for s in sessions], utcnow()),
        invitees=invitees,
        more=more,
        invite_total=invite_total,
        page=page,
    )


@bp.route("/courses/<int:option_id>/invite.<fmt>")
@access("officer")
def invite_export(option_id: int, fmt: str):
    """The invite list as CSV (UTF-8 with BOM, zh-Hant headers unless `headers=keys`)."""
    if fmt != "csv":
        abort(404)
    option = db.get_or_404(SurveyOption, option_id)
    chinese = request.args.get("headers") != "keys" and request.args.get("keys") != "1"
    detail = {
        "form_type": "training_invite",
        "course": option.label,
        "format": fmt,
        "zh_headers": chinese,
        "personal": True,
    }
    filename = f"smeup-training-invite-{option_id}-{clock.taipei_today():%Y%m%d}.csv"
    rows = invite_rows(all_invitees(option), True)
    return audited_download(invite_header(True, chinese), rows, fmt, filename, "邀請名單", detail)
