"""Reading referrals: a unit's open queue, the hand-off rows, and the dashboard's figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import Submission
from ..models.referral_tally import ReferralContactTally, ReferralTally, tenth_sql
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
    """The dashboard's referral figures, from the tallies the database keeps
    (models/referral_tally.py): a handful of rows, whatever the number of referrals."""
    counts = {code: dict.fromkeys(STATUSES, 0) for code in units()}
    for code, status, n in db.session.execute(
        db.select(ReferralTally.unit, ReferralTally.status, ReferralTally.referrals)
        .where(ReferralTally.referrals != 0)
        .order_by(ReferralTally.unit, ReferralTally.status)
    ):
        counts.setdefault(code, dict.fromkeys(STATUSES, 0))[status] = n
    names = {code: u.short for code, u in units().items()}
    rows = [(names.get(code, code), row) for code, row in counts.items()]
    median, contacted = median_days_to_contact()
    return ReferralSummary(STATUSES, rows, median, contacted)


def median_days_to_contact() -> tuple[float | None, int]:
    """The median of days from check to 已聯繫 over referrals that reached it, and how many.

    The tenths of a day tally how many reached it in each (a few hundred rows at most): they
    give n and the tenth holding each middle rank, whose values are then read in order from
    the index on days_to_contact (that tenth's rows, not half of them all).
    """
    tenths = db.session.execute(
        db.select(ReferralContactTally.tenth, ReferralContactTally.referrals)
        .where(ReferralContactTally.referrals != 0)
        .order_by(ReferralContactTally.tenth)
    ).all()
    n = sum(count for _tenth, count in tenths)
    if not n:
        return None, 0
    first, below = _tenth_holding((n - 1) // 2, tenths)
    middle = _days_in_tenth(first, (n - 1) // 2 - below, 2 - n % 2)
    if len(middle) < 2 - n % 2:  # the upper middle value is in a later tenth
        second, below = _tenth_holding(n // 2, tenths)
        middle += _days_in_tenth(second, n // 2 - below, 1)
    return sum(middle) / len(middle), n


def _tenth_holding(rank: int, tenths) -> tuple[int, int]:
    """The tenth holding the rank-th smallest value (from 0), and how many values are below it."""
    below = 0
    for tenth, count in tenths:
        if rank < below + count:
            return tenth, below
        below += count
    raise ValueError(f"rank {rank} beyond the tally's {below} values")


def _days_in_tenth(tenth: int, offset: int, limit: int) -> list[float]:
    """Up to `limit` of the days in a tenth of a day, in order from its offset-th.

    An index range of days_to_contact a tenth wider on each side (float rounding may put a
    value at the edge of a tenth into its neighbour), kept to the values the tally counted in
    this tenth by the tally's own expression: the offset inside the tenth is then exact.
    """
    days = Referral.days_to_contact
    dialect = db.session.get_bind().dialect.name
    in_tenth = db.literal_column(tenth_sql("referral.days_to_contact", dialect)) == tenth
    return list(
        db.session.scalars(
            db.select(days)
            .where(days >= (tenth - 1) / 10, days < (tenth + 2) / 10, in_tenth)
            .order_by(days)
            .offset(offset)
            .limit(limit)
        )
    )
