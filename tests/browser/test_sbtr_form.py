"""SBTR proposal in a real browser: member rows in place, the live checklist, upload, submit."""

import re

import pytest
from playwright.sync_api import expect

from smeup.sbtr.plan import plan_end
from tests.browser.conftest import PORTRAIT, TABLET, new_context
from tests.sbtr.conftest import BLUEPRINT, PNG, start_date, tiny_pdf

pytestmark = pytest.mark.browser
# Tests that type proposal dates ("today in Taipei + 30 days") run at Taipei midday, so the test
# and the server agree on today.
SAME_DAY = pytest.mark.usefixtures("taipei_midday")

FORM = "/sbtr/"


def company(page):
    return page.locator("#company-block")


def fill_company(page) -> None:
    block = company(page)
    block.get_by_label("企業名稱").fill("山海創生有限公司")
    block.get_by_label("統一編號").fill("22099131")
    block.get_by_label("所在縣市").select_option("臺東縣")
    block.get_by_label("行業別").select_option("I")
    block.get_by_label("員工人數").fill("12")
    block.get_by_label("實收資本額").fill("5000000")
    block.get_by_label("聯絡人").fill("林小姐")
    block.get_by_label("聯絡電話").fill("089-123-456")
    block.get_by_label("個人資料蒐集同意").check()


def fill_plan(page, category: str = "B+類 擴大城鄉創生圈", site_right: str = "owned") -> None:
    page.get_by_label("A類 單一企業").check()
    expect(page.locator("#blueprint")).to_have_accessible_name(re.compile("^城鄉創生發展藍圖"))
    page.get_by_label(category).check()
    page.get_by_label("計畫名稱").fill("老屋新生：池上米食體驗基地")
    page.get_by_label("預定開始日期").fill(start_date().isoformat())
    page.locator("#blueprint").fill(BLUEPRINT)
    page.get_by_label("預計創造在地就業人數").fill("5")
    page.get_by_label("創生場域所在縣市").select_option("臺東縣")
    page.get_by_label("創生場域地址").fill("臺東縣池上鄉中山路 1 號")
    page.get_by_label("場域使用權").select_option(site_right)


def fill_row(page, n: int, ubn: str, name: str) -> None:
    page.locator(f"#members-{n}-ubn").fill(ubn)
    page.locator(f"#members-{n}-name").fill(name)
    page.locator(f"#members-{n}-employees").fill("8")
    page.locator(f"#members-{n}-paid_in_capital").fill("1200000")
    page.locator(f"#members-{n}-paid_in_capital").press("Tab")


def settled(page, selector: str) -> None:
    """Wait until htmx has finished settling swapped-in content (its triggers are bound then)."""
    expect(page.locator(selector)).not_to_have_class(re.compile(r"htmx-(added|settling|swapping)"))


def item(page, label: str):
    return page.locator("#sbtr-eligibility .check-item", has_text=label)


def add_row(page) -> None:
    before = page.locator("fieldset.member").count()
    page.get_by_role("button", name="新增成員").click()
    expect(page.locator("fieldset.member")).to_have_count(before + 1)
    settled(page, "#sbtr-members")


@SAME_DAY
def test_rows_and_checklist_change_in_place(page, live_server, check_page, screenshot):
    page.goto(live_server + FORM)
    check_page(page, label="sbtr empty form")
    fill_company(page)
    fill_plan(page)
    blueprint = page.locator("#blueprint")
    expect(blueprint).to_have_accessible_name(re.compile("^團隊經營共識與城鄉事業藍圖"))
    expect(page.locator("label[for=blueprint] .label-a")).to_be_hidden()
    end = plan_end(start_date()).isoformat()
    expect(page.locator("#sbtr-eligibility .plan-period")).to_contain_text(end)
    expect(page.locator("#planned_start-help")).to_contain_text(end)

    add_row(page)
    expect(page.locator("#members-1-ubn")).to_be_focused()
    fill_row(page, 1, "04541302", "乙合作社")
    count = item(page, "B+類須 3 家以上企業共同申請")
    expect(count).to_have_class(re.compile("check-fail"))
    expect(count).to_contain_text("不符合")
    expect(count).to_contain_text("目前只有 2 家")

    add_row(page)
    expect(count).to_have_class(re.compile("check-pass"))
    expect(count).to_contain_text("共 3 家企業")
    fill_row(page, 2, "04541302", "重複的乙")
    expect(item(page, "成員統一編號不重複")).to_contain_text("重複出現")
    page.locator("#member-1").scroll_into_view_if_needed()
    screenshot(page, "sbtr-b-plus-checklist-tablet", full_page=False)
    check_page(page, label="sbtr B+ with three rows")

    page.get_by_role("button", name=re.compile(r"移除\s*第 3 家成員")).click()
    expect(page.locator("fieldset.member")).to_have_count(2)
    expect(count).to_have_class(re.compile("check-fail"))
    expect(page.locator("#members-1-name")).to_have_value("乙合作社")
    expect(page.get_by_role("button", name="新增成員")).to_be_focused()


