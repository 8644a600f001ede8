"""How many rows a console list holds, without counting a million of them.

Filters the rollup has dimensions for (form, dates, channel, county, status, the form's own
filter) are summed from submission_rollup: exact, and as cheap as the rollup rows they touch.
A search, an event or a 送達方式 filter is counted in the index up to COUNT_CAP, and said so beyond it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func

from ..extensions import db
from ..models import Submission
from ..models.rollup import SubmissionRollup as R
from .filters import ListFilters, conditions

COUNT_CAP = 10_000


@dataclass(frozen=True)
class Count:
    """A row count; when not exact, there are more than `value` rows (value is the cap)."""

    value: int
    exact: bool = True

    def __str__(self) -> str:
        return f"{self.value:,}" if self.exact else f"{self.value:,}+"


def rollup_answers(filters: ListFilters) -> bool:
    """True when every active filter is a rollup dimension (no search text, event or via)."""
    return not filters.q and filters.event is None and not filters.via


def rollup_count(form_type: str, filters: ListFilters) -> int:
    """The exact number of submissions the filters keep, summed from the rollup."""
    query = db.select(func.coalesce(func.sum(R.submissions), 0)).where(R.form_type == form_type)
    if filters.date_from:
        query = query.where(R.day >= filters.date_from)
    if filters.date_to:
        query = query.where(R.day < filters.date_to + timedelta(1))
    for column, value in (
        (R.channel, filters.channel),
        (R.county, filters.county),
        (R.status, filters.status),
        (R.segment, filters.segment(form_type)),
    ):
        if value:
            query = query.where(column == value)
    return int(db.session.scalar(query) or 0)


def capped_count(form_type: str, filters: ListFilters) -> Count:
    """Count matching submissions in the index, stopping after COUNT_CAP."""
    cap = COUNT_CAP
    inner = db.select(Submission.id).where(*conditions(form_type, filters)).limit(cap + 1)
    found = db.session.scalar(db.select(func.count()).select_from(inner.subquery())) or 0
    return Count(min(found, cap), exact=found <= cap)


def count_submissions(form_type: str, filters: ListFilters) -> Count:
    """The list's count: exact from the rollup when it can, else capped."""
    if rollup_answers(filters):
        return Count(rollup_count(form_type, filters))
    return capped_count(form_type, filters)
