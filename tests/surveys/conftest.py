"""Fixtures for the survey tests: the demo survey, opening and posting its form, stored rows."""

import html
import re

import pytest

from smeup.extensions import db
from smeup.intake import Intake
from smeup.models.surveys import CourseResponse, Survey, SurveyOption
from smeup.submission_keys import new_key
from smeup.surveys.demo import seed
from smeup.surveys.responses import CourseAnswer, store_response

COMPANY = {
    "company_name": "鹿港老街文創有限公司",
    "ubn": "",
    "contact_name": "施先生",
    "contact_phone": "04-777-2345",
    "consent": "y",
}
TOP5 = ["copy", "brand", "social", "events", "channels"]


@pytest.fixture
def demo_survey(app) -> int:
    """The demo survey of forms.md §3; returns its id."""
    with app.app_context():
        survey = seed()
        db.session.commit()
        return survey.id


@pytest.fixture
def make_survey(app):
    """Make a survey: make_survey(options=[(code, label)...], min_ranked=, max_ranked=, ...)."""

    def factory(options, min_ranked=1, max_ranked=3, locations=(), is_open=True, title="測試問卷"):
        with app.app_context():
            survey = Survey(
                title=title,
                description="",
                min_ranked=min_ranked,
                max_ranked=max_ranked,
                locations=list(locations),
                is_open=is_open,
                options=[
                    SurveyOption(code=c, label=label, position=i)
                    for i, (c, label) in enumerate(options)
                ],
            )
            db.session.add(survey)
            db.session.commit()
            return survey.id

    return factory


@pytest.fixture
def add_response(app):
    """Store a response directly: add_response(survey_id, ranks, location=, event_id=)."""

    def factory(survey_id, ranks, location=None, event_id=None):
        with app.app_context():
            survey = db.session.get(Survey, survey_id)
            answer = CourseAnswer(
                company={**COMPANY, "consent": True}, location=location, codes=ranks
            )
            intake = Intake("roadshow" if event_id else "web", event_id, None)
            stored = store_response(survey, answer, new_key(), intake)
            return stored.submission.id

    return factory


def open_form(client, survey_id) -> dict:
    """GET the survey form and return its hidden csrf_token and submission_key."""
    page = client.get(f"/surveys/{survey_id}").get_data(as_text=True)
    hidden = dict(
        re.findall(r'name="(csrf_token|submission_key)" type="hidden" value="([^"]+)"', page)
    )
    assert set(hidden) == {"csrf_token", "submission_key"}
    return hidden


def ranks_data(codes, slots=5) -> dict:
    """rank_1 … rank_<slots> form fields for the codes (the rest empty)."""
    return {f"rank_{i}": (codes[i - 1] if i <= len(codes) else "") for i in range(1, slots + 1)}


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def stored_responses(app) -> list[CourseResponse]:
    """Every stored course response with its submission loaded."""
    with app.app_context():
        rows = db.session.scalars(db.select(CourseResponse).order_by(CourseResponse.submission_id))
        found = list(rows)
        for row in found:
            _ = row.submission.company_name
        db.session.expunge_all()
        return found
