"""The course ranking widget in a real browser: tap, drag (mouse and touch), buttons, keyboard."""

import re

import pytest
from playwright.sync_api import expect

from smeup.extensions import db
from smeup.models.surveys import CourseResponse, Survey
from smeup.surveys.demo import seed
from tests.browser.conftest import PHONE, PORTRAIT, TABLET, new_context, pause_page_clock

pytestmark = pytest.mark.browser

LABELS = {
    "brand": "企業品牌經營",
    "channels": "新媒體經營－拓展多元通路",
    "copy": "品牌行銷－熱銷文案策略",
    "social": "新媒體經營－社群媒體經營",
    "events": "活動企劃－線上線下行銷活動",
    "resources": "活動企劃－活動資源企劃",
}


@pytest.fixture
def survey_url(app, live_server) -> str:
    with app.app_context():
        survey = seed()
        db.session.commit()
        return f"{live_server}/surveys/{survey.id}"


def stored_ranks(app) -> list[list[str]]:
    with app.app_context():
        return [r.ranks for r in db.session.scalars(db.select(CourseResponse))]


def tile(page, code):
    return page.locator(f'[data-rank-tile][data-code="{code}"]')


def ranked(page) -> list[str]:
    """The codes in the ranked list, top first."""
    return page.locator("[data-rank-list] > li").evaluate_all("els => els.map(e => e.dataset.code)")


def select_values(page) -> list[str]:
    """What the (hidden) rank_N selects will submit."""
    return page.locator("[data-rank-selects] select").evaluate_all("els => els.map(e => e.value)")


def status(page):
    return page.locator("[data-status]")


def fill_company(page) -> None:
    page.get_by_label("企業名稱").fill("鹿港老街文創有限公司")
    page.get_by_label("聯絡人").fill("施先生")
    page.get_by_label("聯絡電話").fill("0912-345-678")
    page.get_by_label("所在場域").select_option("鹿港")
    page.get_by_label("個人資料蒐集同意").check()


def submit_and_wait(page) -> None:
    page.get_by_role("button", name="送出").click()
    page.wait_for_url(re.compile(r"/surveys/r/[\w-]{43}$"))


def rank_by_tapping(page, codes) -> None:
    for code in codes:
        tile(page, code).tap()


def test_from_the_survey_list_and_a_closed_survey(page, app, survey_url, check_page):
    page.goto(survey_url.rsplit("/", 1)[0] + "/")
    check_page(page, label="survey list")
    page.get_by_role("link", name=re.compile("數位轉型課程意願調查")).click()
    page.wait_for_url(survey_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("數位轉型課程意願調查")
    with app.app_context():
        db.session.execute(db.update(Survey).values(is_open=False))
        db.session.commit()
    page.reload()
    expect(page.get_by_text("這份問卷已停止填寫")).to_be_visible()
    check_page(page, label="closed survey")


def test_rank_by_tapping(page, app, survey_url, check_page, screenshot):
    page.goto(survey_url)
    expect(page.locator("[data-rank-selects]")).to_be_hidden()
    expect(page.get_by_text("請依據排序順序點選選項")).to_be_visible()
    expect(page.locator("[data-counter]")).to_have_text("已排序 0 / 5")
    check_page(page, label="survey form, nothing ranked")
    fill_company(page)

    tile(page, "copy").tap()
    expect(status(page)).to_contain_text("品牌行銷－熱銷文案策略 現為第 1 順位")
    tile(page, "brand").tap()
    expect(status(page)).to_contain_text("企業品牌經營 現為第 2 順位")
    tile(page, "social").tap()
    expect(page.locator("[data-counter]")).to_have_text("已排序 3 / 5")
    expect(tile(page, "brand")).to_have_attribute("aria-pressed", "true")
    expect(tile(page, "brand").locator("[data-badge]")).to_have_text("第 2 順位")
    assert select_values(page) == ["copy", "brand", "social", "", ""]
    screenshot(page, "ranking-tablet-landscape", full_page=False)
    check_page(page, label="survey form, 3 ranked")

    # Tapping a ranked tile takes it out again; the rest close up.
    tile(page, "brand").tap()
    expect(status(page)).to_contain_text("已移除 企業品牌經營")
    assert select_values(page) == ["copy", "social", "", "", ""]
    rank_by_tapping(page, ["brand", "events", "channels"])
    assert ranked(page) == ["copy", "social", "brand", "events", "channels"]
    submit_and_wait(page)
    assert stored_ranks(app) == [["copy", "social", "brand", "events", "channels"]]
    expect(page.locator(".rank-receipt li").first).to_contain_text("品牌行銷－熱銷文案策略")
    expect(page.locator(".rank-receipt li")).to_have_count(5)
    check_page(page, label="survey confirmation")
    screenshot(page, "ranking-confirmation", full_page=False)


def test_cannot_rank_more_than_the_maximum(page, app, survey_url, screenshot):
    page.goto(survey_url)
    rank_by_tapping(page, ["brand", "channels", "copy", "social", "events"])
    expect(page.locator("[data-counter]")).to_have_text("已排序 5 / 5")
    expect(tile(page, "resources")).to_have_attribute("aria-disabled", "true")
    # aria-disabled keeps it tappable on purpose: the tap says why nothing happens.
    tile(page, "resources").tap(force=True)
    expect(status(page)).to_contain_text("最多只能排序 5 項課程")
    expect(status(page)).to_contain_text("請先移除一項已排序的課程")
    expect(tile(page, "resources")).to_have_attribute("aria-pressed", "false")
    assert len(ranked(page)) == 5
    assert "resources" not in select_values(page)
    screenshot(page, "ranking-full", full_page=False)
    # Making room lets it in.
    page.get_by_role("button", name="移除 新媒體經營－社群媒體經營").click()
    tile(page, "resources").tap()
    assert ranked(page) == ["brand", "channels", "copy", "events", "resources"]


def drag(page, source, target, *, below=False, steps=12) -> None:
    """Press the source, move through the target in small steps, release (real mouse events)."""
    page.locator("[data-rank-list]").scroll_into_view_if_needed()
    start = source.bounding_box()
    end = target.bounding_box()
    x, y = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    to_y = end["y"] + (end["height"] * 0.8 if below else end["height"] * 0.2)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x, y + (5 if to_y > y else -5), steps=2)
    page.mouse.move(x, to_y, steps=steps)
    page.wait_for_timeout(200)
    page.mouse.up()


