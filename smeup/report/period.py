"""Report periods: a month, a quarter, a year (labelled in 民國 years) or a from–to range."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ..clock import TAIPEI_OFFSET

MINGUO = 1911


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """Taipei calendar days [start, end); `kind` is month, quarter, year or range."""

    kind: str
    start: date
    end: date

    @property
    def label(self) -> str:
        """As officers write it: 115年第4季, 115年10月, 115年, 115/01/05–115/02/10."""
        y = self.start.year - MINGUO
        if self.kind == "quarter":
            return f"{y}年第{(self.start.month - 1) // 3 + 1}季"
        if self.kind == "month":
            return f"{y}年{self.start.month}月"
        if self.kind == "year":
            return f"{y}年"
        last = self.end - timedelta(days=1)
        return f"{minguo_date(self.start)}–{minguo_date(last)}"

    @property
    def code(self) -> str:
        """The value of the period menu: q:2026-4, m:2026-10, y:2026 (empty for a range)."""
        if self.kind == "quarter":
            return f"q:{self.start.year}-{(self.start.month - 1) // 3 + 1}"
        if self.kind == "month":
            return f"m:{self.start.year}-{self.start.month}"
        if self.kind == "year":
            return f"y:{self.start.year}"
        return ""

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    def previous(self) -> Period:
        """The period just before, of the same kind and length."""
        if self.kind == "range":
            length = self.end - self.start
            return Period("range", self.start - length, self.start)
        step = {"month": 1, "quarter": 3, "year": 12}[self.kind]
        return Period(self.kind, _add_months(self.start, -step), self.start)

    def utc_bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as naive UTC times (the database's clock)."""
        return (
            datetime.combine(self.start, datetime.min.time()) - TAIPEI_OFFSET,
            datetime.combine(self.end, datetime.min.time()) - TAIPEI_OFFSET,
        )

    def months(self) -> list[str]:
        """The YYYY-MM months the period touches, oldest first."""
        out, month = [], date(self.start.year, self.start.month, 1)
        while month < self.end:
            out.append(f"{month.year:04d}-{month.month:02d}")
            month = _add_months(month, 1)
        return out


def minguo_date(day: date) -> str:
    """115/01/05."""
    return f"{day.year - MINGUO}/{day.month:02d}/{day.day:02d}"


def quarter_of(day: date) -> Period:
    """The quarter holding `day`."""
    first = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return Period("quarter", first, _add_months(first, 3))


def from_code(code: str) -> Period | None:
    """The period of a menu value (q:2026-4, m:2026-10, y:2026), or None when malformed."""
    kind, _, rest = code.partition(":")
    try:
        if kind == "y":
            year = int(rest)
            return (
                Period("year", date(year, 1, 1), date(year + 1, 1, 1))
                if 2000 <= year <= 2100
                else None
            )
        year_text, _, number_text = rest.partition("-")
        year, number = int(year_text), int(number_text)
    except ValueError:
        return None
    if not 2000 <= year <= 2100:
        return None
    if kind == "q" and 1 <= number <= 4:
        first = date(year, (number - 1) * 3 + 1, 1)
        return Period("quarter", first, _add_months(first, 3))
    if kind == "m" and 1 <= number <= 12:
        first = date(year, number, 1)
        return Period("month", first, _add_months(first, 1))
    return None


def from_range(first: date, last: date) -> Period | None:
    """The from–to period (both days included), or None when the order is wrong."""
    if last < first or (last - first).days > 3660:
        return None
    return Period("range", first, last + timedelta(days=1))


def menu(today: date, years: int = 3) -> list[tuple[str, list[Period]]]:
    """The period menu: this and earlier quarters, months and years, newest first."""
    current = quarter_of(today)
    quarters, q = [], current
    for _ in range(years * 4):
        quarters.append(q)
        q = q.previous()
    months, m = (
        [],
        Period("month", date(today.year, today.month, 1), _add_months(today.replace(day=1), 1)),
    )
    for _ in range(years * 12):
        months.append(m)
        m = m.previous()
    year_list = [from_code(f"y:{today.year - i}") for i in range(years)]
    return [("季", quarters), ("月", months), ("年", [y for y in year_list if y])]
