"""Months as `YYYY-MM` text: reading what people type, stepping, and when a month locks."""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import date, timedelta

FIRST_YEAR = 2000
LAST_YEAR = 2100
ROC_OFFSET = 1911  # 民國 year + 1911 = 西元 year

# 2026-05, 2026/5, 2026.05 | 115/05, 115-5 (民國) | 2026年5月, 民國115年5月, 115年5月
_NUMERIC = re.compile(r"^(\d{2,4})\s*[-/.]\s*(\d{1,2})$")
_CHINESE = re.compile(r"^(?:民國\s*)?(\d{2,4})\s*年\s*(\d{1,2})\s*月?$")
_ROC_PREFIX = re.compile(r"^民國")


class MonthError(ValueError):
    """A month that cannot be read; the message is zh-Hant and says what to type."""


def parse_month(raw: object) -> str:
    """Read 2026-05, 2026/5, 115/05 (民國) or 2026年5月 as "2026-05"; MonthError otherwise."""
    if isinstance(raw, date):
        return f"{raw.year:04d}-{raw.month:02d}"
    text = unicodedata.normalize("NFKC", str(raw or "")).strip()
    if not text:
        raise MonthError("請填寫月份，例如 2026-05")
    match = _NUMERIC.match(text) or _CHINESE.match(text)
    if not match:
        raise MonthError(f"看不懂月份「{text[:20]}」，請寫成 2026-05、2026/5、115/05 或 2026年5月")
    year_text, month_text = match.groups()
    year = int(year_text)
    if len(year_text) <= 3 or _ROC_PREFIX.match(text):
        year += ROC_OFFSET
    month = int(month_text)
    if not 1 <= month <= 12:
        raise MonthError(f"月份「{text[:20]}」不存在：月應在 1 到 12 之間")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise MonthError(f"月份「{text[:20]}」的年份不合理（{FIRST_YEAR}–{LAST_YEAR} 年）")
    return f"{year:04d}-{month:02d}"


def is_month(text: str) -> bool:
    """True when text is already a canonical YYYY-MM month."""
    try:
        return parse_month(text) == text
    except MonthError:
        return False


def month_of(day: date) -> str:
    """The month a date falls in."""
    return f"{day.year:04d}-{day.month:02d}"


def first_day(month: str) -> date:
    """The first day of a YYYY-MM month."""
    return date(int(month[:4]), int(month[5:7]), 1)


def add_months(month: str, count: int) -> str:
    """The month `count` months after (or before, when negative) `month`."""
    index = int(month[:4]) * 12 + int(month[5:7]) - 1 + count
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def months_between(first: str, last: str) -> list[str]:
    """Every month from first to last inclusive (empty when last is before first)."""
    span = (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7])
    return [add_months(first, i) for i in range(span + 1)]


@functools.cache
def lock_date(month: str, lock_days: int) -> date:
    """The first day on which `month` is locked: `lock_days` days after its last day."""
    return first_day(add_months(month, 1)) + timedelta(days=lock_days)


def is_locked(month: str, today: date, lock_days: int) -> bool:
    """True when the month no longer takes changes on `today` (without a reopening)."""
    return today >= lock_date(month, lock_days)


def label(month: str) -> str:
    """A month as people read it: 2026年5月."""
    return f"{int(month[:4])}年{int(month[5:7])}月"


def short_label(month: str) -> str:
    """A short axis label: 5月, with the year on January: 2027年1月."""
    return f"{int(month[5:7])}月" if month[5:7] != "01" else label(month)
