"""Officers' side of 實戰培訓／說明會: the sessions, creating, editing, cancelling, deleting.

The session page, its exports and certificates are in admin_session_views.py; a course's demand
beside its sessions in demand_views.py. All on this blueprint, for officers only.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..access import access
from ..audit import record
from ..database import write_unit
from ..extensions import db
from ..forms.validators import clean_text
from ..models.base import utcnow
from ..models.training import TrainingRegistration, TrainingSession
from . import notify, seats
from .admin_lists import TABS, page_number, sessions_page
from .figures import figures_by_session
from .session_form import SessionForm

bp = Blueprint("training_admin", __name__, url_prefix="/console/training")
REASON_LIMIT = 500


class CapacityTooLow(Exception):
    """Lowering the capacity under the seats already given."""

    def __init__(self, taken: int):
        super().__init__(taken)
        self.taken = taken


@bp.route("/")
@access("officer")
def index():
    """Sessions by tab (即將舉行 / 已結束 / 已取消), each with its figures, 25 a page."""
    tab = request.args.get("tab", "upcoming")
    tab = tab if tab in TABS else "upcoming"
    page = page_number(request.args.get("page"))
    now = utcnow()
    sessions, more = sessions_page(tab, page, now)
    return render_template(
        "training/admin_index.html",
        sessions=sessions,
        figures=figures_by_session([s.id for s in sessions], now),
        tabs=TABS,
        tab=tab,
        page=page,
        more=more,
    )


def _session_or_404(session_id: int) -> TrainingSession:
    return db.get_or_404(TrainingSession, session_id)


def _form_page(form: SessionForm, session: TrainingSession | None, status: int = 200):
    return render_template("training/admin_form.html", form=form, session=session), status


@bp.route("/new", methods=["GET", "POST"])
@access("officer")
def new():
    """新增場次 (from a course's page, that course already chosen)."""
    form = SessionForm()
    if request.method != "POST" and request.args.get("course"):
        form.course.data = request.args["course"]
    if request.method == "POST" and form.validate():
        with write_unit():
            session = TrainingSession(**form.values(), created_by_id=current_user.id)
            db.session.add(session)
            db.session.flush()
            record("training_session_create", session_id=session.id, title=session.title)
        flash(f"已新增場次「{session.title}」。", "success")
        return redirect(url_for("training_admin.session", session_id=session.id), 303)
    return _form_page(form, None, 422 if request.method == "POST" else 200)


def _changed(form: SessionForm, session: TrainingSession, values: dict) -> list[str]:
    """The labels of the fields an edit changes (for the audit log)."""
    labels = {
        "course_option_id": form.course.label.text,
        "site_id": form.site.label.text,
        "course_test_id": form.course_test.label.text,
        "event_id": form.event.label.text,
        "starts_at": "開始時間",
        "ends_at": "結束時間",
        "opens_at": "開始報名",
        "closes_at": "截止報名",
    }
    out = []
    for key, value in values.items():
        if getattr(session, key) != value:
            out.append(labels.get(key) or getattr(form, key).label.text)
    return out


@bp.route("/<int:session_id>/edit", methods=["GET", "POST"])
@access("officer")
def edit(session_id: int):
    """Change a session; a larger capacity seats the waitlist in order, a smaller one than the
    seats already given is refused."""
    session = _session_or_404(session_id)
    form = SessionForm(session=session)
    if request.method != "POST":
        form.show(session)
        return _form_page(form, session)
    if not form.validate():
        return _form_page(form, session, 422)
    values = form.values()
    capacity = values.pop("capacity")
    changed = _changed(form, session, {**values, "capacity": capacity})
    now = utcnow()
    try:
        with write_unit():
            promoted, told = _save(session, values, capacity, now)
            record(
                "training_session_update",
                session_id=session.id,
                title=values["title"],
                changed=changed,
                promoted=len(promoted),
                told_of_change=told,
            )
    except CapacityTooLow as exc:
        form.capacity.errors = [
            f"已有 {exc.taken} 人取得座位，名額不能少於 {exc.taken} 人；"
            "要減少名額，請先取消部分報名。"
        ]
        return _form_page(form, session, 422)
    message = f"已儲存場次「{values['title']}」。"
    if promoted:
        message += f"名額增加，候補的 {len(promoted)} 人已依序遞補並通知。"
    if told:
        message += f"時間或地點已變更，已寄信通知 {told} 位報名與候補者。"
    flash(message, "success")
    return redirect(url_for("training_admin.session", session_id=session.id), 303)


# What attendees are told of when it changes (by e-mail), and the word the mail uses for it.
TOLD_OF = {
    "starts_at": "時間",
    "ends_at": "時間",
    "mode": "地點",
    "venue": "地點",
    "address": "地點",
    "meeting_url": "線上連結",
}


def _save(session: TrainingSession, values: dict, capacity: int, now) -> tuple[list, int]:
    """Store an edit inside the caller's write unit; returns the people the new seats went to,
    and how many people were told that the time or place changed (a session not yet over)."""
    told_of = list(
        dict.fromkeys(
            w for k, w in TOLD_OF.items() if k in values and getattr(session, k) != values[k]
        )
    )
    # The capacity moves with a conditional UPDATE: a registration taking a seat meanwhile is
    # counted (row lock on PostgreSQL, the write lock on SQLite), never overbooked.
    moved = db.session.execute(
        db.update(TrainingSession)
        .where(TrainingSession.id == session.id, TrainingSession.seats_taken <= capacity)
        .values(capacity=capacity)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not moved:
        taken = db.session.scalar(
            db.select(TrainingSession.seats_taken).where(TrainingSession.id == session.id)
        )
        raise CapacityTooLow(taken)
    for key, value in values.items():
        setattr(session, key, value)
    db.session.flush()
    db.session.expire(session, ["capacity", "seats_taken"])
    promoted = seats.promote(session.id, now) if session.cancelled_at is None else []
    for person in promoted:
        notify.promoted(person)
    told = 0
    if told_of and session.cancelled_at is None and session.ends_at > now:
        session.revised_at = now
        seated_now = {p.id for p in promoted}  # their 遞補 mail already has the new facts
        people = [p for p in seats.holders(session.id) if p.id not in seated_now]
        told = notify.session_moved(session, people, told_of)
    return promoted, told


@bp.route("/<int:session_id>/cancel", methods=["GET", "POST"])
@access("officer")
def cancel(session_id: int):
    """Cancel a session with a reason: everyone registered or waitlisted is told, in the same
    write; their registrations are ended (by 'session'); the session and its rows are kept."""
    session = _session_or_404(session_id)
    error = None
    reason = ""
    came = db.session.scalar(
        db.select(db.func.count())
        .select_from(TrainingRegistration)
        .where(
            TrainingRegistration.session_id == session.id, TrainingRegistration.attended.is_(True)
        )
    )
    if request.method == "POST" and session.cancelled_at is None and not came:
        reason = clean_text(request.form.get("reason"))
        if not reason:
            error = "請填寫取消原因，報名者收到的通知會附上這段文字"
        elif len(reason) > REASON_LIMIT:
            error = f"取消原因最多 {REASON_LIMIT} 個字，目前 {len(reason)} 個字，請刪減"
        else:
            told = _cancel_session(session, reason)
            flash(f"已取消場次「{session.title}」，並通知 {told} 位報名者。", "success")
            return redirect(url_for("training_admin.session", session_id=session.id), 303)
    active = db.session.scalar(
        db.select(db.func.count())
        .select_from(TrainingRegistration)
        .where(
            TrainingRegistration.session_id == session.id,
            TrainingRegistration.status.in_(seats.ACTIVE),
        )
    )
    return render_template(
        "training/admin_cancel.html",
        session=session,
        error=error,
        reason=reason,
        active=active,
        came=came,
    ), (422 if error else 200)


def _cancel_session(session: TrainingSession, reason: str) -> int:
    now = utcnow()
    with write_unit():
        people = seats.holders(session.id)
        session.cancelled_at = now
        session.cancel_reason = reason
        notify.session_cancelled(session, people)  # with the status each had
        for person in people:
            person.status = "cancelled"
            person.cancelled_at = now
            person.cancelled_by = "session"
        session.seats_taken = 0
        record(
            "training_session_cancel",
            session_id=session.id,
            title=session.title,
            reason=reason,
            registrations=len(people),
        )
    return len(people)


@bp.route("/<int:session_id>/delete", methods=["POST"])
@access("officer")
def delete(session_id: int):
    """Delete a session nobody ever registered for; one with registrations is only cancelled."""
    session = _session_or_404(session_id)
    with write_unit():
        used = db.session.scalar(
            db.select(db.func.count())
            .select_from(TrainingRegistration)
            .where(TrainingRegistration.session_id == session.id)
        )
        if not used:
            record("training_session_delete", session_id=session.id, title=session.title)
            db.session.delete(session)
    if used:
        flash("這個場次已有人報名，不能刪除；若不舉辦請改用「取消場次」。", "error")
        return redirect(url_for("training_admin.session", session_id=session_id), 303)
    flash(f"已刪除場次「{session.title}」。", "success")
    return redirect(url_for("training_admin.index"), 303)


from . import admin_session_views, demand_views  # noqa: E402,F401 - routes on this blueprint
