"""The officer console in a real browser: active search, status in place, dashboard, audit log."""

import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from smeup.extensions import db
from tests.browser.conftest import PHONE, PORTRAIT, TABLET, htmx_idle, new_context, sign_in
from tests.console import factories as f
from tests.helpers import PASSWORD

pytestmark = pytest.mark.browser

NAMES = (
    "綠能五金有限公司",
    "綠能電機股份有限公司",
    "大同精密工業",
    "鹿港老街餅舖",
    "台東樂活民宿",
    '=HYPERLINK("x")',
    "新竹半導體材料",
    "高雄港物流",
    "花蓮有機農場",
    "嘉義木器行",
    "彰化螺絲工業",
    "臺南傳統小吃",
)
COUNTIES = ("臺中市", "臺北市", "彰化縣", "臺東縣", "高雄市", "新竹縣")


def seed(app, users) -> dict:
    """A month of varied submissions, an event, a survey, proposals, a note and a status move."""
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    with app.app_context():
        agent = f.user(users["agent"])
        event = f.event(name="臺中巡迴場")
        made = []
        for i in range(36):
            channel = ("web", "roadshow", "phone")[i % 3]
            made.append(
                f.netzero(
                    company_name=NAMES[i % len(NAMES)] + ("" if i < 12 else f" {i}"),
                    ubn=("22099131", "04541302", "34051920")[i % 3],
                    county=COUNTIES[i % len(COUNTIES)],
                    contact_name=("王小明", "林淑芬", "陳志明")[i % 3],
                    contact_phone=("0912345678", "0223581021#352", "0492223333")[i % 3],
                    channel=channel,
                    event_id=event.id if channel == "roadshow" else None,
                    entered_by_id=agent.id if channel == "phone" else None,
                    call_note="來電詢問補助，下週回電。" if channel == "phone" else None,
                    submitted_at=now - timedelta(days=i % 29, hours=i),
                    check={"urgency": "高中低"[i % 3], "total_tco2e": 40.5 + i * 13.25},
                )
            )
        survey = f.survey()
        codes = ("brand", "channels", "copy", "social", "events", "resources")
        for i in range(14):
            ranks = codes[i % 6 :] + codes[: i % 6]
            f.course(survey, ranks=ranks[:5], submitted_at=now - timedelta(days=i * 2))
        trio = (("22099131", "甲企業"), ("04541302", "乙企業"), ("34051920", "丙企業"))
        for i, county in enumerate(("臺東縣", "彰化縣", "臺東縣", "花蓮縣", "南投縣")):
            f.sbtr(
                submitted_at=now - timedelta(days=i * 3),
                members=trio if i % 2 else trio[:1],
                proposal={"site_county": county, "category": "B_PLUS" if i % 2 else "A"},
            )
        db.session.commit()
        return {"netzero": made[0].id}


@pytest.fixture
def officer_page(page, live_server, users, app):
    ids = seed(app, users)
    sign_in(page, live_server, users["officer"], PASSWORD)
    page.ids = ids
    return page


def headline_loaded(page) -> None:
    """The dashboard's 本季成果 box comes by htmx (hx-trigger "load"), often after the page's
    load event: wait for its figures, and for htmx to settle them, before reading the page."""
    page.locator("#report-headline dl").wait_for(state="attached")
    htmx_idle(page)


def rows(page):
    return page.locator("#submission-rows tbody tr")


def test_active_search_narrows_as_you_type_and_the_url_follows(
    officer_page, live_server, check_page, screenshot
):
    page = officer_page
    page.goto(live_server + "/console/netzero/")
    expect(rows(page)).to_have_count(36)
    search = page.get_by_label("搜尋企業名稱或統一編號")
    search.press_sequentially("綠能", delay=80)
    expect(rows(page)).to_have_count(6)
    expect(page).to_have_url(re.compile(r"/console/netzero/\?q=%E7%B6%A0%E8%83%BD"))
    page.get_by_label("減碳急迫程度").select_option("高")
    expect(rows(page)).to_have_count(3)
    # Only the filters in use go into the URL, so it can be read and bookmarked.
    expect(page).to_have_url(
        re.compile(r"/console/netzero/\?q=%E7%B6%A0%E8%83%BD&urgency=%E9%AB%98$")
    )
    expect(page.locator("#submission-rows")).to_contain_text("0912-***-678")
    expect(page.locator("#submission-rows")).not_to_contain_text("0912345678")
    check_page(page, label="console list, filtered")
    screenshot(page, "console-list")
    # The URL is a bookmark: opening it again shows the same filtered list.
    page.goto(page.url)
    expect(rows(page)).to_have_count(3)
    expect(page.get_by_label("搜尋企業名稱或統一編號")).to_have_value("綠能")
    export = page.locator("form.export")
    expect(export.locator('input[name="q"]')).to_have_value("綠能")
    expect(export.locator('input[name="urgency"]')).to_have_value("高")


