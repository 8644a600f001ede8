"""淨零健檢 in a real browser: inline errors, submit, the result, printing, layouts, no JS."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, PORTRAIT, TABLET, new_context

pytestmark = pytest.mark.browser

FORM = "/netzero/"


def group(page, legend: str):
    """A 是/否 question by its legend."""
    return page.get_by_role("group", name=legend)


def fill_company(page, ubn: str = "22099131") -> None:
    page.get_by_label("企業名稱").fill("綠能五金有限公司")
    page.get_by_label("統一編號").fill(ubn)
    page.get_by_label("所在縣市").select_option("臺中市")
    page.get_by_label("行業別").select_option("C")
    page.get_by_label("員工人數").fill("35")
    page.get_by_label("聯絡人").fill("林小姐")
    page.get_by_label("聯絡電話").fill("04-2222-3333")
    page.get_by_label("個人資料蒐集同意").check()


def answer(page, **choices: str) -> None:
    """Click 是 or 否 for each question given by its legend."""
    for legend, choice in choices.items():
        group(page, legend).get_by_label(choice, exact=True).check()


def fill_answers(page, cbam: str = "否", request: str = "none") -> None:
    answer(
        page,
        **{
            "是否出口 CBAM 產品至歐盟": cbam,
            "是否為上市櫃公司或其子公司": "否",
            "是否為上市櫃公司之供應商": "否",
            "是否已完成溫室氣體盤查": "否",
            "是否已訂定減碳目標": "否",
        },
    )
    page.get_by_label("客戶是否要求提供碳排資料或減碳目標").select_option(request)


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_fill_see_inline_error_submit_and_read_result(page, live_server, check_page, screenshot):
    page.goto(live_server + FORM)
    check_page(page, label="netzero form")
    ubn = page.get_by_label("統一編號")
    ubn.fill("12345678")
    ubn.press("Tab")
    error = page.locator("#ubn-error")
    expect(error).to_have_text(re.compile("統一編號檢查碼不符"))
    expect(page.get_by_label("統一編號")).to_have_attribute("aria-invalid", "true")
    screenshot(page, "netzero-inline-error", full_page=False)
    check_page(page, label="netzero form with inline error")

    page.get_by_label("統一編號").fill("22099131")
    page.get_by_label("統一編號").press("Tab")
    expect(error).to_have_count(0)
    expect(page.get_by_label("統一編號")).not_to_have_attribute("aria-invalid", "true")

    fill_company(page)
    page.get_by_label("年用電量").fill("120,000")
    page.get_by_label("柴油用量").fill("1000")
    fill_answers(page, cbam="是")
    page.get_by_role("button", name="送出並查看結果").click()
    page.wait_for_url(re.compile(r"/netzero/r/[\w-]{43}$"))
    expect(page.locator(".nz-total")).to_have_text("59.57")
    expect(page.locator(".nz-level")).to_have_text("高")
    expect(page.get_by_role("button", name="列印結果")).to_be_visible()
    assert "CBAM" in page.locator(".nz-reasons").inner_text()
    check_page(page, label="netzero result")
    screenshot(page, "netzero-result-high")


def test_refused_submit_keeps_values_and_focuses_the_error_list(page, live_server, check_page):
    page.goto(live_server + FORM)
    fill_company(page, ubn="22099131")
    page.get_by_label("汽油用量").fill("-3")
    page.get_by_role("button", name="送出並查看結果").click()
    summary = page.locator("#netzero-errors")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("汽油用量：用量不可為負數")
    expect(summary).to_contain_text("請選擇「是否已訂定減碳目標」是或否")
    expect(page.get_by_label("汽油用量")).to_have_value("-3")
    expect(page.get_by_label("企業名稱")).to_have_value("綠能五金有限公司")
    check_page(page, label="netzero form after refused submit")

    page.get_by_label("汽油用量").fill("0")
    page.get_by_label("汽油用量").press("Tab")
    fill_answers(page)
    page.get_by_role("button", name="送出並查看結果").click()
    expect(page.locator("#energy-error")).to_have_text("請至少填寫一項能源用量")
    page.get_by_label("天然氣用量").fill("500")
    expect(page.locator("#energy-error")).to_be_hidden()
    page.get_by_role("button", name="送出並查看結果").click()
    page.wait_for_url(re.compile(r"/netzero/r/"))
    expect(page.locator(".nz-level")).to_have_text("低")


def _high_result(page, live_server) -> None:
    """The longest result: every energy source, every 高 reason, every addition."""
    page.goto(live_server + FORM)
    fill_company(page)
    quantities = ["60,000,000", "800,000", "20,000", "150,000", "60,000", "400,000"]
    labels = ["年用電量", "天然氣用量", "液化石油氣用量", "柴油用量", "汽油用量", "燃料油用量"]
    for label, value in zip(labels, quantities, strict=True):
        page.get_by_label(label).fill(value)
    fill_answers(page, cbam="是", request="deadline")
    answer(page, **{"是否為上市櫃公司或其子公司": "是"})
    page.get_by_role("button", name="送出並查看結果").click()
    page.wait_for_url(re.compile(r"/netzero/r/"))
    expect(page.locator(".nz-level")).to_have_text("高")
    assert page.locator(".nz-reasons li").count() == 4


def test_result_prints_on_one_a4_page(page, live_server, screenshot):
    _high_result(page, live_server)
    pdf = page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    page.emulate_media(media="print")
    screenshot(page, "netzero-result-print")  # taken first: it shows what overflows
    assert pages == 1, f"the printed result takes {pages} A4 pages"
    assert page.locator(".site-header").is_hidden()
    assert page.get_by_role("button", name="列印結果").is_hidden()


@pytest.mark.parametrize(
    ("viewport", "name"),
    [(TABLET, "tablet"), (PORTRAIT, "portrait"), (PHONE, "phone")],
)
def test_form_fits_each_screen(browser, live_server, screenshot, viewport, name):
    context = new_context(browser, viewport)
    page = context.new_page()
    page.goto(live_server + FORM)
    assert no_sideways_scroll(page)
    for label in ("統一編號", "年用電量", "客戶是否要求提供碳排資料或減碳目標"):
        box = page.get_by_label(label).bounding_box()
        assert (
            box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
        )
    choice = group(page, "是否已訂定減碳目標").locator("label.choice").first.bounding_box()
    assert choice["height"] >= 44 and choice["width"] >= 44
    screenshot(page, f"netzero-form-{name}")
    if name == "phone":
        _high_result(page, live_server)
        assert no_sideways_scroll(page)
        screenshot(page, "netzero-result-phone")
    context.close()


def test_works_without_javascript(browser, live_server):
    context = new_context(browser, TABLET, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + FORM)
    fill_company(page, ubn="1234567")
    fill_answers(page)
    page.get_by_role("button", name="送出並查看結果").click()
    page.wait_for_load_state("load")
    expect(page.locator("#ubn-error")).to_have_text(re.compile("統一編號應為 8 位數字"))
    expect(page.locator("#energy-error")).to_have_text("請至少填寫一項能源用量")
    expect(page.get_by_label("統一編號")).to_have_value("1234567")
    # No check_page here: axe needs JavaScript; the same markup is checked in the tests above.
    page.get_by_label("統一編號").fill("22099131")
    page.get_by_label("年用電量").fill("5000")
    page.get_by_role("button", name="送出並查看結果").click()
    page.wait_for_url(re.compile(r"/netzero/r/"))
    expect(page.locator(".nz-total")).to_have_text("2.37")
    expect(page.get_by_role("button", name="列印結果")).to_be_hidden()
    context.close()


SHOTS_24 = Path("/tmp/shots-24")


@pytest.mark.parametrize(("viewport", "name"), [(PHONE, "390x844"), (PORTRAIT, "768x1024")])
def test_result_2025_retailer_says_its_assumptions(
    browser, live_server, check_page, viewport, name
):
    """Issue 24: a retailer's 2025 check above 25,000 t: no carbon-fee claim, the provisional
    factor said, 計算方式 from the factor file, no version ids; screenshots to look at."""
    context = new_context(browser, viewport)
    page = context.new_page()
    page.goto(live_server + FORM)
    fill_company(page)
    page.get_by_label("行業別").select_option("G")
    page.get_by_label("資料年度").select_option("2025")
    page.get_by_label("年用電量").fill("60,000,000")
    page.get_by_label("柴油用量").fill("1,000")
    page.get_by_label("汽油用量").fill("500")
    fill_answers(page)
    page.get_by_role("button", name="送出並查看結果").click()
    page.wait_for_url(re.compile(r"/netzero/r/[\w-]{43}$"))
    # 60,000,000 × 0.474 / 1000 = 28,440 t; 1,000 L diesel 2.6859 t; 500 L gasoline 1.1354 t
    expect(page.locator(".nz-total")).to_have_text("28,443.82")
    expect(page.locator(".nz-factor-note")).to_contain_text(
        "2025 年的電力排放係數尚未公告，暫以 2024 年係數計算"
    )
    body = page.locator("#netzero-result").inner_text()
    assert "碳費" not in body and "排放量已達大型排放源規模" in body
    assert "計算方式" in body and "8,629 kcal/L" in body and "車輛" in body
    assert "urgency-v1" not in page.content() and "2025-tw-ar5" not in page.content()
    assert no_sideways_scroll(page)
    check_page(page, label=f"netzero result 2025 {name}")
    SHOTS_24.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS_24 / f"netzero-result-{name}.png"), full_page=True)
    context.close()
