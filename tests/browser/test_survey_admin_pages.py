"""Officers' survey pages in a browser: list, editor rows (htmx), results with the SVG chart."""

import re

import pytest
from playwright.sync_api import expect

from smeup.extensions import db
from smeup.intake import Intake
from smeup.models.surveys import Survey
from smeup.submission_keys import new_key
from smeup.surveys.demo import seed
from smeup.surveys.responses import CourseAnswer, store_response
from tests.browser.conftest import sign_in
from tests.helpers import PASSWORD

pytestmark = pytest.mark.browser

COMPANY = {
    "company_name": "測試商行",
    "ubn": None,
    "county": None,
    "industry": None,
    "employees": None,
    "paid_in_capital": None,
    "contact_name": "王先生",
    "contact_phone": "0912345678",
    "contact_email": None,
    "consent": True,
}
ANSWERS = [
    (["copy", "brand", "social", "events", "channels"], "鹿港"),
    (["copy", "social", "brand", "channels", "events"], "鹿港"),
    (["brand", "copy", "events", "social", "resources"], "扇形車庫"),
    (["social", "copy", "brand", "resources", "events"], "審計新村"),
    (["copy", "events", "brand", "social", "channels"], "台東樂活"),
]


@pytest.fixture
def survey_id(app) -> int:
    with app.app_context():
        survey = seed()
        db.session.commit()
        return survey.id


def test_editor_rows_with_htmx(page, app, live_server, users, survey_id, check_page, screenshot):
    sign_in(page, live_server, users["officer"], PASSWORD)
    page.goto(live_server + "/console/surveys/new")
    check_page(page, label="new survey")
    page.goto(live_server + "/console/surveys/")
    check_page(page, label="survey list")
    page.get_by_role("link", name="編輯 數位轉型課程意願調查").click()
    page.wait_for_url(re.compile(r"/edit$"))
    check_page(page, label="survey editor")

    rows = page.locator(".option-row")
    expect(rows).to_have_count(6)
    page.get_by_role("button", name="新增選項").click()
    expect(rows).to_have_count(7)
    page.locator("#options-6-code").fill("ai")
    page.locator("#options-6-label").fill("AI 工具實作")
    up = page.get_by_role("button", name="上移 第 7 項")
    up.click()
    expect(page.locator("#options-5-code")).to_have_value("ai")
    # The same option's 上移 button keeps the focus after the swap.
    expect(page.get_by_role("button", name="上移 AI 工具實作")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#options-4-code")).to_have_value("ai")
    page.get_by_role("button", name="移除 活動企劃－活動資源企劃").click()
    expect(rows).to_have_count(6)
    screenshot(page, "survey-admin-editor", full_page=False)
    check_page(page, label="survey editor after row changes")

    # Enter in a text box saves (it must not press the first row button).
    page.get_by_label("問卷名稱").press("Enter")
    page.wait_for_url(re.compile(r"/console/surveys/$"))
    expect(page.get_by_role("status")).to_contain_text("已儲存問卷")
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        assert [o.code for o in survey.options] == [
            "brand",
            "channels",
            "copy",
            "social",
            "ai",
            "events",
        ]


def test_results_page_with_chart(page, app, live_server, users, survey_id, check_page, screenshot):
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        for ranks, place in ANSWERS:
            answer = CourseAnswer(company=COMPANY, location=place, codes=ranks)
            store_response(survey, answer, new_key(), Intake("web", None, None))
    sign_in(page, live_server, users["officer"], PASSWORD)
    page.goto(f"{live_server}/console/surveys/{survey_id}/results")
    expect(page.locator(".results-count")).to_contain_text("共 5 份回覆")
    first_row = page.locator(".results-table tbody tr").first
    expect(first_row.locator("th")).to_have_text("品牌行銷－熱銷文案策略")
    expect(page.locator(".bar-chart rect")).to_have_count(6)
    check_page(page, label="survey results")
    screenshot(page, "ranking-results")

    page.get_by_label("場域").select_option("鹿港")
    expect(page.locator(".results-count")).to_contain_text("共 2 份回覆（已篩選）")
    assert "location=" in page.url
    check_page(page, label="survey results filtered")
