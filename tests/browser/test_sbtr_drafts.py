"""SBTR drafts in a real browser: save a half-done proposal, resume it on another device."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, new_context
from tests.browser.test_sbtr_form import add_row, company, fill_company

pytestmark = pytest.mark.browser


def test_save_a_draft_and_resume_it_in_a_fresh_browser(
    page, browser, live_server, check_page, screenshot
):
    page.goto(live_server + "/sbtr/")
    fill_company(page)
    company(page).get_by_label("統一編號").fill("1234")  # invalid: a draft keeps it anyway
    page.get_by_label("B+類 擴大城鄉創生圈").check()
    page.get_by_label("計畫名稱").fill("先存一半")
    page.get_by_label("場域使用權").select_option("authorized")
    add_row(page)
    page.locator("#members-1-ubn").fill("04541302")
    page.locator("#members-1-name").fill("乙合作社")
    page.locator("#members-1-prior_sbtr").check()
    add_row(page)
    page.locator("#members-2-name").fill("丙工作室")
    page.locator(".sbtr-actions").get_by_role("button", name="儲存草稿").click()

    page.wait_for_url(re.compile(r"/sbtr/draft/[\w-]{32}\?saved=1$"))
    expect(page.get_by_role("status").filter(has_text="草稿已儲存")).to_be_visible()
    link = page.get_by_role("textbox", name="續填連結").input_value()
    assert page.url == link + "?saved=1"
    groups = page.locator(".token-group").all_inner_texts()
    assert "".join(groups) == link.rsplit("/", 1)[1] and len(groups) == 8
    expect(page.locator(".draft-qr")).to_be_visible()
    check_page(page, label="sbtr draft saved")

    other = new_context(browser)  # another device: no cookies, no session
    resumed = other.new_page()
    resumed.goto(link)
    expect(company(resumed).get_by_label("統一編號")).to_have_value("1234")
    expect(resumed.get_by_label("B+類 擴大城鄉創生圈")).to_be_checked()
    expect(resumed.get_by_label("計畫名稱")).to_have_value("先存一半")
    expect(resumed.get_by_label("場域使用權")).to_have_value("authorized")
    expect(resumed.locator("fieldset.member")).to_have_count(3)
    expect(resumed.locator("#members-1-ubn")).to_have_value("04541302")
    expect(resumed.locator("#members-1-prior_sbtr")).to_be_checked()
    expect(resumed.locator("#members-2-name")).to_have_value("丙工作室")
    expect(resumed.locator(".field-error")).to_have_count(0)
    expect(resumed.locator(".draft-qr")).to_be_hidden()  # folded on a later visit
    screenshot(resumed, "sbtr-resumed-draft", full_page=False)
    resumed.get_by_text("草稿續填連結").click()
    expect(resumed.locator(".draft-qr")).to_be_visible()
    count = resumed.locator("#sbtr-eligibility .check-item", has_text="B+類須 3 家以上企業")
    expect(count).to_have_class(re.compile("check-pass"))
    check_page(resumed, label="sbtr resumed draft")

    resumed.get_by_label("計畫名稱").fill("改好了")
    resumed.locator(".sbtr-actions").get_by_role("button", name="儲存草稿").click()
    resumed.wait_for_url(link + "?saved=1")
    expect(resumed.get_by_label("計畫名稱")).to_have_value("改好了")
    other.close()


def test_resume_code_typed_on_a_phone(browser, live_server, page, check_page, screenshot):
    page.goto(live_server + "/sbtr/")
    page.get_by_label("計畫名稱").fill("手機續填")
    page.locator(".sbtr-actions").get_by_role("button", name="儲存草稿").click()
    page.wait_for_url(re.compile(r"/sbtr/draft/"))
    code = " ".join(page.locator(".token-group").all_inner_texts())

    phone = new_context(browser, viewport=PHONE)
    small = phone.new_page()
    small.goto(live_server + "/sbtr/")
    small.get_by_text("已存過草稿？輸入續填代碼").click()
    small.get_by_label("續填代碼").fill(code)
    small.get_by_role("button", name="開啟草稿").click()
    expect(small.get_by_label("計畫名稱")).to_have_value("手機續填")
    wide = small.evaluate(
        """[...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right
        > window.innerWidth + 1).map(e => e.tagName + '#' + e.id + '.' + e.className).slice(0, 8)"""
    )
    assert wide == []
    screenshot(small, "sbtr-resumed-draft-phone", full_page=False)
    check_page(small, label="sbtr draft on a phone")
    phone.close()
