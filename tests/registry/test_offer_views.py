"""The registry offer on the forms (htmx and plain posts), the phone lookup, and the fill."""

import re

import pytest

from smeup.models import Submission
from tests import fake_registry as fake
from tests.helpers import NETZERO_FORM, count_rows, csrf_token, login


@pytest.fixture
def client(registry_app):
    return registry_app.test_client()


def offer(client, ubn, form="netzero"):
    response = client.get(f"/registry/offer?form={form}&ubn={ubn}", headers={"HX-Request": "true"})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def value_of(html: str, name: str) -> str | None:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', html)
    return match and match.group(1)


def selected(html: str, name: str) -> str | None:
    select = re.search(rf'<select[^>]*name="{name}".*?</select>', html, re.S).group(0)
    match = re.search(r'<option selected value="([^"]*)"', select)
    return match and match.group(1)


def test_the_offer_shows_what_the_registry_says_and_fills_nothing_by_itself(client):
    html = offer(client, "04541302")
    text = text_of(html)
    assert "登記資料： 綠能五金股份有限公司 ，臺中市，實收資本額 8,500,000 元" in text
    assert "設立於 2023-09-01（民國 112 年）" in text
    assert "帶入企業名稱、所在縣市、實收資本額" in text
    assert 'name="registry_fill" value="04541302"' in html
    assert count_rows(client.application, Submission) == 0


def test_the_course_form_is_offered_only_the_fields_it_has(client):
    assert "帶入企業名稱</button>" in offer(client, "04541302", form="course")


def test_a_dissolved_company_is_said_so(client):
    text = text_of(offer(client, "34051920"))
    assert "這家公司已解散" in text
    assert "大甲老街文創有限公司" in text


def test_not_found(client):
    assert "查不到登記資料（統一編號 04595252）" in text_of(offer(client, fake.NOT_FOUND))


@pytest.mark.parametrize("ubn", [fake.SLOW, fake.SERVER_ERROR, fake.MALFORMED])
def test_a_broken_registry_gets_a_quiet_note_not_an_error(client, ubn):
    text = text_of(offer(client, ubn))
    assert "目前無法查詢登記資料，請直接填寫" in text
    assert "登記資料：" not in text


def test_typing_an_incomplete_number_asks_nothing(client, registry):
    assert "登記資料：" not in offer(client, "0454")
    assert sum(registry.asked.values()) == 0


