"""Public pages: the list of sessions, a session with its registration form, the ticket."""

from __future__ import annotations

import segno
from flask import Blueprint, Response, abort, redirect, render_template, request, url_for

from ..access import access
from ..company.reference import COUNTIES
from ..extensions import db
from ..forms.registry import register_form
from ..intake import current_intake
from ..kiosk_mode import current_kiosk
from ..models.base import utcnow
from ..models.training import TrainingRegistration, TrainingSession
from ..ratelimits import public_submit_limit
from ..registry.offer import registry_form_action
from . import seats
from .calendar import session_ics
from .codes import spaced
from .forms import RegistrationForm
from .listing import Filters, month_choices, upcoming
from .windows import registration_refusal
from .words import KINDS, MODES, STATUSES, place_line, when_line

bp = Blueprint("training", __name__, url_prefix="/training")
register_form("training")(RegistrationForm)


@bp.app_context_processor
def training_words():
    """Labels and lines every training page uses."""
    return {
        "training_kinds": KINDS,
        "training_modes": MODES,
        "training_statuses": STATUSES,
        "when_line": when_line,
        "place_line": place_line,
    }


@bp.route("/")
@access("public", kiosk=True)
def index():
    """Open sessions, soonest first, filtered by county, mode and month."""
    now = utcnow()
    kiosk = current_kiosk()
    filters = Filters.read(request.args, kiosk.event_id if kiosk else None)
    sessions, more = upcoming(filters, now)
    return render_template(
        "training/index.html",
        sessions=sessions,
        more=more,
        filters=filters,
        counties=COUNTIES,
        months=month_choices(now),
        now=now,
    )


def _session_or_404(session_id: int) -> TrainingSession:
    session = db.get_or_404(TrainingSession, session_id)
    return session


@bp.route("/<int:session_id>", methods=["GET", "POST"])
@access("public", kiosk=True)
@public_submit_limit
def session_page(session_id: int):
    """A session and its registration form; a valid send gives a seat or a waitlist place."""
    session = _session_or_404(session_id)
    now = utcnow()
    form = RegistrationForm()
    refusal = registration_refusal(session, now)
    error = None
    if request.method == "POST" and not refusal:
        if registry_form_action(form, request.form):
            return _render_session(session, form, refusal, None)
        if form.validate():
            try:
                outcome = seats.register(session, form.person(), current_intake(), now=now)
            except seats.RegistrationRefused as exc:
                error = str(exc)
            else:
                return redirect(
                    url_for(
                        "training.ticket",
                        token=outcome.registration.token,
                        again=None if outcome.created else 1,
                    ),
                    code=303,
                )
    status = 422 if request.method == "POST" and (error or form.errors or refusal) else 200
    return _render_session(session, form, refusal, error), status


def _render_session(session, form, refusal, error):
    return render_template(
        "training/session.html",
        session=session,
        form=form,
        refusal=refusal,
        error=error,
        seats_left=max(session.capacity - session.seats_taken, 0),
    )


def _registration_or_404(token: str) -> TrainingRegistration:
    registration = db.session.scalar(db.select(TrainingRegistration).filter_by(token=token))
    if registration is None:
        abort(404)
    return registration


@bp.route("/ticket/<token>")
@access("public", kiosk=True)
def ticket(token: str):
    """The ticket: what, when, where (the meeting link too), the QR code, calendar, cancel."""
    registration = _registration_or_404(token)
    session = registration.session
    qr = segno.make_qr(registration.code, error="m").svg_data_uri(scale=6, border=4)
    return render_template(
        "training/ticket.html",
        registration=registration,
        session=session,
        qr=qr,
        code=spaced(registration.code),
        position=seats.waitlist_position(registration),
        again=request.args.get("again") == "1",
        ended=session.ends_at <= utcnow(),
    )


@bp.route("/ticket/<token>.ics")
@access("public")
def ticket_ics(token: str):
    """加入行事曆: the session as an .ics file."""
    registration = _registration_or_404(token)
    body = session_ics(
        registration.session, registration, url_for("training.ticket", token=token, _external=True)
    )
    return Response(
        body,
        mimetype="text/calendar",
        headers={
            "Content-Disposition": f'attachment; filename="training-{registration.session_id}.ics"'
        },
    )


@bp.route("/ticket/<token>/cancel", methods=["GET", "POST"])
@access("public", kiosk=True)
def cancel(token: str):
    """取消報名: a confirmation page, then the seat goes to the first on the waitlist."""
    registration = _registration_or_404(token)
    ended = registration.session.ends_at <= utcnow()
    if request.method == "POST" and registration.status != "cancelled" and not ended:
        seats.cancel(registration.id, "self")
        return redirect(url_for("training.ticket", token=token), code=303)
    return render_template(
        "training/cancel.html", registration=registration, session=registration.session, ended=ended
    )


from . import timeline  # noqa: E402,F401 - the company timeline's training lines join the register
