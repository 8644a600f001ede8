"""A first browser test: an officer signs in on a tablet."""

from tests.browser.conftest import PORTRAIT, new_context, sign_in
from tests.helpers import PASSWORD


def test_officer_signs_in_at_tablet_size(page, live_server, users, check_page, screenshot):
    page.goto(live_server + "/login")
    check_page(page, label="login")
    screenshot(page, "login-tablet")
    sign_in(page, live_server, users["officer"], "wrong password")
    assert page.get_by_role("alert").inner_text().startswith("請修正")
    assert "帳號或密碼不正確" in page.content()
    check_page(page, label="login with error")
    sign_in(page, live_server, users["officer"], PASSWORD)
    header = page.locator("header").inner_text()
    assert "測試officer" in header and "承辦人員" in header
    check_page(page, label="home signed in")
    screenshot(page, "home-officer-tablet")


def test_login_page_in_portrait_has_large_targets(browser, live_server, users):
    context = new_context(browser, PORTRAIT)
    page = context.new_page()
    page.goto(live_server + "/login")
    box = page.get_by_role("button", name="登入").bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    field = page.get_by_label("帳號").bounding_box()
    assert field["height"] >= 44
    context.close()
