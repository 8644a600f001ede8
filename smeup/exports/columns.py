"""Column descriptions shared by the per-form exporters."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

Cell = str | int | float | Decimal | bool | date | datetime | None
"""One exported value; datetimes must be tz-aware (Asia/Taipei)."""


@dataclass(frozen=True, slots=True)
class Column:
    """One export column: stable key, zh-Hant label, and whether it is personal data."""

    key: str
    zh_label: str
    personal: bool = False


def select_columns(columns: Iterable[Column], personal_data: bool) -> list[Column]:
    """Return the columns to export, dropping personal ones unless personal_data is set."""
    return [c for c in columns if personal_data or not c.personal]


def header(columns: Iterable[Column], chinese: bool) -> list[str]:
    """Return the header row: zh-Hant labels when chinese, else the field keys."""
    return [c.zh_label if chinese else c.key for c in columns]
