"""What every strategy module shares: the scope, a table of figures, and SQL helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func

from ...extensions import db
from ...models.rollup import SubmissionRollup
from ...models.submission import Submission
from ..params import query_of
from ..period import Period


@dataclass(frozen=True)
class Scope:
    """One period and an optional county: what every query of one report run filters by."""

    period: Period
    county: str | None = None

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        return self.period.utc_bounds()

    def report_args(self) -> dict:
        """The report's own lists' filter for this scope (the report's query string)."""
        return query_of(self.period, self.county)

    def list_args(self) -> dict:
        """The console lists' filter for this scope (date_from/date_to inclusive, county)."""
        args = {
            "date_from": self.period.start.isoformat(),
            "date_to": self.period.last_day.isoformat(),
        }
        if self.county:
            args["county"] = self.county
        return args


@dataclass
class Line:
    """One figure: a stable key within its table, the label shown, the value, its list link."""

    key: str
    label: str
    value: float | int | None
    link: tuple[str, dict] | None = None


@dataclass
class Table:
    """A table of one strategy; `key` names its definition (report.definitions)."""

    key: str
    lines: list[Line] = field(default_factory=list)
    # Lines that are 0 in both periods are left out (a unit × status grid of mostly zeros).
    sparse: bool = False
    # Keep only the first `top` lines by the current value (the query gives them all).
    top: int | None = None


def num(value) -> float | int:
    """A SUM's result as a number (NULL when no row: 0)."""
    if value is None:
        return 0
    return int(value) if float(value).is_integer() else float(value)


def share(part: int | float, whole: int | float) -> float | None:
    """part ÷ whole, or None when nothing was counted."""
    return part / whole if whole else None


def in_period(column, scope: Scope):
    """column within the scope's [start, end) in UTC."""
    start, end = scope.bounds
    return db.and_(column >= start, column < end)


def rollup_in(scope: Scope, form_type: str | None = None) -> list:
    """WHERE clauses on submission_rollup for the scope (days are Taipei days)."""
    R = SubmissionRollup
    where = [R.day >= scope.period.start, R.day < scope.period.end]
    if form_type:
        where.append(R.form_type == form_type)
    if scope.county:
        where.append(R.county == scope.county)
    return where


def submissions_in(scope: Scope, form_type: str | None = None) -> list:
    """WHERE clauses on submission for the scope."""
    where = [in_period(Submission.submitted_at, scope)]
    if form_type:
        where.append(Submission.form_type == form_type)
    if scope.county:
        where.append(Submission.county == scope.county)
    return where


def epoch_days(column):
    """A datetime column as days since 1970-01-01 UTC (a float), on either database."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", column) / 86400.0
    return func.cast(func.strftime("%s", column), db.Float) / 86400.0


def median(select_values, count: int) -> float | None:
    """The median of a one-column select (already filtered), read by its index: the middle row(s)."""
    if not count:
        return None
    ordered = select_values.order_by(select_values.selected_columns[0])
    middle = db.session.scalars(ordered.offset((count - 1) // 2).limit(2 - count % 2)).all()
    return sum(middle) / len(middle)
