"""Which shop-months take changes: the lock rule plus an officer's reopenings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..audit import record
from ..extensions import db
from ..models.digital import MonthReopening
from .months import is_locked, label, lock_date


@dataclass(frozen=True)
class MonthLock:
    """Whether a shop's month takes changes today, and why not / until when."""

    month: str
    locked: bool
    locks_on: date
    reopened_until: date | None = None

    @property
    def message(self) -> str:
        """Why the month refuses a change, for the person entering it."""
        return (
            f"{label(self.month)} 已於 {self.locks_on.isoformat()} 鎖定，"
            "如需修改請洽承辦人員重新開放"
        )

    @property
    def officer_message(self) -> str:
        """The same for an officer, who is the one who reopens (the page links to where)."""
        return (
            f"{label(self.month)} 已於 {self.locks_on.isoformat()} 鎖定。"
            "您可以在店家頁「重新開放已鎖定的月份」，或在「重新開放月份」一次開放多家店家"
        )


def reopened_months(shop_ids: list[int], today: date) -> dict[tuple[int, str], date]:
    """(shop id, month) → the last day of its current reopening, for these shops."""
    if not shop_ids:
        return {}
    query = db.select(
        MonthReopening.shop_id, MonthReopening.month, MonthReopening.open_until
    ).where(MonthReopening.shop_id.in_(shop_ids), MonthReopening.open_until >= today)
    found: dict[tuple[int, str], date] = {}
    for shop_id, month, until in db.session.execute(query):
        key = (shop_id, month)
        found[key] = max(until, found.get(key, until))
    return found


def month_lock(
    shop_id: int, month: str, today: date, lock_days: int, reopened: dict | None = None
) -> MonthLock:
    """The lock state of one shop-month (pass `reopened` from reopened_months for many)."""
    if reopened is None:
        reopened = reopened_months([shop_id], today)
    locks_on = lock_date(month, lock_days)
    until = reopened.get((shop_id, month))
    if not is_locked(month, today, lock_days):
        return MonthLock(month, False, locks_on)
    return MonthLock(month, until is None, locks_on, until)


def reopen_until(today: date, reopen_days: int) -> date:
    """The last day a reopening made today lasts."""
    return today + timedelta(days=reopen_days - 1)


def reopen_month(shop_id: int, month: str, reason: str, until: date, by_id: int) -> None:
    """Reopen one shop-month until `until`, with its audit entry (inside the caller's write)."""
    db.session.add(
        MonthReopening(
            shop_id=shop_id, month=month, reason=reason, open_until=until, reopened_by_id=by_id
        )
    )
    record("digital_month_reopen", shop_id=shop_id, month=month, reason=reason)