def test_filtered_list_in_portrait_and_search_by_ubn(
    browser, live_server, users, app, check_page, screenshot
):
    seed(app, users)
    context = new_context(browser, PORTRAIT)
    page = context.new_page()
    sign_in(page, live_server, users["officer"], PASSWORD)
    page.goto(live_server + "/console/netzero/?channel=phone")
    expect(rows(page)).to_have_count(12)
    page.get_by_label("搜尋企業名稱或統一編號").press_sequentially("0454", delay=60)
    expect(rows(page)).to_have_count(0)
    expect(page.locator(".result-count")).to_contain_text("沒有符合條件的資料")
    page.get_by_label("搜尋企業名稱或統一編號").fill("3405")
    expect(rows(page)).to_have_count(12)
    check_page(page, label="console list, portrait")
    screenshot(page, "console-list-portrait")
    context.close()


def test_filters_work_without_javascript(browser, live_server, users, app):
    seed(app, users)
    context = new_context(browser, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, users["officer"], PASSWORD)
    page.goto(live_server + "/console/netzero/")
    page.get_by_label("搜尋企業名稱或統一編號").fill("綠能")
    page.get_by_label("管道").select_option("web")
    page.get_by_role("button", name="篩選").click()
    expect(page).to_have_url(re.compile(r"q=%E7%B6%A0%E8%83%BD.*channel=web"))
    expect(rows(page)).to_have_count(3)
    context.close()


def test_status_change_in_place_on_the_detail_page(
    officer_page, live_server, check_page, screenshot
):
    page = officer_page
    page.goto(f"{live_server}/console/netzero/{page.ids['netzero']}")
    check_page(page, label="console detail")
    page.evaluate("window.stillHere = true")  # survives only if the page is not reloaded
    panel = page.locator("#status-panel")
    panel.get_by_label("改為").select_option("處理中")
    panel.get_by_label("理由（選填）").fill("已聯繫企業")
    panel.get_by_role("button", name="更新狀態").click()
    expect(panel.get_by_role("status")).to_have_text("狀態已改為「處理中」")
    expect(panel.locator(".history")).to_contain_text("已聯繫企業")
    expect(panel.locator(".current-status")).to_contain_text("處理中")
    assert page.evaluate("window.stillHere") is True
    notes = page.locator("#notes-panel")
    notes.get_by_label("新增備註").fill("待補用電資料")
    notes.get_by_role("button", name="新增備註").click()
    expect(notes.locator(".notes")).to_contain_text("待補用電資料")
    assert page.evaluate("window.stillHere") is True
    check_page(page, label="console detail after changes")
    screenshot(page, "console-detail")


