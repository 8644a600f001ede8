"""實戰培訓 registration in a browser: the list and a session on a phone, the form sent, the
ticket with its QR code; the full session's waitlist on a tablet. Every page axe- and Nu-clean."""

import shutil
from pathlib import Path

import pytest

from tests.browser.conftest import PHONE, TABLET, new_context
from tests.training.conftest import make_session

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots-training")


def shot(page, screenshot, name):
    path = screenshot(page, name)
    SHOTS.mkdir(exist_ok=True)
    shutil.copy(path, SHOTS / path.name)


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def fill_registration(page, n=1):
    page.get_by_role("textbox", name="企業名稱（必填）").fill(f"日日好咖啡{n}")
    page.get_by_label("所在縣市").select_option("臺中市")
    page.get_by_label("行業別").select_option("I")
    page.get_by_role("textbox", name="報名者姓名（必填）").fill(f"林小美{n}")
    page.get_by_role("textbox", name="手機（必填）").fill(f"0912-345-{n:03d}")
    page.get_by_role("textbox", name="電子郵件（必填）").fill(f"may{n}@example.com")
    page.get_by_label("個人資料蒐集同意").check()


@pytest.mark.parametrize("viewport", [PHONE, TABLET], ids=["phone", "tablet"])
def test_register_on_a_phone_or_tablet_and_see_the_ticket(
    app, browser, live_server, check_page, screenshot, viewport
):
    with app.app_context():
        make_session(title="社群行銷實戰班", capacity=2)
        make_session(
            title="淨零轉型說明會",
            kind="briefing",
            topic="淨零",
            mode="hybrid",
            meeting_url="https://meet.example.com/abc",
        )
    name = "phone" if viewport == PHONE else "tablet"
    context = new_context(browser, viewport=viewport)
    page = context.new_page()
    page.goto(f"{live_server}/training/")
    check_page(page, label="training list")
    no_sideways_scroll(page)
    shot(page, screenshot, f"training-list-{name}")
    page.get_by_role("link", name="社群行銷實戰班").first.click()
    page.wait_for_load_state("load")
    check_page(page, label="training session")
    no_sideways_scroll(page)
    # A mistake first: the error sits beside its field and what was typed stays.
    fill_registration(page)
    page.get_by_role("textbox", name="手機（必填）").fill("02-2358-1021")
    page.get_by_role("button", name="送出報名").click()
    page.wait_for_load_state("load")
    assert page.get_by_text("請填寫手機號碼").is_visible()
    assert page.get_by_role("textbox", name="企業名稱（必填）").input_value() == "日日好咖啡1"
    check_page(page, label="training session with an error")
    page.get_by_role("textbox", name="手機（必填）").fill("0912-345-001")
    page.get_by_label("個人資料蒐集同意").check()
    page.get_by_role("button", name="送出報名").click()
    page.wait_for_load_state("load")
    assert "/training/ticket/" in page.url
    assert page.get_by_text("已報名").first.is_visible()
    assert page.get_by_role("img", name="簽到用 QR code").is_visible()
    assert page.get_by_role("link", name="加入行事曆").is_visible()
    check_page(page, label="ticket")
    no_sideways_scroll(page)
    shot(page, screenshot, f"training-ticket-{name}")
    context.close()


def test_the_third_person_is_waitlisted_and_moves_up_when_someone_cancels(
    app, browser, live_server, check_page, screenshot
):
    with app.app_context():
        session_id = make_session(title="小班制電商實作", capacity=2).id
    tickets = []
    for n in (1, 2, 3):
        context = new_context(browser, viewport=TABLET)
        page = context.new_page()
        page.goto(f"{live_server}/training/{session_id}")
        fill_registration(page, n)
        page.get_by_role("button", name="送出報名" if n < 3 else "登記候補").click()
        page.wait_for_load_state("load")
        tickets.append(page.url)
        context.close()
    context = new_context(browser, viewport=TABLET)
    page = context.new_page()
    page.goto(tickets[2])
    assert page.get_by_text("候補第 1 位").is_visible()
    check_page(page, label="waitlisted ticket")
    page.goto(tickets[0])
    page.get_by_role("link", name="取消報名").click()
    check_page(page, label="cancel confirmation")
    page.get_by_role("button", name="確定取消報名").click()
    page.wait_for_load_state("load")
    assert page.get_by_text("這筆報名已取消").is_visible()
    page.goto(tickets[2])
    assert page.get_by_text("已報名").first.is_visible()
    shot(page, screenshot, "training-promoted-tablet")
    context.close()
