"""What the officer pages list: sessions by tab, a session's registrations filtered and searched."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..extensions import db
from ..models.training import TrainingRegistration as R
from ..models.training import TrainingSession as S
from .words import STATUSES

PAGE = 25
TABS = {"upcoming": "即將舉行", "past": "已結束", "cancelled": "已取消"}
STATUS_FILTERS = {**STATUSES, "attended": "已出席"}


def page_number(raw: str | None) -> int:
    """A page number from the query string: 1 to 10,000, anything else 1."""
    return int(raw) if raw and raw.isascii() and raw.isdigit() and 0 < int(raw) <= 10_000 else 1


def sessions_page(tab: str, page: int, now: datetime) -> tuple[list[S], bool]:
    """One page of sessions: upcoming soonest first; past and cancelled latest first."""
    query = db.select(S)
    if tab == "cancelled":
        query = query.where(S.cancelled_at.is_not(None)).order_by(S.starts_at.desc(), S.id.desc())
    elif tab == "past":
        query = query.where(S.cancelled_at.is_(None), S.ends_at <= now).order_by(
            S.starts_at.desc(), S.id.desc()
        )
    else:
        query = query.where(S.cancelled_at.is_(None), S.ends_at > now).order_by(S.starts_at, S.id)
    rows = db.session.scalars(query.offset((page - 1) * PAGE).limit(PAGE + 1)).all()
    return list(rows[:PAGE]), len(rows) > PAGE


@dataclass(frozen=True)
class RegistrationFilter:
    """The registrations table's filter: a status (or 已出席) and a search text."""

    status: str = ""
    q: str = ""
    page: int = 1

    @classmethod
    def read(cls, args) -> RegistrationFilter:
        status = args.get("status", "")
        q = " ".join((args.get("q") or "").split())[:50]
        return cls(status if status in STATUS_FILTERS else "", q, page_number(args.get("page")))

    def args(self, **changes) -> dict:
        """The filter as query arguments (empty ones left out), with `changes` applied."""
        values = {"status": self.status, "q": self.q, "page": self.page if self.page > 1 else ""}
        values.update(changes)
        return {k: v for k, v in values.items() if v}


def _search(q: str):
    """Name or company (contains), phone (digits anywhere, or the last 4), 統一編號 (prefix)."""
    digits = "".join(ch for ch in q if ch.isdigit())
    if digits and len(digits) >= len(q.replace("-", "").replace(" ", "")):
        return db.or_(
            R.attendee_phone.contains(digits, autoescape=True),
            R.ubn.startswith(digits, autoescape=True),
        )
    return db.or_(
        R.attendee_name.contains(q, autoescape=True),
        R.company_name.contains(q, autoescape=True),
        R.attendee_email.startswith(q.lower(), autoescape=True),
    )


def registrations_page(session_id: int, chosen: RegistrationFilter) -> tuple[list[R], bool, int]:
    """One page of a session's registrations (oldest first), whether more follow, and how many match."""
    query = db.select(R).where(R.session_id == session_id)
    if chosen.status == "attended":
        query = query.where(R.attended.is_(True))
    elif chosen.status:
        query = query.where(R.status == chosen.status)
    if chosen.q:
        query = query.where(_search(chosen.q))
    total = db.session.scalar(db.select(db.func.count()).select_from(query.subquery()))
    rows = db.session.scalars(
        query.order_by(R.id).offset((chosen.page - 1) * PAGE).limit(PAGE + 1)
    ).all()
    return list(rows[:PAGE]), len(rows) > PAGE, total


def waitlist_positions(rows: list[R]) -> dict[int, int]:
    """候補第 N 位 of the waitlisted rows shown, in one query (ids of the session's waitlist)."""
    waiting = [r for r in rows if r.status == "waitlisted"]
    if not waiting:
        return {}
    ids = db.session.scalars(
        db.select(R.id)
        .where(
            R.session_id == waiting[0].session_id,
            R.status == "waitlisted",
            R.id <= max(r.id for r in waiting),
        )
        .order_by(R.id)
    ).all()
    place = {rid: n for n, rid in enumerate(ids, start=1)}
    return {r.id: place[r.id] for r in waiting if r.id in place}


def attendees(session_id: int) -> list[R]:
    """Everyone who attended, by name order of registration (the certificates)."""
    return db.session.scalars(
        db.select(R).where(R.session_id == session_id, R.attended.is_(True)).order_by(R.id)
    ).all()
