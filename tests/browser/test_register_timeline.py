"""A long company timeline in a real browser at phone width (issue 30): the newest 50 lines,
then 「顯示較早的紀錄」 adds the next ones in place (htmx), and without JavaScript the same
button is a link to the company page at that point."""

from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from smeup.extensions import db
from smeup.models.register import Company
from tests.browser.conftest import PHONE, new_context, press_like_a_person, sign_in
from tests.console import factories as f
from tests.helpers import PASSWORD

pytestmark = pytest.mark.browser
LINES = "ol.timeline > li[class^='tl-']"


def seed(app) -> int:
    """A company with 120 forms."""
    with app.app_context():
        green = Company(
            ubn="22099131",
            name="綠能五金有限公司",
            contact_phone="0422223333",
            latest_at=datetime(2026, 6, 1),
        )
        db.session.add(green)
        db.session.flush()
        for i in range(120):
            f.submission(
                "course",
                company_id=green.id,
                company_name=green.name,
                submitted_at=datetime(2026, 3, 1, 2) + timedelta(hours=i),
            )
        db.session.commit()
        return green.id


def test_older_lines_come_in_place_at_phone_width(browser, live_server, users, app, check_page):
    company = seed(app)
    context = new_context(browser, PHONE)
    page = context.new_page()
    sign_in(page, live_server, users["officer"], PASSWORD)
    page.goto(f"{live_server}/console/companies/{company}")
    expect(page.get_by_role("heading", name="歷程")).to_contain_text("共 120 筆紀錄")
    expect(page.locator(LINES)).to_have_count(50)
    check_page(page, label="company page, long timeline (phone)")
    more = page.get_by_role("link", name="顯示較早的紀錄")
    press_like_a_person(page, more)
    expect(page.locator(LINES)).to_have_count(100)
    press_like_a_person(page, page.get_by_role("link", name="顯示較早的紀錄"))
    expect(page.locator(LINES)).to_have_count(120)
    expect(page.get_by_role("link", name="顯示較早的紀錄")).to_have_count(0)
    assert "/timeline" not in page.url  # the page stayed; only the lines came
    check_page(page, label="company page, whole timeline (phone)")
    context.close()


def test_without_javascript_the_button_is_a_link_to_the_older_page(
    browser, live_server, users, app, check_page
):
    company = seed(app)
    context = new_context(browser, PHONE, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, users["officer"], PASSWORD)
    page.goto(f"{live_server}/console/companies/{company}")
    page.get_by_role("link", name="顯示較早的紀錄").click()
    page.wait_for_load_state("load")
    assert "before=" in page.url
    expect(page.locator(LINES)).to_have_count(50)
    expect(page.get_by_role("link", name="回到最新的紀錄")).to_be_visible()
    check_page(page, label="company page, older timeline (no JavaScript)", javascript=False)
    context.close()
