"""Storing a course response once, and reading one back for its confirmation page."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..extensions import db
from ..intake import Intake
from ..models import Submission
from ..models.surveys import CourseResponse, Survey
from ..submissions import Stored, store_once


@dataclass(frozen=True)
class CourseAnswer:
    """What a valid course form carries: the company block, the location and the ranked codes."""

    company: Mapping
    location: str | None
    codes: Sequence[str]


def store_response(survey: Survey, answer: CourseAnswer, key: str, intake: Intake) -> Stored:
    """Store the response under its submission key (a retry returns the first one)."""
    data = {
        **answer.company,
        "survey_id": survey.id,
        "location": answer.location,
        "ranks": list(answer.codes),
    }

    def build() -> Submission:
        submission = Submission(
            **intake.envelope("course"),
            **answer.company,
        )
        db.session.add(
            CourseResponse(
                submission=submission,
                survey_id=survey.id,
                location=answer.location,
                ranks=list(answer.codes),
            )
        )
        return submission

    return store_once(key, data, build)


def response_by_token(token: str) -> CourseResponse | None:
    """The course response behind a confirmation link, or None."""
    return db.session.scalar(
        db.select(CourseResponse)
        .join(Submission)
        .where(Submission.result_token == token, Submission.form_type == "course")
    )


def ranked_labels(response: CourseResponse) -> list[tuple[int, str]]:
    """(rank, label) for each ranked option; an option deleted since shows its code."""
    labels = response.survey.option_labels()
    return [(i, labels.get(code, code)) for i, code in enumerate(response.ranks, start=1)]
