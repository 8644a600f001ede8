"""The tablet entry screen's rows: each month with last month's values and the change in %."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..extensions import db
from ..models.digital import MonthlyRecord, Shop
from .figures import METRIC_LABELS, METRICS, outlier_reason, percent_change
from .locks import MonthLock, month_lock, reopened_months
from .months import add_months, month_of, months_between
from .records import MonthValues

RECENT_MONTHS = 12  # rows shown before "show earlier months"


@dataclass
class MonthRow:
    """One month on the entry screen: what is stored or typed, last month's, and its state."""

    month: str
    values: MonthValues
    previous: MonthValues
    lock: MonthLock
    stored: bool = False
    raw: dict[str, str] = field(default_factory=dict)  # what was typed, when refused
    errors: dict[str, str] = field(default_factory=dict)
    warnings: dict[str, str] = field(default_factory=dict)  # outliers awaiting confirmation
    saved: bool = False  # just saved: say so

    def change(self, metric: str) -> float | None:
        """This month's change in % from last month for one metric."""
        return percent_change(getattr(self.previous, metric), getattr(self.values, metric))

    def shown(self, name: str) -> str:
        """The text an input shows: what was typed when refused, else the stored value."""
        if name in self.raw:
            return self.raw[name]
        value = getattr(self.values, name)
        if value is None:
            return ""
        return value.isoformat() if isinstance(value, date) else str(value)


def outliers(values: MonthValues, previous: MonthValues) -> dict[str, str]:
    """Metric → why its value needs confirming (over 3× or under a third of last month)."""
    found = {}
    for metric in METRICS:
        reason = outlier_reason(
            METRIC_LABELS[metric], getattr(previous, metric), getattr(values, metric)
        )
        if reason:
            found[metric] = reason
    return found


def entry_months(shop: Shop, today: date, show_all: bool) -> list[str]:
    """The months the entry screen lists, newest first: up to this month, from enrolment."""
    first_stored = db.session.scalar(
        db.select(db.func.min(MonthlyRecord.month)).where(MonthlyRecord.shop_id == shop.id)
    )
    first = min(shop.enrolled_month, first_stored or shop.enrolled_month)
    months = months_between(first, month_of(today))[::-1]
    return months if show_all else months[:RECENT_MONTHS]


def month_rows(shop: Shop, months: list[str], today: date, lock_days: int) -> list[MonthRow]:
    """Rows for these months with the stored values and those of the month before each."""
    wanted = set(months) | {add_months(m, -1) for m in months}
    records = {
        r.month: r
        for r in db.session.scalars(
            db.select(MonthlyRecord).where(
                MonthlyRecord.shop_id == shop.id, MonthlyRecord.month.in_(wanted)
            )
        )
    }
    reopened = reopened_months([shop.id], today)
    return [
        MonthRow(
            month=m,
            values=MonthValues.of(records.get(m)),
            previous=MonthValues.of(records.get(add_months(m, -1))),
            lock=month_lock(shop.id, m, today, lock_days, reopened),
            stored=m in records,
        )
        for m in months
    ]


def one_row(shop: Shop, month: str, today: date, lock_days: int) -> MonthRow:
    """The row of a single month (after a save, or to show a refusal)."""
    return month_rows(shop, [month], today, lock_days)[0]