def test_the_inline_check_of_the_number_never_asks_the_registry(client, registry):
    token = csrf_token(client, "/netzero/")
    response = client.post(
        "/validate/netzero/ubn",
        data={"ubn": fake.SLOW, "csrf_token": token},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "field-error" not in response.get_data(as_text=True)
    assert registry.asked[fake.SLOW] == 0


def test_fill_swaps_in_the_company_fields_and_keeps_the_rest(client):
    token = csrf_token(client, "/netzero/")
    typed = {**NETZERO_FORM, "company_name": "綠能", "ubn": "04541302", "county": ""}
    response = client.post(
        "/registry/fill/netzero",
        data={**typed, "registry_fill": "04541302", "csrf_token": token},
        headers={"HX-Request": "true"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "已帶入「綠能五金股份有限公司」的登記資料：企業名稱、所在縣市、實收資本額" in html
    assert "員工人數不在登記資料中，請另外填寫" in html
    assert value_of(html, "company_name") == "綠能五金股份有限公司"
    assert selected(html, "county") == "臺中市"
    assert value_of(html, "paid_in_capital") == "8500000"
    assert html.count('data-hx-swap-oob="true"') == 3
    assert 'name="employees"' not in html  # not in the registry: left as typed
    assert count_rows(client.application, Submission) == 0


def test_without_javascript_the_buttons_show_the_form_again_filled(client):
    token = csrf_token(client, "/netzero/")
    hidden = re.search(
        r'name="submission_key" type="hidden" value="([^"]+)"',
        client.get("/netzero/").get_data(as_text=True),
    )
    typed = {
        **NETZERO_FORM,
        "company_name": "綠能",
        "ubn": "04541302",
        "csrf_token": token,
        "submission_key": hidden[1],
    }

    asked = client.post("/netzero/", data={**typed, "registry_lookup": "1"})
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert "帶入企業名稱、所在縣市、實收資本額" in text_of(page)
    assert value_of(page, "company_name") == "綠能"  # nothing filled yet

    filled = client.post("/netzero/", data={**typed, "registry_fill": "04541302"})
    page = filled.get_data(as_text=True)
    assert filled.status_code == 200
    assert value_of(page, "company_name") == "綠能五金股份有限公司"
    assert value_of(page, "paid_in_capital") == "8500000"
    assert value_of(page, "employees") == "35"
    assert value_of(page, "contact_name") == "林小姐"
    assert "field-error" not in page
    assert count_rows(client.application, Submission) == 0

    sent = client.post("/netzero/", data={**typed, "company_name": "綠能五金股份有限公司"})
    assert sent.status_code == 303
    assert count_rows(client.application, Submission) == 1


def test_a_form_shown_again_with_a_valid_number_asks_after_the_page(client, registry):
    token = csrf_token(client, "/netzero/")
    page = client.post("/netzero/", data={**NETZERO_FORM, "employees": "", "csrf_token": token})
    html = page.get_data(as_text=True)
    assert page.status_code == 422
    assert 'data-hx-trigger="load"' in html  # the offer loads on its own request
    assert registry.asked["22099131"] == 0


def test_the_survey_and_sbtr_forms_have_the_offer(client, app):
    from smeup.extensions import db
    from smeup.surveys.demo import seed

    with app.app_context():
        survey_id = seed().id
        db.session.commit()
    for url in (f"/surveys/{survey_id}", "/sbtr/"):
        html = client.get(url).get_data(as_text=True)
        assert 'id="registry-offer"' in html, url


def test_the_phone_lookup_offers_to_start_from_the_registry(client, users):
    assert login(client, users["agent"]).status_code == 302
    results = client.get("/phone/lookup?q=04541302").get_data(as_text=True)
    assert "/registry/phone?ubn=04541302" in results
    answer = client.get("/registry/phone?ubn=04541302").get_data(as_text=True)
    assert "綠能五金股份有限公司" in answer
    start = re.search(r'href="(/phone/netzero\?registry=04541302)"', answer)[1]
    page = client.get(start).get_data(as_text=True)
    assert value_of(page, "company_name") == "綠能五金股份有限公司"
    assert value_of(page, "ubn") == "04541302"
    assert selected(page, "county") == "臺中市"


def test_off_means_no_offer_anywhere(app):
    client = app.test_client()  # the test apps' registry URL is empty
    assert 'id="registry-offer"' not in client.get("/netzero/").get_data(as_text=True)
    html = client.get("/registry/offer?form=netzero&ubn=04541302").get_data(as_text=True)
    assert "登記資料" not in html


def test_past_the_rate_limit_the_offer_is_quiet(make_app, app, registry):
    limited = make_app(
        SMEUP_REGISTRY_URL=registry.url, RATELIMIT_ENABLED=True, SMEUP_REGISTRY_LIMIT="2 per minute"
    )
    client = limited.test_client()
    answers = [offer(client, "04541302") for _ in range(3)]
    assert "綠能五金股份有限公司" in answers[1]
    assert "目前無法查詢登記資料" in answers[2]


def test_without_javascript_the_survey_and_sbtr_forms_fill_too(client, app):
    from smeup.extensions import db
    from smeup.surveys.demo import seed

    with app.app_context():
        survey_id = seed().id
        db.session.commit()
    token = csrf_token(client, "/sbtr/")
    typed = {"company_name": "綠能", "ubn": "04541302", "paid_in_capital": "", "csrf_token": token}
    survey = client.post(f"/surveys/{survey_id}", data={**typed, "registry_fill": "04541302"})
    assert survey.status_code == 200
    assert value_of(survey.get_data(as_text=True), "company_name") == "綠能五金股份有限公司"
    sbtr = client.post("/sbtr/", data={**typed, "registry_fill": "04541302"})
    page = sbtr.get_data(as_text=True)
    assert sbtr.status_code == 200
    assert value_of(page, "company_name") == "綠能五金股份有限公司"
    assert value_of(page, "paid_in_capital") == "8500000"
    assert count_rows(app, Submission) == 0


def test_fill_with_a_number_the_registry_does_not_know_fills_nothing(client):
    token = csrf_token(client, "/netzero/")
    response = client.post(
        "/registry/fill/netzero",
        data={
            "company_name": "綠能",
            "ubn": fake.NOT_FOUND,
            "registry_fill": fake.NOT_FOUND,
            "csrf_token": token,
        },
        headers={"HX-Request": "true"},
    )
    html = response.get_data(as_text=True)
    assert "查不到登記資料" in html
    assert "data-hx-swap-oob" not in html
    assert client.post("/registry/fill/nothing", data={"csrf_token": token}).status_code == 404


def test_an_offer_left_from_a_changed_number_fills_nothing(client):
    token = csrf_token(client, "/netzero/")
    typed = {"company_name": "綠能", "ubn": "34051920", "registry_fill": "04541302"}
    htmx = client.post(
        "/registry/fill/netzero", data={**typed, "csrf_token": token}, headers={"HX-Request": "1"}
    ).get_data(as_text=True)
    assert "data-hx-swap-oob" not in htmx
    assert "大甲老街文創有限公司" in htmx and "這家公司已解散" in htmx  # the number there now
    plain = client.post("/netzero/", data={**NETZERO_FORM, **typed, "csrf_token": token})
    page = plain.get_data(as_text=True)
    assert plain.status_code == 200
    assert value_of(page, "company_name") == "綠能"
    assert "大甲老街文創有限公司" in page


def test_the_navigator_buttons_without_javascript_fill_the_founding_date_and_send_nothing(
    client,
):
    from tests.helpers import NAVIGATOR_FORM

    page = client.get("/navigator/").get_data(as_text=True)
    hidden = dict(
        re.findall(r'name="(csrf_token|submission_key)" type="hidden" value="([^"]+)"', page)
    )
    typed = {**NAVIGATOR_FORM, **hidden, "company_name": "綠能", "ubn": "04541302"}

    asked = client.post("/navigator/", data={**typed, "registry_lookup": "1"})
    assert asked.status_code == 200
    assert value_of(asked.get_data(as_text=True), "company_name") == "綠能"

    filled = client.post("/navigator/", data={**typed, "registry_fill": "04541302"})
    page = filled.get_data(as_text=True)
    assert filled.status_code == 200
    assert value_of(page, "company_name") == "綠能五金股份有限公司"
    assert value_of(page, "founded_on") == "2023-09-01"
    assert count_rows(client.application, Submission) == 0
