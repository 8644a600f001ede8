"""What the training room tells people by e-mail (mail.md), written with the change that causes it.

Each function runs inside the caller's write unit: a mail is recorded exactly when its
registration (or cancellation) is, and its key (`training.<what>:<registration id>`) keeps the
same cause from ever writing two. The reminder the day before and the post-test link after the
session are time-based: the mail worker calls `due_messages` on each pass.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import segno
from flask import current_app

from ..extensions import db
from ..links import public_url
from ..mail_queue import Attachment, add_due_source, enqueue
from ..mail_queue.queue import url_context
from ..models.mail import MailMessage
from ..models.training import TrainingRegistration, TrainingSession
from .calendar import session_ics
from .codes import spaced
from .words import place_line, when_line

REMINDER = "training.reminder"  # a reminder's key: REMINDER:<registration id>:<start time>
POST_TEST_DAYS = 7  # a session that ended longer ago sends no post-test link (e.g. on deploy)


def _context(registration: TrainingRegistration, session: TrainingSession) -> dict:
    seated = registration.status == "registered"
    with url_context():  # also outside a request: the worker, seed-demo, a CLI
        ticket_url = public_url("training.ticket", token=registration.token)
    return {
        "name": registration.attendee_name,
        "title": session.title,
        "when": when_line(session),
        "where": place_line(session, with_link=seated),
        "code": spaced(registration.code),
        "ticket_url": ticket_url,
        "seated": seated,
    }


def _attachments(registration, session, ticket_url: str) -> list[Attachment]:
    qr = segno.make_qr(registration.code, error="m")
    return [
        Attachment("session.ics", "text/calendar", session_ics(session, registration, ticket_url)),
        Attachment("ticket-qr.png", "image/png", _png(qr)),
    ]


def _public(endpoint: str, **values) -> str:
    with url_context():
        return public_url(endpoint, **values)


def _png(qr) -> bytes:
    import io

    out = io.BytesIO()
    qr.save(out, kind="png", scale=8, border=2)
    return out.getvalue()


def registered(registration: TrainingRegistration) -> None:
    """已報名 or 候補: the ticket link and code, when and where, the .ics attached."""
    from .seats import waitlist_position

    session = registration.session or db.session.get(TrainingSession, registration.session_id)
    context = _context(registration, session) | {"position": waitlist_position(registration)}
    enqueue(
        f"training.registered:{registration.id}:{registration.created_at:%Y%m%d%H%M%S}",
        registration.attendee_email,
        "training_registered",
        context,
        attachments=_attachments(registration, session, context["ticket_url"]),
    )


def promoted(registration: TrainingRegistration) -> None:
    """A seat opened: the waitlisted person now has one."""
    session = registration.session or db.session.get(TrainingSession, registration.session_id)
    context = _context(registration, session)
    enqueue(
        f"training.promoted:{registration.id}:{registration.seated_at:%Y%m%d%H%M%S}",
        registration.attendee_email,
        "training_promoted",
        context,
        attachments=_attachments(registration, session, context["ticket_url"]),
    )


def session_cancelled(session: TrainingSession, registrations) -> None:
    """The session is cancelled: everyone registered or waitlisted is told, with the reason."""
    for registration in registrations:
        if registration.status == "cancelled":
            continue
        enqueue(
            f"training.cancelled:{registration.id}",
            registration.attendee_email,
            "training_cancelled",
            _context(registration, session)
            | {"reason": session.cancel_reason, "list_url": _public("training.index")},
        )


def session_moved(session: TrainingSession, registrations, changed: list[str]) -> int:
    """The time or place changed: everyone registered or waitlisted gets the new facts and the
    revised calendar file. One message per person and revision (`revised_at`); returns how many."""
    told = 0
    for registration in registrations:
        if registration.status == "cancelled":
            continue
        context = _context(registration, session) | {"changed": "、".join(changed)}
        ics = session_ics(session, registration, context["ticket_url"])
        enqueue(
            f"training.moved:{registration.id}:{session.revised_at:%Y%m%d%H%M%S}",
            registration.attendee_email,
            "training_moved",
            context,
            attachments=[Attachment("session.ics", "text/calendar", ics)],
        )
        told += 1
    return told


def _reminders(now: datetime) -> None:
    hours = current_app.config["SMEUP_TRAINING_REMINDER_HOURS"]
    rows = db.session.execute(
        db.select(TrainingRegistration, TrainingSession)
        .join(TrainingSession, TrainingSession.id == TrainingRegistration.session_id)
        .where(
            TrainingSession.cancelled_at.is_(None),
            TrainingSession.starts_at > now,
            TrainingSession.starts_at <= now + timedelta(hours=hours),
            TrainingRegistration.status == "registered",
        )
    ).all()
    reminded = _reminded_since(now - timedelta(hours=hours))
    for registration, session in rows:
        window = session.starts_at - timedelta(hours=hours)
        if any(at >= window for at in reminded.get(registration.id, ())):
            continue
        enqueue(
            f"{REMINDER}:{registration.id}:{session.starts_at:%Y%m%d%H%M}",
            registration.attendee_email,
            "training_reminder",
            _context(registration, session),
            kind="reminder",
        )


def _reminded_since(since: datetime) -> dict[int, list[datetime]]:
    """When each registration was reminded since `since` (one query per pass).

    A registration reminded within its current start's window gets no other reminder: a session
    moved to a later day gets one for its new time, one whose place changed after the reminder
    went out gets none (the move's own mail told them). Every window starts after `since`
    (the session starts after now). Keys written before a start time was part of them
    ("training.reminder:<id>") count too.
    """
    rows = db.session.execute(
        db.select(MailMessage.key, MailMessage.created_at).where(
            MailMessage.key.like(f"{REMINDER}:%"), MailMessage.created_at >= since
        )
    )
    out: dict[int, list[datetime]] = {}
    for key, at in rows:
        registration_id = key.split(":")[1]
        if registration_id.isdigit():
            out.setdefault(int(registration_id), []).append(at)
    return out


def _post_tests(now: datetime) -> None:
    rows = db.session.execute(
        db.select(TrainingRegistration, TrainingSession)
        .join(TrainingSession, TrainingSession.id == TrainingRegistration.session_id)
        .where(
            TrainingSession.cancelled_at.is_(None),
            TrainingSession.course_test_id.is_not(None),
            TrainingSession.ends_at <= now,
            TrainingSession.ends_at > now - timedelta(days=POST_TEST_DAYS),
            TrainingRegistration.attended.is_(True),
        )
    ).all()
    for registration, session in rows:
        enqueue(
            f"training.posttest:{registration.id}",
            registration.attendee_email,
            "training_posttest",
            _context(registration, session)
            | {"test_url": _public("prepost.take", test_id=session.course_test_id)},
        )


@add_due_source
def due_messages(now: datetime) -> None:
    """The day-before reminders and the post-test links that are due at `now`."""
    _reminders(now)
    _post_tests(now)