@SAME_DAY
def test_letter_of_intent_upload_and_submit(page, live_server, check_page, screenshot):
    page.goto(live_server + FORM)
    fill_company(page)
    fill_plan(page)
    add_row(page)
    fill_row(page, 1, "04541302", "乙合作社")
    add_row(page)
    fill_row(page, 2, "34051920", "丙工作室")
    page.get_by_label("創生場域可實際進入常態性商轉").check()
    loi = item(page, "已附合作意向書")
    expect(loi).to_have_class(re.compile("check-fail"))

    png = {"name": "scan.pdf", "mimeType": "application/pdf", "buffer": PNG}
    page.locator("#loi_file").set_input_files(png)
    expect(page.locator("#loi_file-error")).to_contain_text("須為 PDF 檔")
    expect(page.locator("#loi_file")).to_have_attribute("aria-invalid", "true")
    settled(page, "#field-loi_file")

    pdf = {"name": "合作意向書.pdf", "mimeType": "application/pdf", "buffer": tiny_pdf()}
    page.locator("#loi_file").set_input_files(pdf)
    expect(page.locator("#loi_file-current")).to_contain_text("已上傳：合作意向書.pdf")
    expect(loi).to_have_class(re.compile("check-pass"))
    expect(page.locator(".eligibility-summary")).to_have_text(re.compile("目前符合所有申請資格"))
    check_page(page, label="sbtr eligible B+")

    page.get_by_role("button", name="送出申請").click()
    page.wait_for_url(re.compile(r"/sbtr/r/[\w-]{43}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("已收到您的城鄉創生（SBTR）計畫申請")
    expect(page.locator("main")).to_contain_text("丙工作室")
    screenshot(page, "sbtr-receipt", full_page=False)
    check_page(page, label="sbtr receipt")


def test_refused_submit_lists_errors_and_focuses_them(page, live_server, check_page):
    page.goto(live_server + FORM)
    page.get_by_label("A類 單一企業").check()
    page.get_by_label("計畫名稱").fill("只填了名稱")
    page.get_by_role("button", name="送出申請").click()
    summary = page.locator("#sbtr-errors")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("請填寫企業名稱")
    expect(page.get_by_label("計畫名稱")).to_have_value("只填了名稱")
    expect(page.locator("#company_name-error")).to_be_visible()
    check_page(page, label="sbtr refused")


@SAME_DAY
def test_portrait_layout_puts_the_checklist_under_the_form(browser, live_server, screenshot):
    context = new_context(browser, viewport=PORTRAIT)
    page = context.new_page()
    page.goto(live_server + FORM)
    fill_company(page)
    fill_plan(page, site_right="leased")
    page.get_by_label("使用權期限").fill(start_date().isoformat())
    page.get_by_label("使用權期限").press("Tab")
    expect(page.locator("#site_right_until-error")).to_contain_text("須晚於計畫結束日")
    add_row(page)
    expect(item(page, "場域使用權涵蓋計畫期程")).to_have_class(re.compile("check-fail"))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    form_box = page.locator(".sbtr-fields").bounding_box()
    list_box = page.locator("#sbtr-eligibility").bounding_box()
    assert list_box["y"] > form_box["y"] + form_box["height"] - 1
    page.locator("#sbtr-eligibility").scroll_into_view_if_needed()
    screenshot(page, "sbtr-b-plus-checklist-portrait", full_page=False)
    context.close()


def check_without_js(browser, page, check_page, label: str) -> None:
    """axe needs JavaScript: check the no-JS page's HTML in a page whose own scripts are blocked."""
    checker_context = new_context(browser, TABLET)
    checker_context.route("**/*.js*", lambda route: route.abort())
    checker = checker_context.new_page()
    checker.goto(page.url)
    checker.set_content(page.content())
    check_page(checker, label=label)
    checker_context.close()


def test_without_javascript_rows_are_added_by_reloading(browser, live_server, check_page):
    context = new_context(browser, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + FORM)
    page.get_by_label("B+類 擴大城鄉創生圈").check()
    page.get_by_label("計畫名稱").fill("沒有腳本也能填")
    page.get_by_role("button", name="新增成員").click()
    expect(page.locator("#members-1-ubn")).to_be_visible()
    page.locator("#members-1-name").fill("乙合作社")
    page.get_by_role("button", name="新增成員").click()
    expect(page.locator("fieldset.member")).to_have_count(3)
    expect(page.get_by_label("計畫名稱")).to_have_value("沒有腳本也能填")
    expect(page.locator("#members-1-name")).to_have_value("乙合作社")
    expect(item(page, "B+類須 3 家以上企業共同申請")).to_have_class(re.compile("check-pass"))
    page.get_by_role("button", name=re.compile(r"移除\s*第 2 家成員")).click()
    expect(page.locator("fieldset.member")).to_have_count(2)
    expect(page.locator("#members-1-name")).to_have_value("")
    check_without_js(browser, page, check_page, "sbtr without JS")
    context.close()


def test_letter_over_ten_megabytes_is_refused_before_it_is_sent(page, live_server, check_page):
    page.goto(live_server + FORM)
    page.get_by_label("B+類 擴大城鄉創生圈").check()
    uploads = []
    page.on("request", lambda r: uploads.append(r.url) if r.url.endswith("/sbtr/loi") else None)
    big = {"name": "big.pdf", "mimeType": "application/pdf", "buffer": tiny_pdf(11 * 1024 * 1024)}
    # 11 MB travel to the browser first: a loaded machine needs longer than the default 10 s.
    page.locator("#loi_file").set_input_files(big, timeout=60_000)
    expect(page.locator("#loi_file-error")).to_contain_text("11.0 MB，超過 10 MB 上限")
    expect(page.locator("#loi_file")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#loi_file")).to_have_value("")
    assert uploads == []
    check_page(page, label="sbtr LOI too big")
