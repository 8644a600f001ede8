"""A company found on the phone prefills the course survey and the SBTR proposal, for staff only."""

import html
import re

import pytest

from smeup.extensions import db
from smeup.surveys.demo import seed
from tests.channels.helpers import stored_check

COMPANY_VALUES = (
    'value="綠能五金有限公司"',
    'value="22099131"',
    'value="林小姐"',
    'value="04-2222-3333"',
)


@pytest.fixture
def survey_id(app) -> int:
    with app.app_context():
        survey = seed()
        db.session.commit()
        return survey.id


def page_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def consent_ticked(page: str) -> bool:
    assert re.search(r'<input[^>]*name="consent"', page)
    return bool(
        re.search(r'<input[^>]*checked[^>]*name="consent"|name="consent"[^>]*checked', page)
    )


def test_an_agent_gets_the_course_form_prefilled_without_consent(auth, app, survey_id):
    source_id, _ = stored_check(app)
    page = page_of(auth("agent"), f"/surveys/{survey_id}?prefill={source_id}")
    for expected in COMPANY_VALUES:
        assert expected in page, expected
    assert not consent_ticked(page)


def test_an_agent_gets_the_sbtr_form_prefilled_with_the_whole_company_block(auth, app):
    source_id, _ = stored_check(app, contact_email="lin@example.com")
    page = page_of(auth("agent"), f"/sbtr/?prefill={source_id}")
    for expected in (*COMPANY_VALUES, '<option selected value="臺中市">', 'value="35"'):
        assert expected in page, expected
    assert 'value="lin@example.com"' in page
    assert not consent_ticked(page)


def test_anonymous_visitors_get_empty_forms_whatever_prefill_says(client, app, survey_id):
    source_id, _ = stored_check(app)
    for url in (f"/surveys/{survey_id}?prefill={source_id}", f"/sbtr/?prefill={source_id}"):
        page = page_of(client, url)
        assert "綠能五金有限公司" not in page and "22099131" not in page, url
        assert "林小姐" not in page, url


def test_an_unknown_prefill_gives_an_agent_an_empty_form(auth, app):
    page = page_of(auth("agent"), "/sbtr/?prefill=999999")
    assert "綠能五金有限公司" not in page


def test_lookup_results_link_to_all_three_prefilled_forms(auth, app, survey_id):
    source_id, _ = stored_check(app)
    response = auth("agent").get(
        "/phone/lookup", query_string={"q": "2209"}, headers={"HX-Request": "1"}
    )
    fragment = html.unescape(response.get_data(as_text=True))
    assert f'href="/phone/netzero?prefill={source_id}"' in fragment and "帶入淨零健檢" in fragment
    assert f'href="/surveys/{survey_id}?prefill={source_id}"' in fragment
    assert "帶入課程意願調查" in fragment
    assert f'href="/sbtr/?prefill={source_id}"' in fragment and "帶入 SBTR 提案" in fragment


def test_a_closed_survey_is_not_offered(auth, app, survey_id):
    stored_check(app)
    with app.app_context():
        from smeup.models.surveys import Survey

        db.session.get(Survey, survey_id).is_open = False
        db.session.commit()
    fragment = auth("agent").get("/phone/", query_string={"q": "2209"}).get_data(as_text=True)
    assert "/sbtr/?prefill=" in fragment and f"/surveys/{survey_id}?prefill=" not in fragment
