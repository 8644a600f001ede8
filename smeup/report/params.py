"""The report's filter, read from the query string (plain GET: bookmarkable, printable)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..company.reference import COUNTIES
from .period import Period, from_code, from_range, quarter_of

BAD_DATE = "日期格式不正確，請用 YYYY-MM-DD，例如 2026-10-01"
BAD_RANGE = "起始日期不能晚於結束日期，且期間不超過 10 年"
BAD_CHOICE = "請從選單中選擇"
RANGE = "range"  # the menu's 自訂起迄: the from–to dates decide


@dataclass
class Choice:
    period: Period
    county: str | None
    typed: dict
    errors: dict[str, str] = field(default_factory=dict)

    def query(self) -> dict:
        """The query string that gives this report again (exports, print)."""
        return query_of(self.period, self.county)


def query_of(period: Period, county: str | None) -> dict:
    """The query string that names this period and county (the report, its lists)."""
    args = {"county": county} if county else {}
    if period.kind == "range":
        return args | {"from": period.start.isoformat(), "to": period.last_day.isoformat()}
    return args | {"period": period.code}


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def read(args, today: date) -> Choice:
    """The period (a menu value; or 自訂起迄 / none, with from–to dates) and county; errors per field."""
    typed = {k: (args.get(k) or "").strip()[:20] for k in ("period", "from", "to", "county")}
    errors: dict[str, str] = {}
    period = quarter_of(today)
    if typed["period"] and typed["period"] != RANGE:
        typed["from"] = typed["to"] = ""  # a period from the menu: the dates are not used
        chosen = from_code(typed["period"])
        if chosen is None:
            errors["period"] = BAD_CHOICE
        else:
            period = chosen
    elif typed["from"] or typed["to"]:
        first, last = _date(typed["from"]), _date(typed["to"])
        if first is None:
            errors["from"] = BAD_DATE
        if last is None:
            errors["to"] = BAD_DATE
        if first and last:
            ranged = from_range(first, last)
            if ranged is None:
                errors["to"] = BAD_RANGE
            else:
                period = ranged
    county = typed["county"] or None
    if county and county not in COUNTIES:
        errors["county"] = BAD_CHOICE
        county = None
    return Choice(period, county, typed, errors)
