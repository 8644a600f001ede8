"""Dates and times as an officer types them (Taipei), and as the database keeps them (naive UTC)."""

from __future__ import annotations

from datetime import date, datetime, time

from ..clock import TAIPEI_OFFSET

EARLIEST, LATEST = date(2020, 1, 1), date(2100, 12, 31)


def read_date(raw: str | None) -> date | None:
    """A typed date (2026-12-18, 2026/12/18); None when blank; ValueError when unreadable."""
    raw = (raw or "").strip().replace("/", "-")
    if not raw:
        return None
    try:
        value = datetime.strptime(raw, "%Y-%m-%d").date()
    except ValueError as exc:
        raise ValueError("日期格式不正確，請用 年-月-日，例如 2026-12-18") from exc
    if not EARLIEST <= value <= LATEST:
        raise ValueError("請填寫 2020 年到 2100 年之間的日期")
    return value


def read_time(raw: str | None) -> time | None:
    """A typed time (09:30, 9:30, 0930, 14:00:00); None when blank; ValueError when unreadable."""
    raw = (raw or "").strip().replace("：", ":")
    if not raw:
        return None
    if raw.isdigit() and len(raw) in (3, 4):
        raw = f"{raw[:-2]}:{raw[-2:]}"
    for fmt in ("%H:%M", "%H:%M:%S"):
        try:
            return datetime.strptime(raw, fmt).time().replace(second=0)
        except ValueError:
            continue
    raise ValueError("時間格式不正確，請用 時:分（24 小時制），例如 09:30")


def utc_of(day: date, at: time) -> datetime:
    """A Taipei date and time as the naive UTC the database keeps."""
    return datetime.combine(day, at) - TAIPEI_OFFSET
