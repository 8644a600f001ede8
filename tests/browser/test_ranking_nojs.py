"""The course survey without JavaScript: one select per rank, errors beside them, stored once."""

import re

import pytest
from playwright.sync_api import expect

from smeup.extensions import db
from smeup.models.surveys import CourseResponse
from smeup.surveys.demo import seed
from tests.browser.conftest import TABLET, new_context

pytestmark = pytest.mark.browser


def check_as_shown(browser, page, check_page, label: str) -> None:
    """check_page on what a no-JS page shows: axe needs JavaScript, so the same HTML is checked
    in a second page whose own scripts are blocked (the enhancement cannot run there either)."""
    checker_context = new_context(browser, TABLET)
    checker_context.route("**/*.js*", lambda route: route.abort())
    checker = checker_context.new_page()
    checker.goto(page.url)  # same origin and base URL, so the CSS loads
    checker.set_content(page.content())
    check_page(checker, label=label)
    checker_context.close()


def test_rank_with_the_selects(browser, app, live_server, check_page, screenshot):
    with app.app_context():
        survey_id = seed().id
        db.session.commit()
    context = new_context(browser, TABLET, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/surveys/{survey_id}")
    expect(page.locator("[data-rank-widget]")).to_be_hidden()
    expect(page.get_by_label("第 1 順位")).to_be_visible()
    check_as_shown(browser, page, check_page, "survey form without JS")

    page.get_by_label("企業名稱").fill("無腳本測試社")
    page.get_by_label("聯絡人").fill("陳小姐")
    page.get_by_label("聯絡電話").fill("089-123-456")
    page.get_by_label("所在場域").select_option("台東樂活")
    page.get_by_label("個人資料蒐集同意").check()
    choices = ["新媒體經營－社群媒體經營", "企業品牌經營", "企業品牌經營", "活動企劃－活動資源企劃"]
    for rank, label in enumerate(choices, start=1):
        page.get_by_label(f"第 {rank} 順位").select_option(label=label)
    screenshot(page, "ranking-nojs")
    page.get_by_role("button", name="送出").click()
    page.wait_for_load_state("load")
    expect(page.locator("#rank_3-error")).to_contain_text("第 3 順位重複選擇了「企業品牌經營」")
    expect(page.locator("#ranking-error")).to_have_text("請至少排序 5 項課程，目前只排了 4 項")
    expect(page.get_by_label("第 3 順位")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("第 1 順位")).to_have_value("social")
    expect(page.get_by_label("企業名稱")).to_have_value("無腳本測試社")
    screenshot(page, "ranking-nojs-errors")
    check_as_shown(browser, page, check_page, "survey form without JS, refused")

    page.get_by_label("第 3 順位").select_option(label="活動企劃－線上線下行銷活動")
    page.get_by_label("第 5 順位").select_option(label="品牌行銷－熱銷文案策略")
    page.get_by_role("button", name="送出").click()
    page.wait_for_url(re.compile(r"/surveys/r/"))
    expect(page.locator(".rank-receipt li").first).to_contain_text("新媒體經營－社群媒體經營")
    with app.app_context():
        [response] = db.session.scalars(db.select(CourseResponse)).all()
        assert response.ranks == ["social", "brand", "events", "resources", "copy"]
        assert response.location == "台東樂活"
    context.close()
