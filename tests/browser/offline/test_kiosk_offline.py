"""Kiosk tablets when the venue's Wi-Fi drops (offline.md): nothing lost, nothing doubled,
nothing of one visitor left for the next."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from smeup.extensions import db
from smeup.models.kiosk import KioskSession
from tests.browser.offline.outbox_steps import (
    COMPANY,
    EVENT_LABEL,
    SAVED,
    fill_and_send_offline,
    network_down,
    network_up,
    outbox,
    press_send_now,
    submission_count,
    wait_delivered,
    wait_for,
    wait_saved,
    wait_until_worker_keeps,
)
from tests.channels.browser_steps import fill_netzero_as_visitor, start_kiosk_mode
from tests.channels.helpers import PIN, rate_limits_off  # noqa: F401
from tests.helpers import sql

pytestmark = pytest.mark.browser

SHOTS = "/tmp/shots-offline"


def test_offline_the_answers_wait_encrypted_on_the_tablet_and_arrive_once_online(
    kiosk_page, app, check_page, live_server
):
    page = kiosk_page
    fill_and_send_offline(page)
    wait_saved(page)
    page.screenshot(path=f"{SHOTS}/saved-on-tablet.png", full_page=False)
    check_page(page, label="net-zero form after an offline save")
    # A clean form for the next visitor, and one entry that holds none of the typed text.
    assert page.get_by_label("企業名稱").input_value() == ""
    assert page.get_by_label("年用電量").input_value() == ""
    entries = outbox(page)
    assert len(entries) == 1 and submission_count(app) == 0
    dump = json.dumps(entries, ensure_ascii=False)
    for typed in (COMPANY, "04541302", "施先生", "04-777-2345", "85000", "彰化縣"):
        assert typed not in dump
    # The kiosk pages open while the network is still down (from the service worker).
    page.goto(live_server + "/kiosk/")
    assert page.get_by_role("link", name="淨零健檢").is_visible()
    page.locator("#outbox-status").get_by_text("本機尚有 1 筆離線資料待送出").wait_for()
    page.screenshot(path=f"{SHOTS}/tablet-pending-count.png", full_page=True)
    check_page(page, label="kiosk start with a queued entry, offline")

    network_up(page.context)
    wait_delivered(page, app, "the entry to arrive")
    assert sql(app, "SELECT company_name, channel, via_outbox FROM submission") == [
        (COMPANY, "roadshow", True)
    ]


def test_stored_but_the_answer_lost_is_sent_again_and_stored_once(kiosk_page, app, live_server):
    page = kiosk_page
    page.get_by_role("link", name="淨零健檢").click()
    page.wait_for_url("**/netzero/")
    fill_netzero_as_visitor(page)

    def store_then_lose_the_answer(route):
        route.fetch()  # the server stores it ...
        route.abort("connectionreset")  # ... and the answer never reaches the tablet

    page.route(
        "**/netzero/",
        lambda route: (
            store_then_lose_the_answer(route)
            if route.request.method == "POST"
            else route.continue_()
        ),
    )
    page.get_by_role("button", name="送出並查看結果").click()
    wait_saved(page)
    assert submission_count(app) == 1
    page.get_by_role("button", name="立即送出").count()  # not on this page: the start screen
    page.goto(live_server + "/kiosk/")
    wait_for(page, lambda: not outbox(page), "the outbox to empty")
    assert submission_count(app) == 1


def test_a_captive_portal_answering_the_health_check_keeps_the_entry(kiosk_page, app, live_server):
    page = kiosk_page
    fill_and_send_offline(page)
    wait_saved(page)
    probed = []

    def portal(route):
        probed.append(route.request.url)
        route.fulfill(
            status=200, content_type="text/html", body="<html><body>請先登入 Wi-Fi</body></html>"
        )

    page.context.route("**/healthz", portal)
    page.context.unroute("**/*")
    page.context.set_offline(False)
    page.goto(live_server + "/kiosk/")
    page.get_by_role("button", name="立即送出").click()
    wait_for(page, lambda: probed, "the sender to probe")
    page.wait_for_timeout(500)  # the sender's own promise chain settles (no timing asserted)
    assert len(outbox(page)) == 1 and submission_count(app) == 0

    page.context.unroute("**/healthz")
    press_send_now(page)
    wait_delivered(page, app, "delivery after the portal")


def test_a_token_expired_while_offline_still_gives_one_row(kiosk_page, app, live_server):
    page = kiosk_page
    fill_and_send_offline(page)
    wait_saved(page)
    refused = []

    def stale_once(route):
        if not refused and route.request.method == "POST":
            refused.append(True)  # the server no longer knows the token: 400, as Flask-WTF says
            route.fulfill(status=400, content_type="text/html", body="The CSRF token has expired.")
        else:
            route.continue_()

    page.context.unroute("**/*")
    page.context.route("**/kiosk/outbox", stale_once)
    page.context.set_offline(False)
    wait_delivered(page, app, "delivery after a new token")
    assert refused == [True]


def test_a_tab_closed_during_the_send_is_sent_by_the_next_page(kiosk_page, app, live_server):
    page = kiosk_page
    context = page.context
    fill_and_send_offline(page)
    wait_saved(page)
    held = []
    context.unroute("**/*")
    context.route("**/kiosk/outbox", lambda route: held.append(route))  # never answered
    context.set_offline(False)
    wait_for(page, lambda: held, "the send to start")
    page.close()
    context.unroute("**/kiosk/outbox")
    fresh = context.new_page()
    fresh.goto(live_server + "/kiosk/")
    wait_delivered(fresh, app, "the next page's send")


def test_two_tabs_sending_store_one_row(kiosk_page, app, live_server):
    page = kiosk_page
    fill_and_send_offline(page)
    wait_saved(page)
    other = page.context.new_page()
    other.goto(live_server + "/kiosk/")  # served by the worker: the network is still down
    network_up(page.context)  # both tabs hear `online`
    # ...and both send on load as well: however the two triggers fall, one row is stored.
    page.goto(live_server + "/kiosk/")
    other.reload()
    wait_for(page, lambda: not outbox(page), "the outbox to empty", seconds=60)
    other.reload()
    other.wait_for_load_state("load")
    assert submission_count(app) == 1


def test_storage_full_never_says_saved(browser, live_server, users, event_id, app):
    from tests.browser.conftest import new_context

    context = new_context(browser)
    context.add_init_script("""IDBObjectStore.prototype.put = function () {
      throw new DOMException("The quota has been exceeded.", "QuotaExceededError"); };""")
    page = context.new_page()
    try:
        start_kiosk_mode(page, live_server, users["agent"], EVENT_LABEL)
        wait_until_worker_keeps(page, "/netzero/")
        fill_and_send_offline(page)
        page.get_by_text("無法存在本機：這份資料沒有保留").wait_for()
        assert page.get_by_text(SAVED).count() == 0
        assert page.get_by_label("企業名稱").input_value() == COMPANY  # kept to send again
        assert outbox(page) == [] and submission_count(app) == 0
    finally:
        context.close()


def test_a_new_service_worker_version_keeps_the_queue(kiosk_page, app, live_server):
    page = kiosk_page
    fill_and_send_offline(page)
    wait_saved(page)
    old_version = page.evaluate("caches.keys()")
    page.context.unroute("**/*")
    page.context.route("**/kiosk/outbox", lambda route: route.abort("connectionrefused"))
    page.context.set_offline(False)
    app.config["SMEUP_SERVICE_WORKER_SALT"] = "release-2"
    try:
        page.goto(live_server + "/kiosk/")
        page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
        wait_for(
            page, lambda: page.evaluate("caches.keys()") not in ([], old_version), "the new worker"
        )
        assert len(outbox(page)) == 1
        page.context.unroute("**/kiosk/outbox")
        press_send_now(page)
        wait_delivered(page, app, "delivery")
    finally:
        app.config.pop("SMEUP_SERVICE_WORKER_SALT", None)


def test_a_tablet_clock_an_hour_off_still_stores_the_right_capture_time(
    browser, live_server, users, event_id, app
):
    from tests.browser.conftest import new_context

    context = new_context(browser)
    context.add_init_script("""(() => { const real = Date.now;
      Date.now = () => real() + 3600 * 1000; })();""")
    page = context.new_page()
    try:
        start_kiosk_mode(page, live_server, users["agent"], EVENT_LABEL)
        wait_until_worker_keeps(page, "/netzero/")
        fill_and_send_offline(page)
        wait_saved(page)
        pressed = datetime.now(UTC).replace(tzinfo=None)
        network_up(context)
        # The start screen sends on load too (offline.md): delivery does not hang on whether
        # the browser's `online` event reached the page of a busy machine in time.
        page.goto(live_server + "/kiosk/")
        wait_for(page, lambda: submission_count(app) == 1, "delivery", seconds=60)
        [(captured,)] = sql(app, "SELECT captured_at FROM submission")
        captured = captured if isinstance(captured, datetime) else datetime.fromisoformat(captured)
        assert abs(captured - pressed) < timedelta(minutes=2)
    finally:
        context.close()


def test_leaving_kiosk_mode_with_entries_queued_warns_and_asks_the_pin_twice(
    kiosk_page, app, live_server, check_page
):
    page = kiosk_page
    fill_and_send_offline(page)
    wait_saved(page)
    page.context.unroute("**/*")
    page.context.route("**/kiosk/outbox", lambda route: route.abort("connectionrefused"))
    page.context.set_offline(False)
    page.goto(live_server + "/kiosk/exit")
    warning = page.locator("#outbox-exit-warning")
    warning.wait_for()
    assert "1 筆離線資料尚未送到伺服器" in warning.inner_text()
    check_page(page, label="kiosk exit with a queued entry")
    page.locator("#pin").fill(PIN)
    page.get_by_role("button", name="結束展示機模式").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/kiosk/exit")
    page.get_by_text("要離開請再輸入一次 PIN").first.wait_for()
    page.locator("#pin").fill(PIN)
    page.locator("#pin_again").fill(PIN)
    page.get_by_role("button", name="結束展示機模式").click()
    page.wait_for_url("**/login")


def test_a_reused_key_is_kept_for_staff_and_officers_see_queues_and_late_arrivals(
    kiosk_page, app, live_server, browser, users, event_id, check_page
):
    from tests.browser.conftest import new_context, sign_in
    from tests.helpers import PASSWORD

    page = kiosk_page
    # One entry arrives late; a second one meets a server that already has its key.
    fill_and_send_offline(page)
    wait_saved(page)
    # The Wi-Fi comes back 37 minutes later (on the tablet's own clock). The kiosk session began
    # an hour before, so the entry's capture time falls inside it and is believed.
    with app.app_context():
        for kiosk in db.session.scalars(db.select(KioskSession)):
            kiosk.started_at -= timedelta(hours=1)
        db.session.commit()
    page.evaluate("() => { const real = Date.now; Date.now = () => real() + 37 * 60 * 1000; }")
    network_up(page.context)
    wait_delivered(page, app, "the late entry")
    # The second visitor's form carries the first one's key (a tablet restored from a backup).
    [(used_key,)] = sql(app, "SELECT submission_key FROM submission")
    page.goto(live_server + "/kiosk/")
    page.get_by_role("link", name="淨零健檢").click()
    page.wait_for_url("**/netzero/")
    fill_netzero_as_visitor(page, "第二位來賓企業社")
    page.locator("input[name='submission_key']").evaluate(
        "(el, key) => { el.value = key; }", used_key
    )
    network_down(page.context)
    page.get_by_role("button", name="送出並查看結果").click()
    wait_saved(page)
    page.context.unroute("**/*")
    page.context.set_offline(False)
    page.goto(live_server + "/kiosk/")
    status = page.locator("#outbox-status")
    status.get_by_text("本機有 1 筆與已送出的資料編號相同但內容不同").wait_for()
    assert not status.get_by_role("button", name="立即送出").is_visible()
    assert [e["state"] for e in outbox(page)] == ["conflict"]
    assert submission_count(app) == 1
    check_page(page, label="kiosk start with a conflict kept")
    page.screenshot(path=f"{SHOTS}/tablet-conflict-kept.png", full_page=True)

    officer_context = new_context(browser)
    officer = officer_context.new_page()
    try:
        sign_in(officer, live_server, users["officer"], PASSWORD)
        officer.goto(live_server + "/console/events/")
        officer.get_by_text("待送 1 筆").wait_for()
        check_page(officer, label="events page with a tablet's queue")
        officer.screenshot(path=f"{SHOTS}/officer-events-pending.png", full_page=True)
        officer.goto(live_server + "/console/netzero/?via=outbox")
        officer.get_by_role("link", name=COMPANY).first.click()
        officer.get_by_text("離線暫存 37 分鐘").wait_for()
        check_page(officer, label="a submission that arrived late")
        officer.screenshot(path=f"{SHOTS}/officer-late-submission.png", full_page=False)
    finally:
        officer_context.close()


def test_offline_an_incomplete_form_is_not_saved_and_says_what_is_missing(kiosk_page, app):
    page = kiosk_page
    page.get_by_role("link", name="淨零健檢").click()
    page.wait_for_url("**/netzero/")
    page.get_by_label("企業名稱").fill(COMPANY)
    network_down(page.context)
    page.get_by_role("button", name="送出並查看結果").click()
    page.get_by_text("請先填好標示（必填）的欄位").wait_for()
    assert page.get_by_text(SAVED).count() == 0
    assert page.get_by_label("企業名稱").input_value() == COMPANY
    assert outbox(page) == []


COUNT_SEND_ERRORS = """() => {
  window.sendErrors = 0;
  document.addEventListener("htmx:sendError", () => { window.sendErrors += 1; });
}"""


def test_a_field_check_lost_to_the_network_neither_keeps_nor_clears_the_form(kiosk_page, app):
    """The Wi-Fi drops while a visitor is still filling in: only 送出 puts the form away."""
    page = kiosk_page
    page.get_by_role("link", name="淨零健檢").click()
    page.wait_for_url("**/netzero/")
    page.get_by_label("企業名稱").fill(COMPANY)
    # Counted after js/outbox.js's own listener, so once counted, that one has run.
    page.evaluate(COUNT_SEND_ERRORS)
    network_down(page.context)
    page.get_by_label("所在縣市").select_option("彰化縣")  # its inline check cannot get through
    wait_for(page, lambda: page.evaluate("window.sendErrors"), "the field check to fail")
    assert page.locator("#outbox-notice").count() == 0
    assert outbox(page) == []
    assert page.get_by_label("企業名稱").input_value() == COMPANY
    assert page.get_by_label("所在縣市").input_value() == "彰化縣"

    fill_netzero_as_visitor(page, COMPANY)  # every field's check fails too; then 送出
    page.get_by_role("button", name="送出並查看結果").click()
    wait_saved(page)
    assert len(outbox(page)) == 1 and page.get_by_label("企業名稱").input_value() == ""
