"""數位轉型 at tablet size: a counsellor enters three months; an officer imports and reads the grid."""

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from smeup import clock
from smeup.extensions import db
from smeup.models import User
from smeup.models.digital import MonthlyRecord, Shop, Site
from tests.browser.conftest import PHONE, PORTRAIT, TABLET, sign_in
from tests.helpers import PASSWORD, count_rows, sql

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots-digital")


@pytest.fixture(autouse=True)
def august(monkeypatch, app):
    """Today is 2026-08-05; the counsellor's catch-up window is 60 days (a setting)."""
    monkeypatch.setattr(clock, "taipei_today", lambda: date(2026, 8, 5))
    monkeypatch.setitem(app.config, "SMEUP_DIGITAL_LOCK_DAYS", 60)


def add_shop(app, name, counsellor="agent1", site="審計新村", ubn=None) -> int:
    from smeup.reference.sites import ensure_seeded_sites

    with app.app_context():
        ensure_seeded_sites()
        db.session.flush()
        shop = Shop(
            site_id=db.session.scalar(db.select(Site.id).filter_by(name=site)),
            name=name,
            ubn=ubn,
            tool_category="pos",
            usage_unit="交易筆數",
            enrolled_month="2026-06",
            counsellor_id=db.session.scalar(db.select(User.id).filter_by(username=counsellor)),
        )
        db.session.add(shop)
        db.session.commit()
        return shop.id


def portrait_shot(page, screenshot, name: str) -> None:
    """A full-page PNG in tablet portrait (768×1024), kept under /tmp/shots-digital/ too."""
    page.set_viewport_size(PORTRAIT)
    path = screenshot(page, name)
    SHOTS.mkdir(exist_ok=True)
    shutil.copy(path, SHOTS / path.name)
    page.set_viewport_size(TABLET)


def fill_month(page, month: str, usage: str, orders: str, sales: str):
    row = page.locator(f"#month-{month}")
    row.get_by_label("使用量").fill(usage)
    row.get_by_label("訂單數").fill(orders)
    row.get_by_label("淨銷售額").fill(sales)
    return row


def test_a_counsellor_enters_three_months_and_confirms_an_outlier(
    page, live_server, app, users, check_page, screenshot
):
    shop_id = add_shop(app, "森日咖啡")
    sign_in(page, live_server, users["agent"], PASSWORD)
    page.goto(live_server + "/digital/")
    page.get_by_role("link", name=re.compile("登錄月資料.*森日咖啡")).click()
    page.wait_for_url(f"**/digital/shops/{shop_id}/entry")
    check_page(page, label="entry screen")

    june = fill_month(page, "2026-06", "100", "20", "50000")
    june.get_by_role("button", name="儲存").click()
    page.locator("#month-2026-06 .badge.saved").wait_for()
    # July's row now shows June as last month; typing shows the change at once.
    july = fill_month(page, "2026-07", "130", "24", "56000")
    assert "+30.0%" in page.locator("#hint-2026-07-usage").inner_text()
    july.get_by_role("button", name="儲存").click()
    page.locator("#month-2026-07 .badge.saved").wait_for()
    assert "上月 100，+30.0%" in page.locator("#hint-2026-07-usage").inner_text()
    assert "上月 20，+20.0%" in page.locator("#hint-2026-07-orders").inner_text()

    august = fill_month(page, "2026-08", "500", "26", "58000")
    august.get_by_role("button", name="儲存").click()
    warning = page.locator("#month-2026-08 .field-warning")
    warning.wait_for()
    assert "是上月 130 的 3.8 倍" in warning.inner_text()
    assert count_rows(app, MonthlyRecord) == 2
    check_page(page, label="entry screen asking to confirm an outlier")
    portrait_shot(page, screenshot, "digital-entry-outlier")
    page.locator("#month-2026-08").get_by_role("button", name="數字無誤，確認儲存").click()
    page.locator("#month-2026-08 .badge.saved").wait_for()
    assert sql(app, "select month, usage from monthly_record order by month") == [
        ("2026-06", 100),
        ("2026-07", 130),
        ("2026-08", 500),
    ]
    check_page(page, label="entry screen after three months")
    portrait_shot(page, screenshot, "digital-entry")


