"""The officers' dashboard numbers: daily intake, net-zero urgency, top courses, SBTR spread.

Intake and net-zero figures are sums over submission_rollup (kept as submissions arrive), so
the dashboard costs the same at ten thousand submissions and at a million.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func

from ..extensions import db
from ..forms.kinds import FORM_TYPES
from ..models.rollup import SubmissionRollup as R
from ..models.sbtr import SbtrProposal
from ..models.surveys import CourseResponse, Survey
from ..surveys.ranking import OptionScore, aggregate
from .filters import CHANNEL_LABELS, URGENCY_LEVELS


@dataclass(frozen=True)
class DailyCounts:
    """Submissions per Taipei day, oldest first, split by form and by channel."""

    days: list[date]
    by_form: dict[str, list[int]]
    by_channel: dict[str, list[int]]

    @property
    def totals(self) -> list[int]:
        """All submissions per day."""
        return [sum(day) for day in zip(*self.by_form.values(), strict=True)]


def daily_counts(today: date, days: int = 30) -> DailyCounts:
    """Counts for the `days` Taipei days ending with `today`, from the rollup."""
    first = today - timedelta(days=days - 1)
    rows = db.session.execute(
        db.select(R.day, R.form_type, R.channel, func.sum(R.submissions))
        .where(R.day >= first)
        .group_by(R.day, R.form_type, R.channel)
    )
    calendar = [first + timedelta(days=i) for i in range(days)]
    index = {d: i for i, d in enumerate(calendar)}
    by_form = {f: [0] * days for f in FORM_TYPES}
    by_channel = {c: [0] * days for c in CHANNEL_LABELS}
    for day, form_type, channel, count in rows:
        i = index.get(day)
        if i is None:
            continue  # a clock a little ahead of ours: not in the window
        if form_type in by_form:
            by_form[form_type][i] += count
        if channel in by_channel:
            by_channel[channel][i] += count
    return DailyCounts(calendar, by_form, by_channel)


@dataclass(frozen=True)
class NetzeroSummary:
    """How many checks, how urgent, and their estimated emissions added up."""

    count: int
    by_urgency: dict[str, int]
    total_tco2e: float


def netzero_summary() -> NetzeroSummary:
    """The urgency distribution and total estimated emissions of every net-zero check."""
    by_urgency = dict.fromkeys(URGENCY_LEVELS, 0)
    total = 0.0
    for level, count, tonnes in db.session.execute(
        db.select(R.segment, func.sum(R.submissions), func.sum(R.total_tco2e))
        .where(R.form_type == "netzero")
        .group_by(R.segment)
    ):
        by_urgency[level] = by_urgency.get(level, 0) + int(count)
        total += float(tonnes or 0)
    return NetzeroSummary(sum(by_urgency.values()), by_urgency, total)


@dataclass(frozen=True)
class SurveyTop:
    """An open survey and its best-scored options."""

    survey_id: int
    title: str
    responses: int
    top: list[OptionScore]


def top_courses(limit: int = 5) -> list[SurveyTop]:
    """For each open survey, its `limit` best options by Borda score (surveys.ranking)."""
    surveys = db.session.scalars(
        db.select(Survey).where(Survey.is_open.is_(True)).order_by(Survey.id)
    ).all()
    found = []
    for survey in surveys:
        rankings = db.session.scalars(
            db.select(CourseResponse.ranks).where(CourseResponse.survey_id == survey.id)
        )
        results = aggregate(rankings, survey.option_labels(), survey.max_ranked)
        found.append(SurveyTop(survey.id, survey.title, results.response_count, results[:limit]))
    return found


@dataclass(frozen=True)
class SbtrSpread:
    """SBTR proposals per site county, split by category, most proposals first."""

    categories: list[str]
    rows: list[tuple[str, dict[str, int]]]

    @property
    def total(self) -> int:
        """All proposals counted."""
        return sum(sum(counts.values()) for _, counts in self.rows)


def sbtr_spread() -> SbtrSpread:
    """SBTR proposals by 創生場域所在縣市 and 申請類別."""
    categories = ["A", "B_PLUS"]
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(categories, 0))
    for county, category, count in db.session.execute(
        db.select(SbtrProposal.site_county, SbtrProposal.category, func.count()).group_by(
            SbtrProposal.site_county, SbtrProposal.category
        )
    ):
        row = counts[county or "（未填）"]
        row[category] = row.get(category, 0) + count
    rows = sorted(counts.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    return SbtrSpread(categories, rows)
