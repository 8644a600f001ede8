"""Officers list, create and edit roadshow events."""

from flask import Blueprint, flash, redirect, render_template, request, url_for

from ..access import access
from ..audit import record
from ..database import write_unit
from ..extensions import db
from ..forms.catalogue import FORM_TITLES
from ..models import Event, Submission
from ..outbox_status import held_entries, tablets_by_event
from .forms import EventForm

bp = Blueprint("events", __name__, url_prefix="/console/events")


@bp.route("/")
@access("officer")
def index():
    """Every event, latest date first, with how many submissions each received, the tablets
    in kiosk mode and what their outboxes last reported, and entries held for follow-up."""
    counts = dict(
        db.session.execute(
            db.select(Submission.event_id, db.func.count())
            .where(Submission.event_id.is_not(None))
            .group_by(Submission.event_id)
        ).all()
    )
    events = db.session.scalars(db.select(Event).order_by(Event.date.desc(), Event.id.desc()))
    return render_template(
        "events/index.html",
        events=events.all(),
        counts=counts,
        titles=FORM_TITLES,
        tablets=tablets_by_event(),
        held=held_entries(),
    )


@bp.route("/new", methods=["GET", "POST"])
@access("officer")
def new():
    """A new event."""
    form = EventForm()
    if form.validate_on_submit():
        event = Event()
        _fill(event, form)
        with write_unit():
            db.session.add(event)
            db.session.flush()
            record("event_create", event_id=event.id, name=event.name)
        flash(f"已新增活動「{event.name}」", "success")
        return redirect(url_for("events.index"), 303)
    return _page(form, None)


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
@access("officer")
def edit(event_id: int):
    """Change an event; submissions already tagged with it stay tagged."""
    event = db.get_or_404(Event, event_id)
    form = EventForm(obj=event) if request.method in ("GET", "HEAD") else EventForm()
    if form.validate_on_submit():
        _fill(event, form)
        with write_unit():
            record("event_update", event_id=event.id, name=event.name)
        flash(f"已更新活動「{event.name}」", "success")
        return redirect(url_for("events.index"), 303)
    return _page(form, event)


def _fill(event: Event, form: EventForm) -> None:
    event.name = form.name.data
    event.date = form.date.data
    event.venue = form.venue.data
    event.county = form.county.data
    event.forms = [key for key in FORM_TITLES if key in form.forms.data]


def _page(form: EventForm, event: Event | None):
    status = 422 if form.is_submitted() else 200
    return render_template("events/form.html", form=form, event=event), status
