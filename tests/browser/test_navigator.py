"""創新加值導航 in a real browser: fill, conditional questions, verdicts, print, layouts, no JS."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, PORTRAIT, TABLET, new_context, sign_in
from tests.browser.test_console_pages import headline_loaded
from tests.helpers import PASSWORD

pytestmark = pytest.mark.browser

FORM = "/navigator/"
SUBMIT = "送出並查看結果"
MAINLAND = "陸資持股是否超過 30%，或負責人／經理人為陸資投資人"
NOT_MAINLAND = "否（沒有陸資，或陸資持股 30% 以下且負責人、經理人都不是陸資投資人）"


def group(page, legend: str):
    """A radio or check-box question by its legend."""
    return page.get_by_role("group", name=legend)


def choose(page, **answers: str) -> None:
    """Tick the option labelled `answer` in the question with legend `legend`."""
    for legend, label in answers.items():
        group(page, legend).get_by_label(label, exact=True).check()


def fill_company(page) -> None:
    page.get_by_label("企業名稱").fill("智聯感測股份有限公司")
    page.get_by_label("統一編號").fill("04541302")
    page.get_by_label("所在縣市").select_option("新竹市")
    page.get_by_label("行業別").select_option("C")
    page.get_by_label("員工人數").fill("28")
    page.get_by_label("實收資本額").fill("15000000")
    page.get_by_label("聯絡人").fill("陳先生")
    page.get_by_label("聯絡電話").fill("03-5678-123")
    page.get_by_label("個人資料蒐集同意").check()


def fill_navigator(page) -> None:
    """A company whose result has one of each verdict (符合, 可能符合, 不符合)."""
    fill_company(page)
    choose(page, 組織型態="公司")
    page.get_by_label("設立日期").fill("2021-03-15")
    needs = group(page, "想找的資源")
    for need in ("研發補助", "與中大企業共創", "節能減碳"):
        needs.get_by_label(need, exact=True).check()
    choose(page, 研發進度="研究開發中", 研發主題="AI 智慧應用", 產業領域="智慧物聯")
    choose(page, 能否自籌至少一半經費="不確定")
    choose(page, **{"近 3 年是否有欠稅": "否", MAINLAND: NOT_MAINLAND})


def verdicts(page) -> dict[str, str]:
    """Each programme card's heading verdict, by programme key."""
    found = {}
    for card in page.locator(".nav-card").all():
        key = card.locator("h2").get_attribute("id").removeprefix("nav-")
        found[key] = card.locator("h2 .verdict").inner_text()
    return found


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def submit_and_wait(page) -> None:
    page.get_by_role("button", name=SUBMIT).click()
    page.wait_for_url(re.compile(r"/navigator/r/[\w-]{43}$"))


def test_fill_see_each_verdict(page, live_server, check_page, screenshot):
    page.goto(live_server + FORM)
    rnd = page.locator("#rnd-section")
    expect(rnd).to_be_hidden()  # shown once 研發補助 is ticked
    check_page(page, label="navigator form")
    fill_navigator(page)
    expect(rnd).to_be_visible()
    submit_and_wait(page)
    assert verdicts(page) == {
        "sbir_local": "符合",
        "sbir_general": "可能符合",
        "cocreation": "可能符合",
        "accelerator": "不符合",
    }
    general = page.locator(".nav-card", has=page.locator("#nav-sbir_general"))
    expect(general).to_contain_text("不確定能否自籌一半經費")
    expect(general).to_contain_text("主題式徵件「AI 智慧應用」")
    expect(page.locator(".nav-also")).to_contain_text("淨零健檢")
    expect(page.get_by_text("以主辦單位最新公告為準")).to_be_visible()
    expect(page.get_by_role("button", name="列印結果")).to_be_visible()
    check_page(page, label="navigator result")


def test_refused_submit_keeps_values_and_focuses_the_error_list(page, live_server, check_page):
    page.goto(live_server + FORM)
    fill_company(page)
    group(page, "想找的資源").get_by_label("研發補助", exact=True).check()
    page.get_by_role("button", name=SUBMIT).click()
    summary = page.locator("#navigator-errors")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("研發進度：勾選了研發補助，請選擇研發進度")
    expect(summary).to_contain_text("組織型態：請選擇組織型態")
    expect(page.get_by_label("企業名稱")).to_have_value("智聯感測股份有限公司")
    expect(page.locator("#rnd-section")).to_be_visible()
    check_page(page, label="navigator form after refused submit")


def test_result_prints_on_one_a4_page(page, live_server, screenshot):
    page.goto(live_server + FORM)
    fill_navigator(page)
    group(page, "想找的資源").get_by_label("數位工具", exact=True).check()
    group(page, "曾完成的 SBIR 階段").get_by_label("Phase 1", exact=True).check()
    # The longest result: three programmes fit, so every one of their rules is listed.
    choose(page, 能否自籌至少一半經費="能")
    submit_and_wait(page)
    # SBIR 一般型 6 rules, 地方型 6 (the shared exclusions, issue 24), 新創共創 4, 加速器 1.
    assert page.locator(".nav-reasons li").count() == 6 + 6 + 4 + 1
    assert page.locator(".nav-also li").count() == 2
    pdf = page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pages == 1, f"the printed result takes {pages} A4 pages"
    page.emulate_media(media="print")
    screenshot(page, "navigator-result-print")
    assert page.locator(".site-header").is_hidden()


