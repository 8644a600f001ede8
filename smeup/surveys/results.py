"""Officers' results of one survey: per-option scores over the responses a filter selects."""

from dataclasses import dataclass

from ..extensions import db
from ..models import Event, Submission
from ..models.surveys import CourseResponse, Survey
from .ranking import RankingResults, aggregate

NO_EVENT = "none"


@dataclass(frozen=True)
class ResultsFilter:
    """Which responses to count: a location ("" = all) and an event ("" all, "none", or an id)."""

    location: str = ""
    event: str = ""


def filter_choices(survey: Survey) -> tuple[list[str], list[tuple[str, str]]]:
    """The locations and events a survey's results can be filtered by."""
    stored = db.session.scalars(
        db.select(CourseResponse.location)
        .where(CourseResponse.survey_id == survey.id, CourseResponse.location.is_not(None))
        .distinct()
    )
    locations = list(dict.fromkeys([*survey.locations, *sorted(stored)]))
    events = db.session.execute(
        db.select(Event.id, Event.name, Event.date)
        .join(Submission, Submission.event_id == Event.id)
        .join(CourseResponse, CourseResponse.submission_id == Submission.id)
        .where(CourseResponse.survey_id == survey.id)
        .distinct()
        .order_by(Event.date, Event.id)
    ).all()
    event_choices = [(str(e.id), f"{e.name}（{e.date:%Y-%m-%d}）") for e in events]
    return locations, [*event_choices, (NO_EVENT, "非巡迴活動（網路、電話）")]


def clean_filter(survey: Survey, location: str, event: str) -> ResultsFilter:
    """Keep only filter values the survey offers; anything else means "all"."""
    locations, events = filter_choices(survey)
    return ResultsFilter(
        location=location if location in locations else "",
        event=event if event in {value for value, _ in events} else "",
    )


def survey_results(survey: Survey, chosen: ResultsFilter) -> RankingResults:
    """Scores of every option (hidden ones too) over the chosen responses, best first."""
    query = (
        db.select(CourseResponse.ranks)
        .join(Submission, Submission.id == CourseResponse.submission_id)
        .where(CourseResponse.survey_id == survey.id)
    )
    if chosen.location:
        query = query.where(CourseResponse.location == chosen.location)
    if chosen.event == NO_EVENT:
        query = query.where(Submission.event_id.is_(None))
    elif chosen.event:
        query = query.where(Submission.event_id == int(chosen.event))
    rankings = db.session.scalars(query)
    return aggregate(rankings, survey.option_labels(), survey.max_ranked)
