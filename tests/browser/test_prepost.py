"""前測／後測 in a browser: a participant on a phone (no JavaScript) takes the 前測 and the 後測
and sees both scores; an officer on a tablet sees the comparison chart."""

import shutil
from pathlib import Path

import pytest

from smeup.extensions import db
from smeup.intake import Intake
from smeup.models.digital import Shop
from smeup.models.prepost import CourseTest
from smeup.prepost.taking import Participant, store_attempt
from tests.browser.conftest import PHONE, TABLET, new_context, sign_in
from tests.browser.test_digital import add_shop
from tests.helpers import PASSWORD
from tests.prepost.conftest import build_test

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots-prepost")


def shot(page, screenshot, name):
    path = screenshot(page, name)
    SHOTS.mkdir(exist_ok=True)
    shutil.copy(path, SHOTS / path.name)


def open_as(app, test_id, kind):
    with app.app_context():
        db.session.get(CourseTest, test_id).open_kind = kind
        db.session.commit()


def take(page, base, test_id, answers, name="林小美", phone="0912-345-678"):
    page.goto(f"{base}/tests/{test_id}")
    page.get_by_label("您的店家").select_option(label="森日咖啡")
    page.get_by_role("textbox", name="姓名（必填）").fill(name)
    page.get_by_role("textbox", name="電話（必填）").fill(phone)
    for label in answers:
        page.get_by_label(label, exact=True).check()
    page.get_by_label("個人資料蒐集同意").check()
    page.get_by_role("button", name="送出作答").click()
    page.wait_for_load_state("load")


def others(app, test_id):
    """Three more people with both tests, so the chart has more than one line."""
    with app.app_context():
        test = db.session.get(CourseTest, test_id)
        shop = db.session.scalar(db.select(Shop).filter_by(name="森日咖啡"))
        items = test.visible_items
        for kind, picks in (("pre", ("A", ["C"], "T")), ("post", ("A", ["A", "C"], "F"))):
            test.open_kind = kind
            for n in range(3):
                who = Participant({"name": f"學員{n}"}, shop=shop, ubn=None, phone=f"091100000{n}")
                answers = {item.id: list(p) for item, p in zip(items, picks, strict=True) if p}
                if n == 2 and kind == "post":
                    answers.pop(items[1].id)
                store_attempt(test, who, answers, Intake("web", None, None))
        test.open_kind = None
        db.session.commit()


def test_a_participant_takes_both_tests_on_a_phone_and_an_officer_sees_the_chart(
    app, browser, live_server, users, check_page, screenshot
):
    add_shop(app, "森日咖啡")
    with app.app_context():
        test_id = build_test("pre")
    tablet = new_context(browser, viewport=TABLET)  # with JavaScript, as a kiosk tablet
    on_tablet = tablet.new_page()
    take(on_tablet, live_server, test_id, ["A. 雲端發票", "是（對）"], "陳志明", "02-2358-1021")
    assert on_tablet.locator(".score").inner_text() == "2.0"
    phone = new_context(browser, viewport=PHONE, java_script_enabled=False)
    page = phone.new_page()
    page.goto(f"{live_server}/tests/{test_id}")
    assert page.locator("text=正確").count() == 0
    check_page(page, label="前測 form", javascript=False)
    shot(page, screenshot, "prepost-phone-pre-form")
    take(page, live_server, test_id, ["B. 紙本發票", "A. LINE 官方帳號", "是（對）"])
    assert "前測已送出" in page.content()
    assert page.locator(".score").inner_text() == "1.5"
    check_page(page, label="前測 receipt", javascript=False)

    open_as(app, test_id, "post")
    take(
        page,
        live_server,
        test_id,
        ["A. 雲端發票", "A. LINE 官方帳號", "C. Google 商家", "非（錯）"],
    )
    rows = page.locator(".score-pair tbody tr")
    assert rows.nth(0).inner_text().split() == ["前測", "1.5", "/", "6"]
    assert rows.nth(1).inner_text().split() == ["後測", "6.0", "/", "6"]
    assert "+4.5" in rows.nth(2).inner_text()
    check_page(page, label="後測 receipt", javascript=False)
    shot(page, screenshot, "prepost-phone-post-receipt")
    phone.close()
    take(
        on_tablet,
        live_server,
        test_id,
        ["A. 雲端發票", "C. Google 商家", "非（錯）"],
        "陳志明",
        "0223581021",
    )
    rows = on_tablet.locator(".score-pair tbody tr")
    assert rows.nth(0).inner_text().split() == ["前測", "2.0", "/", "6"]
    assert rows.nth(1).inner_text().split() == ["後測", "4.5", "/", "6"]
    check_page(on_tablet, label="後測 receipt on a tablet")
    shot(on_tablet, screenshot, "prepost-tablet-post-receipt")
    tablet.close()

    others(app, test_id)
    tablet = new_context(browser, viewport=TABLET)
    page = tablet.new_page()
    sign_in(page, live_server, users["officer"], PASSWORD)
    page.goto(f"{live_server}/console/tests/{test_id}/results")
    chart = page.get_by_role("img", name="各題前測與後測答對比例（數字見下表）")
    assert chart.is_visible() and chart.locator("rect").count() == 6
    people = page.get_by_role("img", name="每位配對學員的前測與後測分數（數字見下表）")
    assert people.locator("line[stroke-opacity]").count() == 5
    assert "配對人數（兩次都有）" in page.content()
    check_page(page, label="results")
    shot(page, screenshot, "prepost-tablet-results")
    tablet.close()


