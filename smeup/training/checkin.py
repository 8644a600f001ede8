"""The door (training.md, Check-in): find a person, check them in once, seat a walk-in.

Plain Python, no request. A check-in is one conditional UPDATE (`attended = false`): two taps
at once, two tablets scanning the same ticket, or the door's outbox delivering a queued check-in
twice all record one check-in with the first time; every later one is told that time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ..clock import TAIPEI_OFFSET, taipei
from ..database import write_unit
from ..extensions import db
from ..models.base import utcnow
from ..models.training import TrainingRegistration as R
from ..models.training import TrainingSession as S
from .codes import ALPHABET, LENGTH, read_code
from .seats import take_seat

HITS = 20  # hits shown for one search
# A queued check-in's arrival time is believed from this long before the start to the end.
DOOR_OPENS = timedelta(hours=3)


@dataclass(frozen=True)
class CheckIn:
    """What the door is told: `kind` is new | already | not_seated | unknown."""

    kind: str
    registration: R | None = None
    seat_free: bool = False
    asked: str = ""  # the code typed or scanned, for 查無此報名

    @property
    def time(self) -> str:
        """The first check-in's Taipei time, 09:42 ("" when it has none, e.g. online)."""
        if self.registration is None or self.registration.checked_in_at is None:
            return ""
        return taipei(self.registration.checked_in_at, "%H:%M")


@dataclass(frozen=True)
class DoorCounts:
    checked_in: int  # 已簽到
    expected: int  # 應到: people holding a seat now


def door_sessions(now: datetime, limit: int = 30) -> list[S]:
    """Sessions not cancelled that end today (Taipei) or later, soonest first."""
    local = now + TAIPEI_OFFSET
    day_start = local.replace(hour=0, minute=0, second=0, microsecond=0) - TAIPEI_OFFSET
    return list(
        db.session.scalars(
            db.select(S)
            .where(S.cancelled_at.is_(None), S.ends_at >= day_start)
            .order_by(S.starts_at, S.id)
            .limit(limit)
        )
    )


def counts(session_id: int) -> DoorCounts:
    """已簽到 and 應到 of a session, counted by the database."""
    checked, expected = db.session.execute(
        db.select(
            db.func.coalesce(db.func.sum(db.case((R.attended.is_(True), 1), else_=0)), 0),
            db.func.coalesce(db.func.sum(db.case((R.status == "registered", 1), else_=0)), 0),
        ).where(R.session_id == session_id)
    ).one()
    return DoorCounts(int(checked), int(expected))


def seat_free(session: S) -> bool:
    """Whether a seat is free now (read again: a walk-in may have just taken the last)."""
    db.session.refresh(session, ["seats_taken", "capacity"])
    return session.seats_taken < session.capacity


def search(session_id: int, text: str) -> list[R]:
    """Registrations of a session found by name or company, phone's last 4, 統一編號 or code."""
    text = (text or "").strip()[:50]
    if not text:
        return []
    found = []
    digits = text.replace("-", "").replace(" ", "")
    if digits.isdigit() and len(digits) == 4:
        found.append(R.phone_last4 == digits)
    if digits.isdigit() and len(digits) == 8:
        found.append(R.ubn == digits)
    code = read_code(text)
    if len(code) == LENGTH and all(ch in ALPHABET for ch in code):
        found.append(R.code == code)
    if not digits.isdigit():
        found.append(R.attendee_name.contains(text, autoescape=True))
        found.append(R.company_name.contains(text, autoescape=True))
    order = db.case((R.status == "registered", 0), (R.status == "waitlisted", 1), else_=2)
    return list(
        db.session.scalars(
            db.select(R)
            .where(R.session_id == session_id, db.or_(*found))
            .order_by(order, R.attendee_name, R.id)
            .limit(HITS)
        )
    )


def by_code(session_id: int, text: str) -> R | None:
    """The registration of this session whose ticket code is `text` (as typed or scanned)."""
    code = read_code(text or "")
    if len(code) != LENGTH:
        return None
    return db.session.scalar(db.select(R).where(R.session_id == session_id, R.code == code))


def _reload(registration_id: int) -> R:
    registration = db.session.get(R, registration_id)
    db.session.refresh(registration)
    return registration


def check_in(
    registration: R | None,
    *,
    by_id: int | None,
    source: str = "door",
    asked: str = "",
    at: datetime | None = None,
    now: datetime | None = None,
) -> CheckIn:
    """Check a seated person in once, at `at` (default now); a second time changes nothing."""
    if registration is None:
        return CheckIn("unknown", asked=asked)
    now = now or utcnow()
    with write_unit():
        done = db.session.execute(
            db.update(R)
            .where(R.id == registration.id, R.status == "registered", R.attended.is_(False))
            .values(
                attended=True,
                checked_in_at=at or now,
                checked_in_by_id=by_id,
                checkin_source=source,
            )
            .execution_options(synchronize_session=False)
        ).rowcount
    registration = _reload(registration.id)
    if done:
        return CheckIn("new", registration)
    if registration.attended:
        return CheckIn("already", registration)
    return CheckIn("not_seated", registration, seat_free(registration.session))


class _NoSeat(Exception):
    pass


def seat_and_check_in(
    registration: R, *, by_id: int | None, now: datetime | None = None
) -> CheckIn:
    """Seat a waitlisted or cancelled person who came, if a seat is free, and check them in."""
    now = now or utcnow()
    try:
        with write_unit():
            status = db.session.scalar(db.select(R.status).where(R.id == registration.id))
            # Only the tap that changes the status takes a seat (two tablets seat one person once).
            changed = (
                status != "registered"
                and db.session.execute(
                    db.update(R)
                    .where(R.id == registration.id, R.status == status)
                    .values(status="registered", seated_at=now, cancelled_at=None, cancelled_by="")
                    .execution_options(synchronize_session=False)
                ).rowcount
            )
            if changed and not take_seat(registration.session_id):
                raise _NoSeat
    except _NoSeat:
        return CheckIn("not_seated", _reload(registration.id), False)
    return check_in(registration, by_id=by_id, source="door", now=now)


def arrival_time(session: S, arrived_ms: object, sent_ms: object, now: datetime) -> datetime | None:
    """When a queued check-in really happened, from the door's own clock: the time between
    arriving and sending, taken from now (a tablet's wrong clock cancels out). None when it
    cannot be believed (not numbers, in the future, outside the door's hours)."""
    if not all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in (arrived_ms, sent_ms)
    ):
        return None
    waited = sent_ms - arrived_ms
    if not 0 <= waited < 30 * 24 * 3600 * 1000:
        return None
    at = now - timedelta(milliseconds=waited)
    if not session.starts_at - DOOR_OPENS <= at <= session.ends_at:
        return None
    return at.replace(microsecond=(at.microsecond // 1000) * 1000)


def roster(session_id: int) -> list[dict]:
    """What the door keeps for working offline: name, company, phone's last 4, code, status."""
    rows = db.session.execute(
        db.select(
            R.id,
            R.attendee_name,
            R.company_name,
            R.phone_last4,
            R.code,
            R.status,
            R.checked_in_at,
            R.attended,
        )
        .where(R.session_id == session_id)
        .order_by(R.id)
    ).all()
    return [
        {
            "id": rid,
            "name": name,
            "company": company,
            "last4": last4,
            "code": code,
            "status": status,
            "in": (taipei(at, "%H:%M") if at else "—") if attended else "",
        }
        for rid, name, company, last4, code, status, at, attended in rows
    ]
