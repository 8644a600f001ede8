"""Kiosk mode on a tablet: a visitor fills a 淨零健檢, presses 完成, and leaves nothing behind."""

import threading

import pytest
from werkzeug.serving import make_server

from tests.browser.conftest import PORTRAIT, new_context, pause_page_clock, sign_in
from tests.channels.browser_steps import fill_netzero_as_visitor, start_kiosk_mode
from tests.channels.helpers import (
    PIN,
    make_event,
    rate_limits_off,  # noqa: F401 - autouse fixture
)
from tests.helpers import PASSWORD, sql

pytestmark = pytest.mark.browser

EVENT = "淨零巡迴說明會（鹿港場）"
EVENT_LABEL = "2025-10-18 淨零巡迴說明會（鹿港場）（彰化縣鹿港鎮公所）"
COMPANY = "鹿港老街文創有限公司"


@pytest.fixture
def event_id(app):
    return make_event(app, name=EVENT, county="彰化縣", venue="鹿港鎮公所")


def test_a_visitor_finishes_and_the_next_one_sees_nothing_of_theirs(
    page, live_server, users, event_id, app, check_page, screenshot
):
    start_kiosk_mode(page, live_server, users["agent"], EVENT_LABEL, check_page)
    check_page(page, label="kiosk start")
    screenshot(page, "kiosk-start-landscape")
    header = page.locator("header").inner_text()
    assert EVENT in header and "登出" not in header and "電話登錄" not in header
    tile = page.get_by_role("link", name="淨零健檢")
    box = tile.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44

    tile.click()
    page.wait_for_url("**/netzero/")
    check_page(page, label="kiosk netzero form")
    fill_netzero_as_visitor(page, COMPANY)
    page.get_by_role("button", name="送出並查看結果").click()
    page.wait_for_url("**/netzero/r/**")
    result_url = page.url
    check_page(page, label="kiosk netzero result")
    qr = page.get_by_role("img", name="本結果網址的 QR Code")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    screenshot(page, "kiosk-netzero-result")
    assert sql(app, "SELECT channel, event_id, entered_by_id FROM submission") == [
        ("roadshow", event_id, None)
    ]

    page.get_by_role("button", name="完成").click()
    page.wait_for_url("**/kiosk/")
    check_page(page, label="kiosk start after 完成")
    assert COMPANY not in page.content()

    # Back, back, back: the result is refused, the form comes back empty.
    page.go_back()
    page.wait_for_load_state("load")
    assert page.url.endswith("/kiosk/") and COMPANY not in page.content()
    page.go_back()
    page.wait_for_load_state("load")
    assert page.url.endswith("/netzero/")
    assert page.get_by_label("企業名稱").input_value() == ""
    assert page.get_by_label("年用電量").input_value() == ""
    page.goto(result_url)
    assert page.url.endswith("/kiosk/") and COMPANY not in page.content()


def test_the_start_screen_in_portrait_has_big_buttons(
    browser, live_server, users, event_id, check_page, screenshot
):
    context = new_context(browser, PORTRAIT)
    page = context.new_page()
    try:
        start_kiosk_mode(page, live_server, users["agent"], EVENT_LABEL)
        check_page(page, label="kiosk start portrait")
        screenshot(page, "kiosk-start-portrait")
        for name in ("淨零健檢", "課程意願調查"):
            box = page.get_by_role("link", name=name).bounding_box()
            assert box["height"] >= 100 and box["width"] >= 300, name
        font = page.locator("main p.lead").evaluate("p => parseFloat(getComputedStyle(p).fontSize)")
        assert font >= 16
    finally:
        context.close()