SHOTS_24 = Path("/tmp/shots-24")
TEXT_SIZES = """(svg) => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return [...svg.querySelectorAll('text')].map((t) => ({
        text: t.textContent,
        font: parseFloat(getComputedStyle(t).fontSize) * scale,
        height: t.getBoundingClientRect().height,
    }));
}"""


def one_went_down(app, test_id):
    """A fourth person whose 後測 is lower than their 前測 (an orange line)."""
    with app.app_context():
        test = db.session.get(CourseTest, test_id)
        shop = db.session.scalar(db.select(Shop).filter_by(name="森日咖啡"))
        first, second, third = test.visible_items
        for kind, answers in (
            ("pre", {first.id: ["A"], second.id: ["A", "C"]}),
            ("post", {third.id: ["F"]}),
        ):
            test.open_kind = kind
            who = Participant({"name": "王大同"}, shop=shop, ubn=None, phone="0922000111")
            store_attempt(test, who, answers, Intake("web", None, None))
        test.open_kind = "post"
        db.session.commit()


@pytest.mark.parametrize("viewport", [PHONE, {"width": 768, "height": 1024}], ids=["390", "768"])
def test_the_officer_pages_read_on_a_phone_and_a_portrait_tablet(
    app, browser, live_server, users, check_page, viewport
):
    """Issue 24: chart text at least 11 px on a 390 px phone; QR code and item buttons fit."""
    add_shop(app, "森日咖啡")
    with app.app_context():
        test_id = build_test(None)
    others(app, test_id)
    one_went_down(app, test_id)
    context = new_context(browser, viewport=viewport)
    page = context.new_page()
    sign_in(page, live_server, users["officer"], PASSWORD)
    SHOTS_24.mkdir(exist_ok=True)
    width = viewport["width"]

    page.goto(f"{live_server}/console/tests/{test_id}/results")
    chart = page.get_by_role("img", name="各題前測與後測答對比例（數字見下表）")
    sizes = chart.evaluate(TEXT_SIZES)
    assert len(sizes) == 3 + 5  # three item labels, five ticks
    small = [s for s in sizes if s["font"] < 11 or s["height"] < 11]
    assert not small, f"chart text under 11 px at {width} px: {small}"
    people = page.get_by_role("img", name="每位配對學員的前測與後測分數（數字見下表）")
    assert not [s for s in people.evaluate(TEXT_SIZES) if s["font"] < 11]
    assert page.locator("figcaption .legend").last.inner_text().count("後測低於前測") == 1
    # nothing runs off the side of the page
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    check_page(page, label=f"results at {width}")
    page.screenshot(path=str(SHOTS_24 / f"results-{width}.png"), full_page=True)
    chart.screenshot(path=str(SHOTS_24 / f"item-chart-{width}.png"))

    page.goto(f"{live_server}/console/tests/{test_id}")
    qr = page.get_by_role("img", name="作答網址的 QR code")
    assert qr.is_visible() and qr.bounding_box()["width"] >= 120
    assert page.get_by_role("button", name="移除第 1 題").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    check_page(page, label=f"test page at {width}")
    page.screenshot(path=str(SHOTS_24 / f"test-page-{width}.png"), full_page=True)
    context.close()


def test_before_anyone_answers_an_officer_reorders_and_edits_items_on_a_phone(
    app, browser, live_server, users, check_page
):
    with app.app_context():
        test_id = build_test(None)
    context = new_context(browser, viewport=PHONE)
    page = context.new_page()
    sign_in(page, live_server, users["officer"], PASSWORD)
    page.goto(f"{live_server}/console/tests/{test_id}")
    SHOTS_24.mkdir(exist_ok=True)
    page.get_by_role("button", name="第 3 題上移").click()
    page.wait_for_load_state("load")
    assert "已調整題目順序" in page.content()
    check_page(page, label="test page after a move")
    page.screenshot(path=str(SHOTS_24 / "test-page-editable-390.png"), full_page=True)
    page.get_by_role("link", name="修改第 2 題").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("textbox", name="題目（必填）").input_value() == "題目3：truefalse"
    check_page(page, label="edit item")
    page.screenshot(path=str(SHOTS_24 / "edit-item-390.png"), full_page=True)
    page.get_by_role("textbox", name="題目（必填）").fill("發票可以全部電子化")
    page.get_by_role("button", name="儲存題目").click()
    page.wait_for_load_state("load")
    items = page.locator(".item-list > li")
    assert "發票可以全部電子化" in items.nth(1).inner_text()
    context.close()