def handle(page, code):
    return page.locator(f'[data-rank-list] > li[data-code="{code}"] .rank-handle')


def item(page, code):
    return page.locator(f'[data-rank-list] > li[data-code="{code}"]')


def test_reorder_by_mouse_drag(page, app, survey_url):
    page.goto(survey_url)
    fill_company(page)
    rank_by_tapping(page, ["brand", "channels", "copy", "social", "events"])
    drag(page, handle(page, "events"), item(page, "brand"))
    expect(page.locator("[data-rank-list] > li").first).to_have_attribute("data-code", "events")
    assert ranked(page) == ["events", "brand", "channels", "copy", "social"]
    assert select_values(page) == ["events", "brand", "channels", "copy", "social"]
    expect(status(page)).to_contain_text("活動企劃－線上線下行銷活動 現為第 1 順位")
    expect(item(page, "events").locator("[data-number]")).to_have_text("1")
    drag(page, handle(page, "brand"), item(page, "social"), below=True)
    assert ranked(page) == ["events", "channels", "copy", "social", "brand"]
    submit_and_wait(page)
    assert stored_ranks(app) == [["events", "channels", "copy", "social", "brand"]]


def touch_drag(page, source, target) -> None:
    """A finger: touch the handle, hold past Sortable's delay, slide onto the target, lift."""
    cdp = page.context.new_cdp_session(page)
    page.locator("[data-rank-list]").scroll_into_view_if_needed()
    start = source.bounding_box()
    end = target.bounding_box()
    x, y = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    to_y = end["y"] + end["height"] * 0.2

    def touch(kind, at_y):
        points = [] if kind == "touchEnd" else [{"x": x, "y": at_y}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    # The page's clock is the test's while the finger is down: Sortable's 150 ms hold has passed
    # when the test says so, not when a loaded machine gets round to it.
    pause_page_clock(page)
    touch("touchStart", y)
    page.clock.run_for(300)  # longer than delay: 150
    for i in range(1, 16):
        touch("touchMove", y + (to_y - y) * i / 15)
        page.clock.run_for(16)
    page.clock.run_for(200)
    touch("touchEnd", to_y)
    page.clock.resume()
    cdp.detach()


def test_reorder_by_touch_drag(page, app, survey_url):
    page.clock.install()
    page.goto(survey_url)
    rank_by_tapping(page, ["brand", "channels", "copy", "social", "events"])
    touch_drag(page, handle(page, "social"), item(page, "channels"))
    expect(page.locator("[data-rank-list] > li").nth(1)).to_have_attribute("data-code", "social")
    assert ranked(page) == ["brand", "social", "channels", "copy", "events"]
    assert select_values(page) == ["brand", "social", "channels", "copy", "events"]
    expect(status(page)).to_contain_text("新媒體經營－社群媒體經營 現為第 2 順位")


def test_reorder_with_the_buttons(page, app, survey_url, check_page):
    page.goto(survey_url)
    fill_company(page)
    rank_by_tapping(page, ["brand", "channels", "copy", "social", "events"])
    page.get_by_role("button", name="下移 企業品牌經營").click()
    assert ranked(page) == ["channels", "brand", "copy", "social", "events"]
    expect(status(page)).to_contain_text("企業品牌經營 現為第 2 順位")
    # Focus follows the moved item, so pressing again keeps moving it.
    expect(page.get_by_role("button", name="下移 企業品牌經營")).to_be_focused()
    page.get_by_role("button", name="上移 活動企劃－線上線下行銷活動").click()
    assert ranked(page) == ["channels", "brand", "copy", "events", "social"]
    # aria-disabled: still pressable, and it says why nothing moves.
    page.get_by_role("button", name="上移 新媒體經營－拓展多元通路").click(force=True)
    expect(status(page)).to_contain_text("新媒體經營－拓展多元通路 已是第 1 順位")
    assert ranked(page)[0] == "channels"
    page.get_by_role("button", name="移除 品牌行銷－熱銷文案策略").click()
    assert ranked(page) == ["channels", "brand", "events", "social"]
    expect(page.get_by_role("button", name="移除 活動企劃－線上線下行銷活動")).to_be_focused()
    check_page(page, label="survey form, ranked list with buttons")
    tile(page, "resources").tap()
    submit_and_wait(page)
    assert stored_ranks(app) == [["channels", "brand", "events", "social", "resources"]]


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches `selector`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only(page, app, survey_url):
    page.goto(survey_url)
    tab_to(page, "#company_name")
    page.keyboard.type("鍵盤測試行")
    tab_to(page, "#contact_name")
    page.keyboard.type("林小姐")
    page.keyboard.press("Tab")
    page.keyboard.type("02-2358-1021")
    tab_to(page, "#location")
    page.keyboard.press("ArrowDown")  # 審計新村
    for code, key in [("events", "Enter"), ("copy", " "), ("brand", "Enter"), ("social", " ")]:
        tab_to(page, f'[data-rank-tile][data-code="{code}"]')
        page.keyboard.press(key)
    assert ranked(page) == ["events", "copy", "brand", "social"]
    tab_to(page, '[data-rank-tile][data-code="resources"]')
    page.keyboard.press("Enter")
    tab_to(page, '[data-rank-tile][data-code="channels"]')  # the only unranked one left: full
    page.keyboard.press("Enter")
    expect(status(page)).to_contain_text("最多只能排序 5 項課程")
    # Move 企業品牌經營 (3rd) to the top with two presses on its 上移 button.
    tab_to(page, '[data-code="brand"] [data-move="-1"]')
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    assert ranked(page) == ["brand", "events", "copy", "social", "resources"]
    expect(status(page)).to_contain_text("企業品牌經營 現為第 1 順位")
    tab_to(page, "#consent")
    page.keyboard.press("Space")
    tab_to(page, 'button[type="submit"]')
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/surveys/r/"))
    with app.app_context():
        [response] = db.session.scalars(db.select(CourseResponse)).all()
        assert response.ranks == ["brand", "events", "copy", "social", "resources"]
        assert response.location == "審計新村"
        assert response.submission.company_name == "鍵盤測試行"


def test_refused_submit_keeps_the_ranking(page, app, survey_url, check_page):
    page.goto(survey_url)
    fill_company(page)
    rank_by_tapping(page, ["copy", "brand"])
    page.get_by_role("button", name="送出").click()
    summary = page.locator("#course-errors")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("請至少排序 5 項課程，目前只排了 2 項")
    expect(page.locator("#ranking-error")).to_be_visible()
    # The swapped-in form is enhanced again and still holds the two ranks.
    expect(page.locator("[data-rank-selects]")).to_be_hidden()
    assert ranked(page) == ["copy", "brand"]
    expect(page.get_by_label("企業名稱")).to_have_value("鹿港老街文創有限公司")
    check_page(page, label="survey form after a refused submit")
    rank_by_tapping(page, ["social", "events", "channels"])
    submit_and_wait(page)
    assert stored_ranks(app) == [["copy", "brand", "social", "events", "channels"]]


@pytest.mark.parametrize(
    ("viewport", "name"),
    [(TABLET, "tablet-landscape-full"), (PORTRAIT, "tablet-portrait"), (PHONE, "phone")],
)
def test_widget_fits_each_screen(browser, survey_url, screenshot, check_page, viewport, name):
    context = new_context(browser, viewport)
    page = context.new_page()
    page.goto(survey_url)
    rank_by_tapping(page, ["copy", "brand", "social"])
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    targets = [
        tile(page, "events"),
        page.get_by_role("button", name="上移 企業品牌經營"),
        page.get_by_role("button", name="移除 企業品牌經營"),
        handle(page, "brand"),
    ]
    for target in targets:
        box = target.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, box
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    page.locator("#ranking").scroll_into_view_if_needed()
    screenshot(page, f"ranking-{name}", full_page=name != "phone")
    if name == "phone":
        page.locator("[data-rank-list]").scroll_into_view_if_needed()
        screenshot(page, "ranking-phone-list", full_page=False)
    check_page(page, label=f"survey form on {name}")
    context.close()