def test_detail_in_portrait(browser, live_server, users, app, check_page, screenshot):
    ids = seed(app, users)
    context = new_context(browser, PORTRAIT)
    page = context.new_page()
    sign_in(page, live_server, users["officer"], PASSWORD)
    page.goto(f"{live_server}/console/netzero/{ids['netzero']}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("綠能五金有限公司")
    check_page(page, label="console detail, portrait")
    screenshot(page, "console-detail-portrait")
    context.close()


def test_dashboard(officer_page, live_server, browser, users, check_page, screenshot):
    page = officer_page
    page.goto(live_server + "/console/")
    expect(page.locator("svg.chart-svg:visible")).to_have_count(5)
    expect(page.get_by_role("table", name="減碳急迫程度分布")).to_contain_text("12")
    headline_loaded(page)
    check_page(page, label="dashboard")
    screenshot(page, "console-dashboard")
    context = new_context(browser, PORTRAIT)
    portrait = context.new_page()
    sign_in(portrait, live_server, users["officer"], PASSWORD)
    portrait.goto(live_server + "/console/")
    expect(portrait.locator("svg.chart-svg:visible")).to_have_count(5)
    headline_loaded(portrait)
    screenshot(portrait, "console-dashboard-portrait")
    context.close()


def test_audit_log(officer_page, live_server, check_page, screenshot):
    page = officer_page
    page.goto(live_server + "/console/netzero/?q=綠能")
    with page.expect_download() as download:
        page.get_by_role("button", name="下載 CSV").click()
    assert download.value.suggested_filename.startswith("smeup-netzero-")
    download.value.path()  # the whole file has arrived
    # The audit row is written when the stream ends on the server, just after the last byte:
    # look again until it is there (a loaded machine may take a while; never a fixed count).
    deadline = time.monotonic() + 60
    while True:
        page.goto(live_server + "/console/audit?action=export")
        if page.locator("table.audit tbody tr").count() or time.monotonic() > deadline:
            break
        page.wait_for_timeout(250)
    expect(page.locator("table.audit tbody tr")).to_have_count(1)
    expect(page.locator("table.audit")).to_contain_text("搜尋「綠能」")
    check_page(page, label="audit log")
    screenshot(page, "console-audit")


def test_the_staff_header_keeps_one_row_of_sections_and_the_rest_under_more(
    browser, live_server, users, check_page
):
    context = new_context(browser)  # a 1024 px tablet
    page = context.new_page()
    sign_in(page, live_server, users["admin"], PASSWORD)
    page.goto(live_server + "/console/")
    headline_loaded(page)
    nav = page.get_by_role("navigation", name="主要選單")
    daily = nav.get_by_role("link", name="總覽")
    more = nav.locator("summary", has_text="更多")
    # The daily sections and 更多 sit on one line, so the page starts high on a tablet.
    assert abs(daily.bounding_box()["y"] - more.bounding_box()["y"]) < 4
    expect(nav.get_by_role("link", name="稽核紀錄")).to_be_hidden()
    # By keyboard: to 更多, open it, and on to a section inside.
    more.focus()
    page.keyboard.press("Enter")
    audit = nav.get_by_role("link", name="稽核紀錄")
    expect(audit).to_be_visible()
    check_page(page, label="staff header with 更多 open")
    audit.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/console/audit$"))
    # The section is marked current inside the menu, and the menu says it holds it.
    expect(nav.locator('a[aria-current="page"]')).to_have_text("稽核紀錄")
    expect(more).to_have_class(re.compile("has-current"))
    context.close()


@pytest.mark.parametrize("viewport", [PORTRAIT, PHONE], ids=["768", "390"])
def test_the_netzero_list_keeps_urgency_and_status_in_view(
    browser, live_server, users, app, check_page, viewport
):
    """Issue 24: at 768 px the list cut off 急迫程度 and 狀態; at 390 px even more."""
    seed(app, users)
    context = new_context(browser, viewport)
    page = context.new_page()
    sign_in(page, live_server, users["officer"], PASSWORD)
    page.goto(live_server + "/console/netzero/")
    expect(rows(page)).to_have_count(36)
    first = rows(page).first
    cells = {"急迫程度": ".badge", "狀態": "td >> nth=-1", "企業名稱": "td.name a"}
    for name, selector in cells.items():
        box = first.locator(selector).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], name
    expect(first.locator("td >> nth=-1")).to_have_text("已收件")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    # The table scrolls, if ever, inside its own region a keyboard can reach.
    region = page.get_by_role("region", name="淨零健檢資料列表")
    expect(region).to_have_attribute("tabindex", "0")
    check_page(page, label=f"console list at {viewport['width']} px")
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, PORTRAIT, TABLET], ids=["390", "768", "1024"])
def test_dashboard_chart_text_is_at_least_11_px(
    browser, live_server, users, app, check_page, viewport
):
    """Issue 24: at 390 px the dashboard's chart labels shrank to 4–5 px; every one is ≥ 11 px."""
    seed(app, users)
    context = new_context(browser, viewport)
    page = context.new_page()
    sign_in(page, live_server, users["officer"], PASSWORD)
    page.goto(live_server + "/console/")
    headline_loaded(page)
    sizes = page.evaluate(
        """() => [...document.querySelectorAll("svg text")]
            .filter((t) => t.getClientRects().length)
            .map((t) => {
              const svg = t.ownerSVGElement;
              const scale = svg.getScreenCTM().a;
              return [t.textContent, parseFloat(getComputedStyle(t).fontSize) * scale,
                      t.getBoundingClientRect().height];
            })"""
    )
    assert len(sizes) > 20  # every chart drew its labels
    small = [(text, round(px, 1)) for text, px, _ in sizes if px < 11]
    assert not small, small
    # and every label sits inside its chart (none cut off at the edge)
    outside = page.evaluate(
        """() => [...document.querySelectorAll("svg.chart-svg text")]
            .filter((t) => t.getClientRects().length)
            .filter((t) => {
              const a = t.getBoundingClientRect(), b = t.ownerSVGElement.getBoundingClientRect();
              return a.left < b.left - 1 || a.right > b.right + 1;
            }).map((t) => t.textContent)"""
    )
    assert not outside, outside
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    shots = Path("/tmp/shots-24")
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / f"dashboard-{viewport['width']}.png"), full_page=True)
    check_page(page, label=f"dashboard at {viewport['width']} px")
    context.close()
