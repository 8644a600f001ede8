"""Saving one shop-month: validation against the lock, the change history, replays by key."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy.exc import IntegrityError

from ..database import write_unit
from ..extensions import db
from ..models.base import utcnow
from ..models.digital import MonthlyRecord, RecordChange, Shop
from .locks import month_lock

VALUE_FIELDS = ("usage", "orders", "net_sales", "visit_date", "visit_note")


class MonthLocked(Exception):
    """The month is locked for this shop; the message says since when and what to do."""


@dataclass(frozen=True)
class MonthValues:
    """What a person enters for a month; None means not reported (never 0)."""

    usage: int | None = None
    orders: int | None = None
    net_sales: int | None = None
    visit_date: date | None = None
    visit_note: str = ""

    @classmethod
    def of(cls, record: MonthlyRecord | None) -> MonthValues:
        """The values a stored record holds (all blank when there is none)."""
        if record is None:
            return cls()
        return cls(**{f.name: getattr(record, f.name) for f in fields(cls)})

    def merged_over(self, stored: MonthValues) -> MonthValues:
        """These values, keeping the stored ones where these are blank (how an import reads)."""
        return MonthValues(
            **{
                f.name: getattr(self, f.name)
                if getattr(self, f.name) not in (None, "")
                else getattr(stored, f.name)
                for f in fields(self)
            }
        )


@dataclass(frozen=True)
class Saved:
    """A saved month: the record, which fields changed, and whether the save was a replay."""

    record: MonthlyRecord
    changed: tuple[str, ...]
    replay: bool = False


def _text(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def changed_fields(old: MonthValues, new: MonthValues) -> tuple[str, ...]:
    """The fields whose value differs between old and new."""
    return tuple(name for name in VALUE_FIELDS if getattr(old, name) != getattr(new, name))


def apply_values(
    record: MonthlyRecord, values: MonthValues, user_id: int | None, via: str, first: bool
) -> tuple[str, ...]:
    """Write values onto the record (in the open session); log each change unless first save."""
    changed = changed_fields(MonthValues.of(record), values)
    for name in changed:
        if not first:
            db.session.add(
                RecordChange(
                    record=record,
                    field=name,
                    old_value=_text(getattr(record, name)),
                    new_value=_text(getattr(values, name)),
                    via=via,
                    changed_by_id=user_id,
                )
            )
        setattr(record, name, getattr(values, name))
    if changed:
        record.updated_at = utcnow()
    return changed


def find_record(shop_id: int, month: str) -> MonthlyRecord | None:
    """The shop's record of that month, if any."""
    return db.session.scalar(db.select(MonthlyRecord).filter_by(shop_id=shop_id, month=month))


def save_month(
    shop: Shop,
    month: str,
    values: MonthValues,
    *,
    user_id: int | None,
    key: str,
    today: date,
    lock_days: int,
    on_change: Callable[[tuple[str, ...]], object] | None = None,
) -> Saved:
    """Store one shop-month under a submission key: a replayed key stores nothing again.

    Raises MonthLocked when the month is locked and not reopened (even if nothing changes, so
    the person is told rather than shown a silent success). `on_change` (the audit entry) gets
    the changed fields inside the same transaction, so a save is never stored without it.
    """
    for attempt in (1, 2):
        record = find_record(shop.id, month)
        if record is not None and record.save_key == key and MonthValues.of(record) == values:
            return Saved(record, (), replay=True)
        lock = month_lock(shop.id, month, today, lock_days)
        if lock.locked:
            raise MonthLocked(lock.message)
        try:
            with write_unit():
                first = record is None
                if first:
                    record = MonthlyRecord(
                        shop_id=shop.id, month=month, created_by_id=user_id, visit_note=""
                    )
                    db.session.add(record)
                changed = apply_values(record, values, user_id, "entry", first)
                record.save_key = key
                if changed and on_change is not None:
                    on_change(changed)
            return Saved(record, changed)
        except IntegrityError:
            # Two taps raced to create the month; the other one won. Save over it once.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")
