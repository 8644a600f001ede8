"""Reading referrals: a unit's open queue, the hand-off rows, and the dashboard's figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import Submission
from ..models.register import Referral
from ..reference.service_units import units
from .referrals import OPEN, STATUSES, WAITING

QUEUE_LIMIT = 500


def open_queue(unit_code: str, limit: int = QUEUE_LIMIT) -> list[Referral]:
    """A unit's open referrals (待轉介, 已轉介, 已聯繫), oldest first.

    Each status is a range of ix_referral_unit_status_created read oldest first, `limit` keys
    at most; the oldest `limit` of them are then read whole: a unit with 100,000 open referrals
    costs what one with 500 does (an IN over the statuses would sort them all).
    """
    keys = []
    for status in OPEN:
        keys += db.session.execute(
            db.select(Referral.created_at, Referral.id)
            .where(Referral.unit == unit_code, Referral.status == status)
            .order_by(Referral.created_at, Referral.id)
            .limit(limit)
        ).all()
    ids = [row.id for row in sorted(keys)[:limit]]
    query = (
        db.select(Referral)
        .where(Referral.id.in_(ids))
        .options(joinedload(Referral.submission), joinedload(Referral.company))
        .order_by(Referral.created_at, Referral.id)
    )
    return list(db.session.scalars(query))


def open_count(unit_code: str) -> int:
    """How many open referrals the unit has (counted in its index)."""
    return (
        db.session.scalar(
            db.select(db.func.count())
            .select_from(Referral)
            .where(Referral.unit == unit_code, Referral.status.in_(OPEN))
        )
        or 0
    )


def waiting_for_handoff(unit_code: str, ids: list[int] | None = None):
    """The unit's 待轉介 referrals (optionally only `ids`), oldest first, with their checks."""
    query = (
        db.select(Referral)
        .where(Referral.unit == unit_code, Referral.status == WAITING)
        .options(joinedload(Referral.submission).joinedload(Submission.netzero))
        .order_by(Referral.created_at, Referral.id)
    )
    if ids is not None:
        query = query.where(Referral.id.in_(ids))
    return db.session.scalars(query)


def days_waited(referral: Referral, now: datetime) -> int:
    """Whole days since the referral was opened."""
    return max(0, (now - referral.created_at).days)


@dataclass(frozen=True)
class ReferralSummary:
    """Referrals by unit and status, and the median days from check to 已聯繫."""

    statuses: tuple[str, ...]
    rows: list[tuple[str, dict[str, int]]]  # (unit short name, {status: count})
    median_days_to_contact: float | None
    contacted: int


def referral_summary() -> ReferralSummary:
    """The dashboard's referral figures, from two grouped queries and one ordered pick."""
    counts = {code: dict.fromkeys(STATUSES, 0) for code in units()}
    for code, status, n in db.session.execute(
        db.select(Referral.unit, Referral.status, db.func.count()).group_by(
            Referral.unit, Referral.status
        )
    ):
        counts.setdefault(code, dict.fromkeys(STATUSES, 0))[status] = n
    names = {code: u.short for code, u in units().items()}
    rows = [(names.get(code, code), row) for code, row in counts.items()]
    median, contacted = median_days_to_contact()
    return ReferralSummary(STATUSES, rows, median, contacted)


def median_days_to_contact() -> tuple[float | None, int]:
    """The median of days from check to 已聯繫 over referrals that reached it, and how many."""
    reached = Referral.days_to_contact.is_not(None)
    n = db.session.scalar(db.select(db.func.count()).where(reached)) or 0
    if not n:
        return None, 0
    # The middle one or two values, picked by the index on days_to_contact.
    middle = db.session.scalars(
        db.select(Referral.days_to_contact)
        .where(reached)
        .order_by(Referral.days_to_contact)
        .offset((n - 1) // 2)
        .limit(2 - n % 2)
    ).all()
    return sum(middle) / len(middle), n
