"""Registering, cancelling and the waitlist (training.md, Registration). Plain Python, no request.

A seat is taken by one conditional UPDATE of the session's `seats_taken` (`< capacity`): on
PostgreSQL the row lock orders the racers and each sees the last one's count; on SQLite the
write unit runs one writer at a time. Either way 50 people pressing 送出 for the last 3 seats get
exactly 3 seats. The same person (phone or e-mail) twice is held off by two unique constraints:
a twin that raced gets the row the first one stored.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from ..database import write_unit
from ..extensions import db
from ..intake import Intake
from ..models.base import utcnow
from ..models.training import TrainingRegistration, TrainingSession
from ..register.linking import company_for_ubn
from . import notify
from .codes import new_code
from .windows import registration_refusal

ACTIVE = ("registered", "waitlisted")


class RegistrationRefused(ValueError):
    """A registration the session cannot take; the message is zh-Hant, for the person."""


@dataclass(frozen=True)
class Person:
    """An attendee and their company, validated (forms.py reads them from the form)."""

    company_name: str
    ubn: str | None
    county: str | None
    industry: str | None
    employees: int | None
    paid_in_capital: int | None
    attendee_name: str
    attendee_phone: str  # normalised
    attendee_email: str  # lower-cased
    attendee_title: str = ""
    consent: bool = True


@dataclass(frozen=True)
class Outcome:
    """A registration and whether this call made it (False: the person's existing ticket)."""

    registration: TrainingRegistration
    created: bool


def find_person(session_id: int, person: Person) -> TrainingRegistration | None:
    """This session's registration with the person's phone or e-mail, if any."""
    return db.session.scalar(
        db.select(TrainingRegistration)
        .where(
            TrainingRegistration.session_id == session_id,
            db.or_(
                TrainingRegistration.attendee_phone == person.attendee_phone,
                TrainingRegistration.attendee_email == person.attendee_email,
            ),
        )
        .order_by(TrainingRegistration.id)
        .limit(1)
    )


def take_seat(session_id: int) -> bool:
    """Take one seat if one is free: one conditional UPDATE, atomic on both databases."""
    taken = db.session.execute(
        db.update(TrainingSession)
        .where(
            TrainingSession.id == session_id,
            TrainingSession.seats_taken < TrainingSession.capacity,
        )
        .values(seats_taken=TrainingSession.seats_taken + 1)
        .execution_options(synchronize_session=False)
    )
    return taken.rowcount == 1


def give_back_seat(session_id: int) -> None:
    db.session.execute(
        db.update(TrainingSession)
        .where(TrainingSession.id == session_id, TrainingSession.seats_taken > 0)
        .values(seats_taken=TrainingSession.seats_taken - 1)
        .execution_options(synchronize_session=False)
    )


def _company_count(session_id: int, ubn: str) -> int:
    return db.session.scalar(
        db.select(db.func.count())
        .select_from(TrainingRegistration)
        .where(
            TrainingRegistration.session_id == session_id,
            TrainingRegistration.ubn == ubn,
            TrainingRegistration.status.in_(ACTIVE),
        )
    )


def _link_company(registration: TrainingRegistration) -> None:
    """Link to the register by 統一編號; a company first seen here takes the form's block."""
    if not registration.ubn:
        return
    company = company_for_ubn(registration.ubn)
    registration.company_id = company.id
    if not company.name:
        company.name = registration.company_name
        company.county = registration.county
        company.industry = registration.industry
        company.employees = registration.employees
        company.paid_in_capital = registration.paid_in_capital
        company.contact_name = registration.attendee_name
        company.contact_phone = registration.attendee_phone
        company.contact_email = registration.attendee_email


def _fill(registration: TrainingRegistration, person: Person, intake: Intake) -> None:
    for name, value in vars(person).items():
        setattr(registration, name, value)
    registration.phone_last4 = person.attendee_phone[-4:]
    registration.channel = intake.channel
    registration.event_id = intake.event_id
    registration.entered_by_id = intake.entered_by_id


def register(
    session: TrainingSession,
    person: Person,
    intake: Intake,
    *,
    walk_in: bool = False,
    now: datetime | None = None,
) -> Outcome:
    """Register `person`: a seat, else a waitlist place; their ticket back if they have one.

    Raises RegistrationRefused when the session is closed, full without a waitlist, or the
    company has its share of seats. A walk-in (staff at the door, during the session) needs a
    free seat and skips the registration window.
    """
    now = now or utcnow()
    try:
        with write_unit():
            outcome = _register(session, person, intake, walk_in, now)
            if outcome.created:
                notify.registered(outcome.registration)  # its mail, in the same transaction
    except IntegrityError:
        # A twin with the same phone or e-mail was stored in the same instant: theirs wins.
        found = find_person(session.id, person)
        if found is None:
            raise
        return Outcome(found, False)
    return outcome


def _register(session, person, intake, walk_in, now) -> Outcome:
    existing = find_person(session.id, person)
    if existing is not None and existing.status in ACTIVE:
        return Outcome(existing, False)
    refusal = registration_refusal(session, now, walk_in=walk_in)
    if refusal:
        raise RegistrationRefused(refusal)
    if (
        person.ubn
        and session.per_company
        and _company_count(session.id, person.ubn) >= session.per_company
    ):
        raise RegistrationRefused(f"同一家企業本場次最多報名 {session.per_company} 人，名額已滿。")
    seated = take_seat(session.id)
    if not seated and (walk_in or not session.waitlist):
        raise RegistrationRefused("本場次名額已滿，無法再報名。")
    registration = existing or TrainingRegistration(
        session_id=session.id, token=secrets.token_urlsafe(32), code=new_code()
    )
    _fill(registration, person, intake)
    registration.status = "registered" if seated else "waitlisted"
    registration.seated_at = now if seated else None
    registration.cancelled_at = None
    registration.cancelled_by = ""
    registration.created_at = now
    registration.walk_in = walk_in
    db.session.add(registration)
    _link_company(registration)
    db.session.flush()
    return Outcome(registration, True)


def holders(session_id: int) -> list[TrainingRegistration]:
    """Everyone holding a seat or a waitlist place on the session, in the order they came."""
    return db.session.scalars(
        db.select(TrainingRegistration)
        .where(
            TrainingRegistration.session_id == session_id,
            TrainingRegistration.status.in_(ACTIVE),
        )
        .order_by(TrainingRegistration.id)
    ).all()


def waitlist_position(registration: TrainingRegistration) -> int | None:
    """候補第 N 位: how many waitlisted registrations of its session come before it, plus one."""
    if registration.status != "waitlisted":
        return None
    return db.session.scalar(
        db.select(db.func.count())
        .select_from(TrainingRegistration)
        .where(
            TrainingRegistration.session_id == registration.session_id,
            TrainingRegistration.status == "waitlisted",
            TrainingRegistration.id <= registration.id,
        )
    )


def _first_waitlisted(session_id: int) -> TrainingRegistration | None:
    query = (
        db.select(TrainingRegistration)
        .where(
            TrainingRegistration.session_id == session_id,
            TrainingRegistration.status == "waitlisted",
        )
        .order_by(TrainingRegistration.id)
        .limit(1)
    )
    if db.session.get_bind().dialect.name == "postgresql":
        # Two cancellations at once each promote a different person.
        query = query.with_for_update(skip_locked=True)
    return db.session.scalar(query)


def promote(session_id: int, now: datetime) -> list[TrainingRegistration]:
    """Give every free seat to the first on the waitlist, in order (inside a write unit)."""
    promoted = []
    while True:
        first = _first_waitlisted(session_id)
        if first is None or not take_seat(session_id):
            return promoted
        first.status = "registered"
        first.seated_at = now
        promoted.append(first)
        db.session.flush()


def cancel(registration_id: int, by: str, now: datetime | None = None) -> bool:
    """Cancel a registration (by the person or staff); its seat goes to the first waitlisted.

    Returns False when it was cancelled already (a second tap changes nothing).
    """
    now = now or utcnow()
    with write_unit():
        registration = db.session.get(TrainingRegistration, registration_id)
        held_seat = registration.status == "registered"
        if registration.status not in ACTIVE:
            return False
        # Only the request that changes the status goes on (two taps at once cancel once).
        changed = db.session.execute(
            db.update(TrainingRegistration)
            .where(
                TrainingRegistration.id == registration_id,
                TrainingRegistration.status == registration.status,
            )
            .values(status="cancelled", cancelled_at=now, cancelled_by=by)
            .execution_options(synchronize_session=False)
        ).rowcount
        if not changed:
            return False
        if held_seat:
            give_back_seat(registration.session_id)
            # Only before the start: a seat freed during the class is no use to the waitlist.
            if now < registration.session.starts_at:
                for person in promote(registration.session_id, now):
                    notify.promoted(person)
    db.session.expire_all()
    return True
