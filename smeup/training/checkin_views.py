"""The door (training.md, Check-in): today's sessions, a session's check-in screen, walk-ins,
the door's offline queue, and (officers) an online session's attendee report."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from ..access import access
from ..extensions import db
from ..intake import current_intake
from ..models.base import utcnow
from ..models.training import TrainingRegistration, TrainingSession
from ..registry.offer import registry_form_action
from . import checkin, seats
from .codes import read_code
from .forms import RegistrationForm

bp = Blueprint("training_checkin", __name__, url_prefix="/checkin")
HITS_TARGET = "checkin-hits"
# The app denies the camera to every page; the check-in screen scans tickets with it.
CAMERA_POLICY = "camera=(self), microphone=(), geolocation=()"


@bp.after_request
def _camera_for_the_door(response):
    if request.endpoint == "training_checkin.session":
        response.headers["Permissions-Policy"] = CAMERA_POLICY
    return response


@bp.route("/")
@access("agent")
def index():
    """Today's and the coming sessions, each to its check-in screen."""
    now = utcnow()
    return render_template(
        "training/checkin_index.html", sessions=checkin.door_sessions(now), now=now
    )


def _session(session_id: int) -> TrainingSession:
    return db.get_or_404(TrainingSession, session_id)


def _registration(session: TrainingSession, registration_id: int) -> TrainingRegistration:
    registration = db.get_or_404(TrainingRegistration, registration_id)
    if registration.session_id != session.id:
        abort(404)
    return registration


def _screen(session, *, q="", form=None, walk_in_error=None, status=200):
    query = request.args.get("q", q)
    return render_template(
        "training/checkin.html",
        session=session,
        q=query,
        hits=checkin.search(session.id, query),
        counts=checkin.counts(session.id),
        seat_free=checkin.seat_free(session),
        roster=checkin.roster(session.id),
        form=form or RegistrationForm(formdata=None),
        walk_in_error=walk_in_error,
    ), status


@bp.route("/<int:session_id>")
@access("agent")
def session(session_id: int):
    """The check-in screen; htmx's active search gets only the hits."""
    door = _session(session_id)
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == HITS_TARGET:
        q = request.args.get("q", "")
        return render_template(
            "training/_checkin_hits.html",
            session=door,
            q=q,
            hits=checkin.search(door.id, q),
            seat_free=checkin.seat_free(door),
        )
    return _screen(door)


def _answer(door, result: checkin.CheckIn, q: str):
    """htmx: the announcement, with the counts and the person's row swapped beside it;
    without JavaScript: the same words on the screen after a redirect."""
    if request.headers.get("HX-Request"):
        return render_template(
            "training/_checkin_answer.html",
            session=door,
            result=result,
            counts=checkin.counts(door.id),
            seat_free=checkin.seat_free(door),
            q=q,
        )
    flash(_words(result), "success" if result.kind in ("new", "already") else "error")
    return redirect(url_for(".session", session_id=door.id, q=q or None), 303)


def _words(result: checkin.CheckIn) -> str:
    """What the door is told, in one line (the htmx partial says the same)."""
    name = result.registration.attendee_name if result.registration else ""
    if result.kind == "new":
        return f"{name} 已簽到 {result.time}"
    if result.kind == "already":
        return f"{name} 已簽到 {result.time or '（線上出席）'}（先前已簽到）"
    if result.kind == "not_seated":
        state = "候補中" if result.registration.status == "waitlisted" else "報名已取消"
        seat = (
            "目前有空位，可按「入座並簽到」。" if result.seat_free else "目前沒有空位，無法入座。"
        )
        return f"{name} {state}，尚未入座：{seat}"
    return f"查無此報名：{result.asked}" if result.asked else "查無此報名"


@bp.route("/<int:session_id>/registrations/<int:registration_id>", methods=["POST"])
@access("agent")
def check_in(session_id: int, registration_id: int):
    """簽到 for a person found by search; a second press shows the first time."""
    door = _session(session_id)
    registration = _registration(door, registration_id)
    result = checkin.check_in(registration, by_id=current_user.id, source="door")
    return _answer(door, result, request.form.get("q", ""))


@bp.route("/<int:session_id>/registrations/<int:registration_id>/seat", methods=["POST"])
@access("agent")
def seat(session_id: int, registration_id: int):
    """入座並簽到: a waitlisted or cancelled person who came, while a seat is free."""
    door = _session(session_id)
    registration = _registration(door, registration_id)
    result = checkin.seat_and_check_in(registration, by_id=current_user.id)
    return _answer(door, result, request.form.get("q", ""))


@bp.route("/<int:session_id>/code", methods=["POST"])
@access("agent")
def by_code(session_id: int):
    """A ticket code typed or scanned."""
    door = _session(session_id)
    code = request.form.get("code", "")
    source = "scan" if request.form.get("via") == "scan" else "door"
    found = checkin.by_code(door.id, code)
    result = checkin.check_in(found, by_id=current_user.id, source=source, asked=read_code(code))
    return _answer(door, result, request.form.get("q", ""))


@bp.route("/<int:session_id>/walk-in", methods=["POST"])
@access("agent")
def walk_in(session_id: int):
    """現場報名: registered with a free seat and checked in at once, or refused."""
    door = _session(session_id)
    form = RegistrationForm()
    if registry_form_action(form, request.form):
        return _screen(door, form=form)
    if not form.validate():
        return _screen(door, form=form, walk_in_error="請修正標示的欄位後再送出。", status=422)
    try:
        outcome = seats.register(door, form.person(), current_intake(), walk_in=True)
    except seats.RegistrationRefused as exc:
        return _screen(door, form=form, walk_in_error=str(exc), status=422)
    result = checkin.check_in(outcome.registration, by_id=current_user.id, source="door")
    if not outcome.created and result.kind == "not_seated":
        result = checkin.seat_and_check_in(outcome.registration, by_id=current_user.id)
    words = _words(result)
    flash(
        ("現場報名完成：" if outcome.created else "此人已報名過：") + words,
        "success" if result.kind in ("new", "already") else "error",
    )
    return redirect(url_for(".session", session_id=door.id, q=outcome.registration.code), 303)


@bp.route("/<int:session_id>/offline", methods=["POST"])
@access("agent")
def offline(session_id: int):
    """A check-in the door queued while offline: recorded once, at the time the person came."""
    door = _session(session_id)
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("key"), str):
        return jsonify(error="bad_request"), 400
    key = body["key"][:64]
    rid = body.get("registration_id")
    registration = None
    if isinstance(rid, int) and not isinstance(rid, bool) and 0 < rid < 2**63:
        registration = db.session.get(TrainingRegistration, rid)
    if registration is None or registration.session_id != door.id:
        return jsonify(ack=key, kind="unknown", words="查無此報名"), 200
    now = datetime.now(UTC).replace(tzinfo=None)
    at = checkin.arrival_time(door, body.get("arrived_at"), body.get("sent_at"), now)
    result = checkin.check_in(
        registration, by_id=current_user.id, source="offline", at=at or now, now=now
    )
    return jsonify(ack=key, kind=result.kind, time=result.time, words=_words(result))


from . import attendance_views  # noqa: E402,F401 - the officer's import routes on this blueprint
