"""A session for officers: facts, figures, the attendees' test scores, registrations, exports and
研習證明 (training.md, After the session)."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)

from .. import clock
from ..access import access
from ..audit import record
from ..database import write_unit
from ..exports.csv_stream import stream_csv
from ..exports.download import MIMETYPES, content_disposition
from ..exports.neutralise import flattened
from ..exports.xlsx_stream import stream_xlsx
from ..extensions import db
from ..models.base import utcnow
from ..models.training import TrainingRegistration
from . import seats
from .admin_export import registration_header, registration_rows
from .admin_lists import (
    STATUS_FILTERS,
    RegistrationFilter,
    attendees,
    registrations_page,
    waitlist_positions,
)
from .admin_views import _session_or_404, bp
from .attendee_tests import attendee_scores
from .figures import session_figures

PROGRAMME = "經濟部中小及新創企業署「推升級」計畫"


def rate_note(fig) -> str:
    """Why 出席率 (or 未到) is not shown yet, in a few words."""
    if fig.session_cancelled:
        return "場次已取消，不計出席率"
    if not fig.ended:
        return "場次結束後計算"
    if not fig.expected:
        return "沒有應到的人"
    return ""


def checkin_url(session_id: int) -> str | None:
    """The door's check-in screen for the session, when that part of the app is installed."""
    if "training_checkin.session" not in current_app.view_functions:
        return None
    return url_for("training_checkin.session", session_id=session_id)


@bp.route("/<int:session_id>")
@access("officer")
def session(session_id: int):
    """The session: facts, figures, the linked test for its attendees, the registrations.

    The registrations' search, sent by htmx as one types, gets the table alone back."""
    training = _session_or_404(session_id)
    chosen = RegistrationFilter.read(request.args)
    rows, more, matching = registrations_page(training.id, chosen)
    now = utcnow()
    table = {
        "session": training,
        "rows": rows,
        "more": more,
        "matching": matching,
        "positions": waitlist_positions(rows),
        "chosen": chosen,
        "ended": training.ends_at <= now,
    }
    if request.headers.get("HX-Target") == "registrations":
        return render_template("training/_admin_registrations_table.html", **table)
    fig = session_figures(training, now)
    return render_template(
        "training/admin_session.html",
        **table,
        fig=fig,
        note=rate_note(fig),
        scores=attendee_scores(training),
        status_filters=STATUS_FILTERS,
        checkin_url=checkin_url(training.id),
    )


@bp.route("/<int:session_id>/registrations/<int:registration_id>/cancel", methods=["POST"])
@access("officer")
def cancel_registration(session_id: int, registration_id: int):
    """Staff cancel one registration; its seat goes to the first on the waitlist, who is told."""
    registration = db.get_or_404(TrainingRegistration, registration_id)
    if registration.session_id != session_id:
        abort(404)
    name = registration.attendee_name
    if seats.cancel(registration.id, "staff"):
        with write_unit():
            record(
                "training_registration_cancel",
                session_id=session_id,
                registration_id=registration_id,
            )
        flash(f"已取消 {name} 的報名；若有候補，座位已依序遞補並通知。", "success")
    else:
        flash(f"{name} 的報名先前已取消。", "status")
    back = {k: v for k, v in request.form.items() if k in ("status", "q", "page") and v}
    return redirect(url_for("training_admin.session", session_id=session_id, **back), 303)


@bp.route("/<int:session_id>/registrations.<fmt>")
@access("officer")
def export(session_id: int, fmt: str):
    """The session's registrations with attendance as CSV or XLSX (exports.md): zh-Hant headers
    unless `headers=keys` (or `keys=1`); `no_personal=1` leaves out name, phone and e-mail."""
    if fmt not in MIMETYPES:
        abort(404)
    training = _session_or_404(session_id)
    personal = request.args.get("no_personal") != "1"
    chinese = request.args.get("headers") != "keys" and request.args.get("keys") != "1"
    head = registration_header(personal, chinese)
    detail = {
        "form_type": "training_registrations",
        "session_id": session_id,
        "format": fmt,
        "zh_headers": chinese,
        "personal": personal,
    }
    filename = f"smeup-training-{session_id}-{clock.taipei_today():%Y%m%d}.{fmt}"
    rows = registration_rows(training, personal)
    return audited_download(head, rows, fmt, filename, "培訓報名與出席", detail)


def audited_download(head, rows, fmt: str, filename: str, sheet: str, detail: dict) -> Response:
    """Stream rows as CSV or XLSX; the audit entry (rows sent, complete or not) is written when
    the stream ends, as the console's exports do."""

    def body():
        sent, complete = 0, False

        def counted():
            nonlocal sent
            for row in rows:
                sent += 1
                yield row

        if fmt == "csv":
            chunks = stream_csv(head, counted())
        else:
            chunks = stream_xlsx(head, flattened(counted()), sheet_name=sheet)
        try:
            yield from chunks
            complete = True
        finally:
            chunks.close()
            rows.close()
            with write_unit():
                record("export", **detail, rows=sent, complete=complete)

    response = Response(stream_with_context(body()), mimetype=MIMETYPES[fmt])
    response.headers["Content-Disposition"] = content_disposition(filename)
    response.headers["X-Accel-Buffering"] = "no"
    return response


def _hours(training) -> float:
    """The session's length in hours, to the half hour (what the certificate states)."""
    minutes = (training.ends_at - training.starts_at).total_seconds() / 60
    return round(minutes / 30) / 2


def _certificate_page(training, people):
    return render_template(
        "training/certificate.html",
        session=training,
        people=people,
        hours=_hours(training),
        day=clock.to_taipei(training.starts_at),
        programme=PROGRAMME,
    )


@bp.route("/<int:session_id>/certificates/<int:registration_id>")
@access("officer")
def certificate(session_id: int, registration_id: int):
    """One attendee's 研習證明 (A4, browser print); only for someone who attended."""
    training = _session_or_404(session_id)
    registration = db.get_or_404(TrainingRegistration, registration_id)
    if registration.session_id != training.id or not registration.attended:
        abort(404)
    return _certificate_page(training, [registration])


@bp.route("/<int:session_id>/certificates")
@access("officer")
def certificates(session_id: int):
    """列印全部研習證明: one page per attendee."""
    training = _session_or_404(session_id)
    return _certificate_page(training, attendees(training.id))
