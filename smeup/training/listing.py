"""The public list of sessions (`/training/`): open ones, soonest first, by county, mode, month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ..clock import TAIPEI_OFFSET
from ..company.reference import COUNTIES
from ..extensions import db
from ..models.training import TrainingSession
from .words import MODES

PAGE = 20


@dataclass(frozen=True)
class Filters:
    county: str = ""
    mode: str = ""
    month: str = ""  # YYYY-MM, Taipei
    page: int = 1
    event_id: int | None = None  # a roadshow kiosk lists its event's sessions only

    @classmethod
    def read(cls, args, event_id: int | None = None) -> Filters:
        """The filters from the query string; anything unknown is ignored, never an error."""
        county = args.get("county", "")
        mode = args.get("mode", "")
        month = args.get("month", "")
        try:
            datetime.strptime(month, "%Y-%m")
        except ValueError:
            month = ""
        page = args.get("page", "1")
        return cls(
            county if county in COUNTIES else "",
            mode if mode in MODES else "",
            month,
            int(page) if page.isdigit() and 0 < int(page) < 10_000 else 1,
            event_id,
        )


def _month_range(month: str) -> tuple[datetime, datetime]:
    """A Taipei month as the UTC range [first, next first)."""
    first = datetime.strptime(month, "%Y-%m")
    following = (first + timedelta(days=32)).replace(day=1)
    return first - TAIPEI_OFFSET, following - TAIPEI_OFFSET


def upcoming(filters: Filters, now: datetime) -> tuple[list[TrainingSession], bool]:
    """Sessions not yet ended and not cancelled, soonest first; and whether more follow."""
    query = db.select(TrainingSession).where(
        TrainingSession.cancelled_at.is_(None), TrainingSession.ends_at > now
    )
    if filters.event_id is not None:
        query = query.where(TrainingSession.event_id == filters.event_id)
    if filters.county:
        # An online session is for every county: it shows under any county chosen.
        query = query.where(
            db.or_(TrainingSession.county == filters.county, TrainingSession.mode == "online")
        )
    if filters.mode:
        query = query.where(TrainingSession.mode == filters.mode)
    if filters.month:
        start, end = _month_range(filters.month)
        query = query.where(TrainingSession.starts_at >= start, TrainingSession.starts_at < end)
    rows = db.session.scalars(
        query.order_by(TrainingSession.starts_at, TrainingSession.id)
        .offset((filters.page - 1) * PAGE)
        .limit(PAGE + 1)
    ).all()
    return list(rows[:PAGE]), len(rows) > PAGE


def month_choices(now: datetime, months: int = 6) -> list[str]:
    """This Taipei month and the next few, for the month filter."""
    local = now + TAIPEI_OFFSET
    year, month = local.year, local.month
    out = []
    for _ in range(months):
        out.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out
