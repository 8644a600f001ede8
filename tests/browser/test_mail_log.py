"""送信紀錄 and 「寄給我」 in a real browser: axe and the Nu Html Checker on each page."""

import pytest
from playwright.sync_api import expect

from smeup.extensions import db
from smeup.mail_queue import enqueue
from smeup.models.mail import MailMessage
from tests.browser.conftest import sign_in
from tests.helpers import PASSWORD
from tests.register.conftest import store

pytestmark = pytest.mark.browser


def test_mail_log_shows_states_and_resends_a_failed_message(
    page, live_server, users, app, check_page, screenshot
):
    with app.app_context():
        for key, state, error in (
            ("a", "sent", None),
            ("b", "failed", "郵件伺服器回覆 550：no such user"),
            ("c", "pending", None),
        ):
            row = enqueue(
                f"browser:{key}",
                f"{key}@example.com",
                "notice",
                {"subject": f"測試信 {key}", "lines": ["內容"]},
            )
            row.state, row.last_error = state, error
        db.session.commit()
    sign_in(page, live_server, users["officer"], PASSWORD)
    page.goto(live_server + "/mail/")
    expect(page.get_by_role("heading", name="送信紀錄")).to_be_visible()
    expect(page.get_by_text("郵件伺服器回覆 550：no such user")).to_be_visible()
    expect(page.get_by_text("未設定寄信伺服器（SMEUP_SMTP_URL）")).to_be_visible()
    check_page(page, label="送信紀錄")
    screenshot(page, "mail-log")
    page.get_by_role("button", name="重寄第").click()
    expect(page.get_by_text("已將寄給 b@example.com")).to_be_visible()
    with app.app_context():
        states = {r.to_address: r.state for r in db.session.scalars(db.select(MailMessage))}
    assert states["b@example.com"] == "pending"
    page.get_by_label("狀態").select_option("failed")
    page.get_by_role("button", name="篩選").click()
    expect(page.get_by_text("沒有符合條件的信件")).to_be_visible()


def test_send_me_swaps_a_confirmation_in_place(page, live_server, app, check_page, screenshot):
    with app.test_request_context():
        token = store().submission.result_token
    page.goto(f"{live_server}/netzero/r/{token}")
    field = page.get_by_label("電子郵件")
    field.fill("lin@example")
    page.get_by_role("button", name="寄給我").click()
    expect(page.locator("#send-me-email-error")).to_have_text(
        "電子郵件格式不正確，例如 name@example.com"
    )
    expect(field).to_have_value("lin@example")
    check_page(page, label="寄給我：地址錯誤")
    screenshot(page, "send-me-error")
    page.get_by_label("電子郵件").fill("lin@example.com")
    page.get_by_role("button", name="寄給我").click()
    expect(page.get_by_role("status")).to_contain_text("lin@example.com")
    assert page.url.endswith(f"/netzero/r/{token}")  # swapped in place, no reload
    check_page(page, label="寄給我：已排入寄送")
    with app.app_context():
        (row,) = db.session.scalars(db.select(MailMessage)).all()
    assert row.to_address == "lin@example.com" and token in row.body_text