def test_an_officer_imports_reads_the_preview_confirms_and_sees_grid_and_trend(
    page, live_server, app, users, check_page, screenshot, tmp_path
):
    add_shop(app, "小林手作甜點", ubn="22099131")
    add_shop(app, "青鳥書屋")
    add_shop(app, "鹿港麵茶", site="鹿港")
    rows = [
        "統一編號,店家名稱,月份,使用量,訂單數,淨銷售額",
        "22099131,,2026-06,40,120,60000",
        "22099131,,2026/7,65,131,64000",
        "22099131,,115/08,90,150,70500",
        ",青鳥書屋,2026年6月,20,80,30000",
        ",青鳥書屋,2026-07,31,84,32500",
        ",鹿港麵茶,2026-06,12,60,20000",
        ",鹿港麵茶,2026-07,18,66,23000",
        ",沒有這家,2026-07,1,1,1",
    ]
    upload = tmp_path / "八月月報.csv"
    upload.write_text("\r\n".join(rows) + "\r\n", encoding="utf-8-sig")

    sign_in(page, live_server, users["officer"], PASSWORD)
    page.goto(live_server + "/digital/import")
    check_page(page, label="import form")
    page.get_by_label("檔案（CSV 或 XLSX，最大 10 MB）").set_input_files(str(upload))
    page.get_by_role("button", name="上傳並預覽").click()
    page.wait_for_url("**/digital/import/*")
    counts = page.locator(".counts").inner_text()
    assert "新增 7 列" in counts.replace("\n", " ") and "錯誤 1 列" in counts.replace("\n", " ")
    assert "找不到店家「沒有這家」" in page.locator("table").inner_text()
    assert count_rows(app, MonthlyRecord) == 0
    check_page(page, label="import preview")
    portrait_shot(page, screenshot, "digital-import-preview")

    page.get_by_role("button", name="確認匯入 7 列（新增 7、修改 0）").click()
    page.wait_for_url("**/digital/grid")
    assert "新增 7 筆、修改 0 筆" in page.locator(".alert").inner_text()
    assert count_rows(app, MonthlyRecord) == 7
    grid = page.locator(".grid-table")
    assert "2 家回報" in grid.inner_text()
    check_page(page, label="grid")
    portrait_shot(page, screenshot, "digital-grid")

    page.get_by_role("link", name="審計新村", exact=True).click()
    page.wait_for_url("**/digital/sites/*")
    assert page.locator("svg.chart-svg rect").count() >= 3
    check_page(page, label="site trend")
    portrait_shot(page, screenshot, "digital-site-trend")
    page.goto(live_server + "/digital/")
    page.get_by_role("link", name="小林手作甜點", exact=True).click()
    check_page(page, label="shop page")
    portrait_shot(page, screenshot, "digital-shop-trend")


# Issue 24: phone-sized pages (no sideways scroll, chart text ≥ 11 px) and the next month's hint.
SHOTS_24 = Path("/tmp/shots-24")
WIDTHS = (PHONE, PORTRAIT)
NO_SIDEWAYS = "document.documentElement.scrollWidth <= window.innerWidth"
SMALLEST_CHART_TEXT = """() => {
  let least = Infinity;
  for (const svg of document.querySelectorAll("svg.chart-svg")) {
    const box = svg.getBoundingClientRect();
    if (!box.width) continue;  // the drawing for the other width
    const scale = box.width / svg.viewBox.baseVal.width;
    for (const text of svg.querySelectorAll("text")) {
      least = Math.min(least, parseFloat(getComputedStyle(text).fontSize) * scale);
    }
  }
  return least;
}"""