def test_a_wrong_pin_stays_and_staff_pages_stay_out_of_reach(
    page, live_server, users, event_id, check_page
):
    start_kiosk_mode(page, live_server, users["agent"], EVENT_LABEL)
    for path in ("/console/", "/phone/", "/admin/users", "/kiosk/setup"):
        page.goto(live_server + path)
        assert page.url == live_server + "/kiosk/", path
    page.get_by_role("link", name="工作人員：結束展示機模式").click()
    check_page(page, label="kiosk exit")
    page.get_by_role("textbox", name="PIN（必填）").fill("000000")
    page.get_by_role("button", name="結束展示機模式").click()
    assert "PIN 不正確，仍在展示機模式。" in page.content()
    check_page(page, label="kiosk exit wrong pin")
    page.goto(live_server + "/phone/")
    assert page.url == live_server + "/kiosk/"
    page.goto(live_server + "/kiosk/exit")
    page.get_by_role("textbox", name="PIN（必填）").fill(PIN)
    page.get_by_role("button", name="結束展示機模式").click()
    page.wait_for_url("**/login")
    assert "已離開展示機模式" in page.content()
    check_page(page, label="login after leaving kiosk mode")


@pytest.fixture
def quick_idle_server(make_app):
    """The app with a 3-second kiosk idle time, on its own live server."""
    app = make_app(SMEUP_KIOSK_IDLE_SECONDS=3)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_a_half_filled_form_left_idle_is_cleared_and_back_cannot_return(
    page, quick_idle_server, users, event_id, check_page
):
    # The page's clock is the test's: the idle timer fires when the test moves time on, never
    # because a loaded machine was slow between two steps (real waits made this flaky).
    page.clock.install()
    start_kiosk_mode(page, quick_idle_server, users["agent"], EVENT_LABEL)
    pause_page_clock(page)  # on the start screen: no idle timer
    page.get_by_role("link", name="淨零健檢").click()
    page.wait_for_url("**/netzero/")
    page.get_by_label("企業名稱").fill(COMPANY)
    page.get_by_label("聯絡電話").fill("04-777-2345")
    page.clock.run_for(1500)
    page.get_by_label("員工人數").fill("12")  # still typing: the clock starts again
    page.clock.run_for(2000)  # 3.5 s since the first keys, 2 s since the last
    assert page.url.endswith("/netzero/")
    page.clock.run_for(1100)  # 3.1 s since the last: cleared and sent home
    page.wait_for_url("**/kiosk/")
    page.clock.resume()
    check_page(page, label="kiosk start after idle")
    assert COMPANY not in page.content()
    page.go_back()  # replace(): the half-filled form is not in history any more
    page.wait_for_load_state("load")
    assert page.url.endswith("/kiosk/") and COMPANY not in page.content()


def test_an_officer_sets_up_the_event_a_kiosk_serves(page, live_server, users, app, check_page):
    sign_in(page, live_server, users["officer"], PASSWORD)
    page.goto(live_server + "/console/events/")
    check_page(page, label="events list empty")
    page.get_by_role("link", name="新增活動").click()
    check_page(page, label="new event")
    page.get_by_role("button", name="新增活動").click()
    assert page.get_by_text("請填寫活動名稱").is_visible()
    assert page.get_by_text("請至少勾選一種在活動現場開放的表單").is_visible()
    check_page(page, label="new event with errors")
    page.get_by_label("活動名稱").fill("數位轉型說明會（臺東場）")
    page.get_by_label("活動日期").fill("2025-11-08")
    page.get_by_label("活動地點").fill("台東樂活")
    page.get_by_label("所在縣市").select_option("臺東縣")
    page.get_by_label("課程意願調查").check()
    page.get_by_role("button", name="新增活動").click()
    page.wait_for_url("**/console/events/")
    check_page(page, label="events list")
    row = page.get_by_role("row", name="數位轉型說明會（臺東場）")
    assert "2025-11-08" in row.inner_text() and "課程意願調查" in row.inner_text()
    row.get_by_role("link", name="編輯").click()
    check_page(page, label="edit event")
    page.get_by_label("淨零健檢").check()
    page.get_by_role("button", name="儲存變更").click()
    page.wait_for_url("**/console/events/")
    assert "淨零健檢、課程意願調查" in page.get_by_role("row", name="數位轉型說明會").inner_text()
    page.goto(live_server + "/kiosk/setup")
    options = page.get_by_label("活動").locator("option").all_inner_texts()
    assert "2025-11-08 數位轉型說明會（臺東場）（臺東縣台東樂活）" in options
