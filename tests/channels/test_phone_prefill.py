"""A company found on the phone prefills the forms: only from the agent's own lookup, audited."""

import html
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from smeup.extensions import db
from smeup.forms.prefill import PREFILL_SECONDS
from smeup.models import AuditEntry
from smeup.surveys.demo import seed
from tests.channels.helpers import prefill_link, stored_check, user_id
from tests.helpers import login

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


def shows_company(page: str) -> bool:
    return "綠能五金有限公司" in page or "22099131" in page or "林小姐" in page


def test_an_agent_gets_the_course_form_prefilled_without_consent(auth, app, survey_id):
    stored_check(app)
    client = auth("agent")
    page = page_of(client, prefill_link(client, "2209", f"/surveys/{survey_id}"))
    for expected in COMPANY_VALUES:
        assert expected in page, expected
    assert not consent_ticked(page)


def test_an_agent_gets_the_sbtr_form_prefilled_with_the_whole_company_block(auth, app):
    stored_check(app, contact_email="lin@example.com")
    client = auth("agent")
    page = page_of(client, prefill_link(client, "2209", "/sbtr/"))
    for expected in (*COMPANY_VALUES, '<option selected value="臺中市">', 'value="35"'):
        assert expected in page, expected
    assert 'value="lin@example.com"' in page
    assert not consent_ticked(page)


def test_anonymous_visitors_get_empty_forms_whatever_prefill_says(client, auth, app, survey_id):
    source_id, _ = stored_check(app)
    link = prefill_link(auth("agent"), "2209", "/sbtr/").split("?")[1]
    client.get("/logout")
    anonymous = app.test_client()
    for url in (f"/surveys/{survey_id}?prefill={source_id}", f"/sbtr/?prefill={source_id}"):
        assert not shows_company(page_of(anonymous, url)), url
    assert not shows_company(page_of(anonymous, f"/sbtr/?{link}"))


def test_an_agent_cannot_walk_bare_submission_ids(auth, app, survey_id):
    # Ids are sequential: a bare id would open every company's unmasked contact details.
    source_id, _ = stored_check(app)
    client = auth("agent")
    assert client.get(f"/phone/netzero?prefill={source_id}").status_code == 404
    for url in (f"/surveys/{survey_id}?prefill={source_id}", f"/sbtr/?prefill={source_id}"):
        assert not shows_company(page_of(client, url)), url
    assert prefill_entries(app) == []


def test_an_agent_cannot_use_another_agents_or_a_forged_reference(auth, app, users):
    source_id, _ = stored_check(app)
    link = prefill_link(auth("agent"), "2209", "/phone/netzero")
    other = app.test_client()
    with app.app_context():
        from smeup.models import User

        colleague = User(username="agent2", role="agent", display_name="同事")
        colleague.set_password("another password 7")
        db.session.add(colleague)
        db.session.commit()
    assert login(other, "agent2", "another password 7").status_code == 302
    assert other.get(link).status_code == 404
    assert not shows_company(page_of(other, link.replace("/phone/netzero", "/sbtr/")))
    token = link.split("prefill=")[1]
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert other.get(f"/phone/netzero?prefill={forged}").status_code == 404


def test_a_reference_expires(auth, app, users):
    stored_check(app)
    issued = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with time_machine.travel(issued, tick=False):
        link = prefill_link(auth("agent"), "2209", "/phone/netzero")
    for seconds_later, status in ((PREFILL_SECONDS - 60, 200), (PREFILL_SECONDS + 2, 404)):
        with time_machine.travel(issued + timedelta(seconds=seconds_later), tick=False):
            client = app.test_client()  # a fresh sign-in: the session itself may have expired
            assert login(client, users["agent"]).status_code == 302
            assert client.get(link).status_code == status, seconds_later


def prefill_entries(app) -> list[tuple[str, int | None, dict]]:
    with app.app_context():
        entries = db.session.scalars(
            db.select(AuditEntry).filter_by(action="prefill").order_by(AuditEntry.id)
        )
        return [(e.username, e.user_id, e.detail) for e in entries]


def test_each_prefill_is_audited_with_who_what_and_into_which_form(auth, app, users, survey_id):
    source_id, _ = stored_check(app)
    client = auth("agent")
    for path in ("/phone/netzero", "/sbtr/", f"/surveys/{survey_id}"):
        client.get(prefill_link(client, "2209", path))
    entries = prefill_entries(app)
    agent_id = user_id(app, users["agent"])
    assert [(who, uid) for who, uid, _ in entries] == [(users["agent"], agent_id)] * 3
    assert [d["into"] for *_, d in entries] == ["netzero", "sbtr", "course"]
    assert {(d["submission_id"], d["form_type"]) for *_, d in entries} == {(source_id, "netzero")}
    officer_view = page_of(auth("officer"), "/console/audit?action=prefill")
    assert "帶入企業資料" in officer_view and "帶入表單" in officer_view


def test_an_officer_may_still_prefill_from_a_bare_id_and_it_is_audited(auth, app, users):
    source_id, _ = stored_check(app)
    client = auth("officer")
    page = page_of(client, f"/phone/netzero?prefill={source_id}")
    assert 'value="綠能五金有限公司"' in page
    assert [who for who, *_ in prefill_entries(app)] == [users["officer"]]


def test_an_unknown_prefill_gives_an_agent_an_empty_form(auth, app):
    page = page_of(auth("agent"), "/sbtr/?prefill=999999")
    assert "綠能五金有限公司" not in page


def test_lookup_results_link_to_all_three_prefilled_forms(auth, app, survey_id):
    stored_check(app)
    client = auth("agent")
    response = client.get("/phone/lookup", query_string={"q": "2209"}, headers={"HX-Request": "1"})
    fragment = html.unescape(response.get_data(as_text=True))
    assert re.search(r'href="/phone/netzero\?prefill=[^"]+"', fragment)
    assert "帶入淨零健檢" in fragment and "帶入課程意願調查" in fragment
    assert re.search(rf'href="/surveys/{survey_id}\?prefill=[^"]+"', fragment)
    assert re.search(r'href="/sbtr/\?prefill=[^"]+"', fragment) and "帶入 SBTR 提案" in fragment


def test_a_closed_survey_is_not_offered(auth, app, survey_id):
    stored_check(app)
    with app.app_context():
        from smeup.models.surveys import Survey

        db.session.get(Survey, survey_id).is_open = False
        db.session.commit()
    fragment = auth("agent").get("/phone/", query_string={"q": "2209"}).get_data(as_text=True)
    assert "/sbtr/?prefill=" in fragment and f"/surveys/{survey_id}?prefill=" not in fragment
