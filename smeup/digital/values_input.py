"""Reading what people type or files hold into a month's values, with zh-Hant reasons."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import date, datetime

from ..numbers import (
    BAD_GROUPS,
    NEGATIVE,
    NOT_A_WHOLE_NUMBER,
    TOO_LONG,
    NumberError,
    parse_number,
)
from .figures import METRIC_LABELS, METRICS
from .records import MonthValues

MAX_VALUE = 10**12  # NT$ 1 兆: far above any shop, below BIGINT
NOTE_MAX = 500
SPREADSHEET_PLACES = 6  # a count saved by a spreadsheet as 1200.000000 is still 1200


class ValueProblem(ValueError):
    """A value that cannot be stored; the message is zh-Hant."""


def read_count(raw: object, label: str) -> int | None:
    """A non-negative whole number, read like every typed number (numbers.py); blank is None."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueProblem(f"{label}請填寫整數")
    if isinstance(raw, int | float):
        if isinstance(raw, float) and not raw.is_integer():
            raise ValueProblem(f"{label}請填寫整數，不含小數")
        value = int(raw)
    else:
        text = str(raw)
        try:
            # Decimals are read only to accept a spreadsheet's 1200.0; 12.5 is refused below.
            number = parse_number(text, places=SPREADSHEET_PLACES)
        except NumberError as exc:
            raise ValueProblem(
                f"{label}{_whole_number_reason(exc)}（看到「{text[:20]}」）"
            ) from exc
        if number is None:
            return None
        if number != number.to_integral_value():
            raise ValueProblem(f"{label}請填寫整數，不含小數")
        value = int(number)
    if value < 0:
        raise ValueProblem(f"{label}不可為負數")
    if value >= MAX_VALUE:
        raise ValueProblem(f"{label}太大了，請確認數字")
    return value


def _whole_number_reason(error: NumberError) -> str:
    """The parser's reason, said for a field that takes whole numbers only."""
    reason = str(error)
    return reason if reason in (BAD_GROUPS, NEGATIVE, TOO_LONG) else NOT_A_WHOLE_NUMBER


def read_visit_date(raw: str, today: date) -> date | None:
    """An on-site visit date (YYYY-MM-DD or YYYY/MM/DD), not in the future; blank is None."""
    text = unicodedata.normalize("NFKC", raw or "").strip().replace("/", "-")
    if not text:
        return None
    try:
        day = datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError as exc:
        raise ValueProblem("訪視日期請寫成 年-月-日，例如 2026-05-20") from exc
    if day > today:
        raise ValueProblem("訪視日期不可晚於今天")
    if day.year < 2000:
        raise ValueProblem("訪視日期的年份不合理")
    return day


def read_month_form(form: Mapping[str, str], today: date) -> tuple[MonthValues, dict[str, str]]:
    """A month's values from an entry row's fields, and field → zh-Hant error."""
    errors: dict[str, str] = {}
    found: dict[str, object] = {}
    for metric in METRICS:
        try:
            found[metric] = read_count(form.get(metric, ""), METRIC_LABELS[metric])
        except ValueProblem as exc:
            errors[metric] = str(exc)
    try:
        found["visit_date"] = read_visit_date(form.get("visit_date", ""), today)
    except ValueProblem as exc:
        errors["visit_date"] = str(exc)
    note = " ".join((form.get("visit_note") or "").split())
    if len(note) > NOTE_MAX:
        errors["visit_note"] = f"訪視紀錄最多 {NOTE_MAX} 字（目前 {len(note)} 字）"
    found["visit_note"] = note[:NOTE_MAX]
    if errors:
        return MonthValues(), errors
    return MonthValues(**found), errors