def a_year_of_records(app, shop_ids) -> None:
    """Eleven months (2025-09 … 2026-07) of large numbers: long tick labels, many months."""
    from smeup.digital.months import add_months, first_day, months_between
    from smeup.digital.records import MonthValues, save_month

    with app.app_context():
        for n, shop_id in enumerate(shop_ids, start=1):
            shop = db.session.get(Shop, shop_id)
            shop.enrolled_month = "2025-09"
            for i, month in enumerate(months_between("2025-09", "2026-07")):
                save_month(
                    shop,
                    month,
                    MonthValues(
                        usage=100 * n + i,
                        orders=300 * n + 7 * i,
                        net_sales=1_180_000 * n + 9000 * i,
                    ),
                    user_id=None,
                    key=f"{shop_id}-{month}-issue24-key-pad",
                    today=first_day(add_months(month, 1)),  # entered the month after
                    lock_days=60,
                )
        db.session.commit()


def shot_24(page, screenshot, name: str) -> None:
    path = screenshot(page, name)
    SHOTS_24.mkdir(exist_ok=True)
    shutil.copy(path, SHOTS_24 / path.name)


def test_phone_and_portrait_pages_fit_the_screen_and_chart_text_stays_readable(
    browser, live_server, app, users, check_page, screenshot
):
    from tests.browser.conftest import new_context

    shops = [
        add_shop(app, "小林手作甜點工作室（審計新村店）"),
        add_shop(app, "青鳥書屋"),
        add_shop(app, "鹿港麵茶老店", site="鹿港"),
    ]
    a_year_of_records(app, shops)
    with app.app_context():
        site_id = db.session.scalar(db.select(Shop.site_id).filter_by(id=shops[0]))
    for viewport in WIDTHS:
        size = viewport["width"]
        for role in ("officer", "agent"):
            context = new_context(browser, viewport=viewport)
            page = context.new_page()
            sign_in(page, live_server, users[role], PASSWORD)
            pages = [("shops", "/digital/"), ("shop-trend", f"/digital/shops/{shops[0]}")]
            if role == "officer":
                pages += [
                    ("grid", "/digital/grid"),
                    ("site-trend", f"/digital/sites/{site_id}"),
                    ("reopen", "/digital/reopen?month=2026-05"),
                    ("import", "/digital/import"),
                ]
            for name, url in pages:
                page.goto(live_server + url)
                label = f"{name} as {role} at {size}px"
                assert page.evaluate(NO_SIDEWAYS), (
                    label,
                    page.evaluate("document.documentElement.scrollWidth"),
                )
                if "trend" in name and size == PHONE["width"]:
                    assert page.evaluate(SMALLEST_CHART_TEXT) >= 11, label
                check_page(page, label=label)
                shot_24(page, screenshot, f"issue24-{name}-{role}-{size}")
                if "trend" in name and role == "officer":
                    chart = page.locator(".chart-pair figure:visible").first
                    chart.screenshot(path=str(SHOTS_24 / f"issue24-{name}-chart-{size}.png"))
            context.close()


def test_saving_a_month_updates_the_next_months_hint_without_a_reload(
    page, live_server, app, users, check_page
):
    shop_id = add_shop(app, "晨光早餐")
    sign_in(page, live_server, users["agent"], PASSWORD)
    page.goto(live_server + f"/digital/shops/{shop_id}/entry")
    assert "上月未回報" in page.locator("#hint-2026-07-usage").inner_text()
    page.evaluate("window.__not_reloaded = true")
    june = fill_month(page, "2026-06", "100", "20", "50000")
    june.get_by_role("button", name="儲存").click()
    page.locator("#month-2026-06 .badge.saved").wait_for()
    page.wait_for_function(
        "document.getElementById('hint-2026-07-usage').textContent.includes('上月 100')"
    )
    assert "上月 20" in page.locator("#hint-2026-07-orders").inner_text()
    assert "上月 50,000" in page.locator("#hint-2026-07-net_sales").inner_text()
    assert page.evaluate("window.__not_reloaded === true")
    # Typing in July now compares with the June just saved.
    fill_month(page, "2026-07", "150", "", "")
    assert "+50.0%" in page.locator("#hint-2026-07-usage").inner_text()