@pytest.mark.parametrize(
    ("viewport", "name"), [(TABLET, "tablet"), (PORTRAIT, "portrait"), (PHONE, "phone")]
)
def test_form_and_result_fit_each_screen(browser, live_server, screenshot, viewport, name):
    context = new_context(browser, viewport)
    page = context.new_page()
    page.goto(live_server + FORM)
    screenshot(page, f"navigator-form-{name}")
    fill_navigator(page)
    assert no_sideways_scroll(page)
    for label in ("設立日期", "員工人數"):
        box = page.get_by_label(label).bounding_box()
        assert box["height"] >= 44 and box["x"] + box["width"] <= viewport["width"]
    for legend, option in (("想找的資源", "研發補助"), ("能否自籌至少一半經費", "不確定")):
        box = group(page, legend).locator("label.choice", has_text=option).bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44
    screenshot(page, f"navigator-form-filled-{name}")
    submit_and_wait(page)
    assert no_sideways_scroll(page)
    assert set(verdicts(page).values()) == {"符合", "可能符合", "不符合"}
    screenshot(page, f"navigator-result-{name}")
    context.close()


def test_works_without_javascript(browser, live_server):
    context = new_context(browser, TABLET, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + FORM)
    expect(page.locator("#rnd-section")).to_be_visible()  # nothing hidden without JS
    fill_navigator(page)
    page.get_by_label("設立日期").fill("")
    page.get_by_role("button", name=SUBMIT).click()
    page.wait_for_load_state("load")
    expect(page.locator("#founded_on-error")).to_contain_text("請填寫設立日期")
    page.get_by_label("設立日期").fill("2021-03-15")
    submit_and_wait(page)
    assert verdicts(page)["sbir_local"] == "符合"
    context.close()


def test_officer_list_detail_and_dashboard(page, live_server, users, check_page, screenshot):
    page.goto(live_server + FORM)
    fill_navigator(page)
    submit_and_wait(page)
    sign_in(page, live_server, users["officer"], PASSWORD)
    page.goto(live_server + "/console/navigator/")
    row = page.locator("table.submissions tbody tr").first
    expect(row).to_contain_text("智聯感測股份有限公司")
    expect(row).to_contain_text("可能符合")
    check_page(page, label="console navigator list")
    row.get_by_role("link", name="智聯感測股份有限公司").click()
    expect(page.locator("#result-title")).to_have_text("導航結果（送出當時判斷並保存）")
    expect(page.locator(".facts")).to_contain_text(["研發補助；與中大企業共創；節能減碳"])
    check_page(page, label="console navigator detail")
    screenshot(page, "navigator-console-detail")
    page.goto(live_server + "/console/")
    expect(page.locator("#navigator-title")).to_have_text("補助與獎勵導航")
    headline_loaded(page)
    check_page(page, label="console dashboard with navigator")


def test_an_agent_keeps_an_unfinished_pre_screen_and_resumes_it(
    page, live_server, users, check_page
):
    sign_in(page, live_server, users["agent"], PASSWORD)
    page.goto(live_server + FORM)
    page.get_by_label("企業名稱").fill("山海文創有限公司")
    page.get_by_label("通話紀錄").fill("等老闆確認設立日期")
    page.get_by_role("button", name="儲存未完成").click()  # through htmx, nothing checked
    page.wait_for_url("**/phone/")
    expect(page.get_by_role("status").first).to_contain_text("已儲存未完成：山海文創有限公司")
    page.get_by_role("link", name="繼續 山海文創有限公司").click()
    page.wait_for_url("**/navigator/?draft=*")
    expect(page.get_by_label("企業名稱")).to_have_value("山海文創有限公司")
    expect(page.get_by_label("通話紀錄")).to_have_value("等老闆確認設立日期")
    check_page(page, label="navigator resumed on the phone")


@pytest.mark.parametrize(("viewport", "name"), [(PHONE, "phone"), (PORTRAIT, "portrait")])
def test_a_dissolved_mainland_company_reads_why_on_each_screen(
    browser, app, live_server, check_page, screenshot, viewport, name
):
    """Issue 24: the registry's 解散 and the 陸資 threshold, said on every card that they decide."""
    from smeup.extensions import db
    from smeup.models.registry import RegistryAnswer

    with app.app_context():
        db.session.add(
            RegistryAnswer(
                ubn="04541302",
                found=True,
                company_name="智聯感測股份有限公司",
                status="解散",
                dissolved=True,
                county="新竹市",
            )
        )
        db.session.commit()
    context = new_context(browser, viewport)
    page = context.new_page()
    page.goto(live_server + FORM)
    fill_navigator(page)
    choose(page, **{MAINLAND: "是（超過 30%，或負責人／經理人為陸資投資人）"})
    submit_and_wait(page)
    assert set(verdicts(page).values()) == {"不符合"}
    local = page.locator(".nav-card", has=page.locator("#nav-sbir_local"))
    expect(local).to_contain_text("顯示登記狀態為「解散」")
    expect(local).to_contain_text("屬陸資企業，不能申請地方型 SBIR")
    expect(page.locator(".nz-versions")).to_contain_text("判斷依據：2026 年 1 月公告之補助上限")
    assert "innovation-2026" not in page.content() and "（需確認）" not in page.content()
    assert no_sideways_scroll(page)
    check_page(page, label=f"navigator excluded result {name}")
    screenshot(page, f"navigator-result-excluded-{name}")
    context.close()
