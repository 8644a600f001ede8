"""Call-centre entry in the browser: lookup, prefill, keyboard-only entry, save and resume."""

import pytest

from tests.browser.conftest import sign_in
from tests.channels.browser_steps import focused, tab_to
from tests.channels.helpers import (
    rate_limits_off,  # noqa: F401 - autouse fixture
    stored_check,
    user_id,
)
from tests.helpers import PASSWORD, sql

pytestmark = pytest.mark.browser

NOTE = "來電者林小姐，希望寄送結果"


def test_an_agent_finds_a_company_and_completes_a_check_by_keyboard(
    page, live_server, users, app, check_page, screenshot
):
    stored_check(app, company_name="綠能五金有限公司", ubn="22099131")
    stored_check(app, company_name="海風民宿", ubn="04541302")
    sign_in(page, live_server, users["agent"], PASSWORD)
    page.goto(live_server + "/phone/netzero")
    check_page(page, label="phone entry")

    page.get_by_label("查詢企業（統一編號或名稱）").focus()
    # Results follow the typing: on a slow machine a pause between keys sends an earlier query
    # too. Wait for the answer to the whole query to be in place, or a late swap would take the
    # focus away from the result the test tabs to.
    with page.expect_response(lambda r: "/phone/lookup" in r.url and "q=2209" in r.url):
        page.keyboard.type("2209")
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling')")
    results = page.locator("#lookup-results .lookup-item")
    results.first.wait_for()
    assert results.count() == 1 and "綠能五金有限公司" in results.first.inner_text()
    check_page(page, label="phone entry with lookup results")
    screenshot(page, "phone-entry-lookup", full_page=False)

    page.keyboard.press("Tab")  # 查詢
    page.keyboard.press("Tab")  # the first company
    assert "綠能五金有限公司" in focused(page)
    page.keyboard.press("Enter")
    page.wait_for_url("**/phone/netzero?prefill=*")
    check_page(page, label="phone entry prefilled")
    assert page.get_by_label("企業名稱").input_value() == "綠能五金有限公司"
    assert page.get_by_label("統一編號").input_value() == "22099131"
    assert page.get_by_label("聯絡電話").input_value() == "04-2222-3333"
    assert not page.get_by_label("個人資料蒐集同意").is_checked()

    # From the top of the page, the keyboard alone: Tab moves on, Space ticks, Enter sends.
    tab_to(page, "consent")
    page.keyboard.press("Space")
    tab_to(page, "electricity_kwh")
    page.keyboard.type("120000")
    tab_to(page, "supply_chain_request")
    page.keyboard.press("ArrowDown")  # 沒有: a closed select steps with the arrow keys
    for question in ("cbam_export", "listed_company", "supplier_to_listed", "has_inventory"):
        tab_to(page, f"{question}-0")  # an unanswered pair: Tab stops on 是, Space picks it
        page.keyboard.press("Space")
    tab_to(page, "has_target-0")
    page.keyboard.press("ArrowRight")  # a radio pair's own key moves to 否 and picks it
    assert focused(page) == "has_target-1"
    page.keyboard.press("Tab")
    assert focused(page) == "call_note"
    page.keyboard.type(NOTE)
    page.keyboard.press("Tab")
    assert focused(page) == "送出並查看結果"
    page.keyboard.press("Enter")
    page.wait_for_url("**/netzero/r/**")
    check_page(page, label="phone result")
    screenshot(page, "phone-netzero-result")
    agent = user_id(app, users["agent"])
    rows = sql(
        app,
        "SELECT channel, entered_by_id, call_note, company_name FROM submission "
        "WHERE entered_by_id IS NOT NULL",
    )
    assert rows == [("phone", agent, NOTE, "綠能五金有限公司")]
    answers = sql(
        app,
        "SELECT cbam_export, has_target, supply_chain_request FROM netzero_check n "
        "JOIN submission s ON s.id = n.submission_id WHERE s.entered_by_id IS NOT NULL",
    )
    assert [(bool(a), bool(b), c) for a, b, c in answers] == [(True, False, "none")]


def test_an_agent_saves_an_unfinished_entry_and_resumes_it(
    page, live_server, users, app, check_page, screenshot
):
    sign_in(page, live_server, users["agent"], PASSWORD)
    page.goto(live_server + "/phone/")
    check_page(page, label="phone start")
    page.get_by_role("link", name="淨零健檢").click()
    page.wait_for_url("**/phone/netzero")
    tab_to(page, "company_name")
    page.keyboard.type("海風民宿")
    tab_to(page, "contact_name")
    page.keyboard.type("陳先生")
    tab_to(page, "call_note")
    page.keyboard.type("客戶要查電費單再回電")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert focused(page) == "儲存未完成"
    page.keyboard.press("Enter")
    page.wait_for_url("**/phone/")
    assert "已儲存未完成：海風民宿" in page.content()
    check_page(page, label="phone start with a draft")
    screenshot(page, "phone-start-drafts")

    page.get_by_role("link", name="繼續 海風民宿").click()
    page.wait_for_url("**/phone/netzero?draft=*")
    check_page(page, label="phone resumed entry")
    assert page.get_by_label("企業名稱").input_value() == "海風民宿"
    assert page.get_by_label("聯絡人").input_value() == "陳先生"
    assert page.get_by_label("通話紀錄").input_value() == "客戶要查電費單再回電"
    assert sql(app, "SELECT count(*) FROM submission") == [(0,)]
