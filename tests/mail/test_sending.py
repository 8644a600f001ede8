"""Sending through a real SMTP server: headers, parts, attachments, unsubscribing (mail.md)."""

import io
import re
from datetime import datetime, timedelta

import openpyxl
import time_machine

from smeup.extensions import db
from smeup.mail.worker import NOT_CONFIGURED
from smeup.mail_queue import enqueue, is_unsubscribed
from smeup.models.mail import MailMessage
from tests.mail.conftest import run_worker, write


def _xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active["A1"] = "轉介編號"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _row(app, message_id) -> MailMessage:
    with app.app_context():
        row = db.session.get(MailMessage, message_id)
        db.session.expunge(row)
        return row


def test_a_message_arrives_once_with_zh_subject_both_parts_attachment_and_headers(app, smtp_on):
    xlsx = (
        "名單.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _xlsx(),
    )
    message_id = write(app, "課程提醒：淨零入門", attachments=[xlsx])
    run_worker(app)
    run_worker(app)  # a second pass sends nothing again
    (mail,) = smtp_on.messages()
    raw = smtp_on.received[0]
    assert b"=?utf-8?" in raw.split(b"\r\n\r\n")[0].lower()  # the subject went RFC 2047-encoded
    assert mail["Subject"] == "課程提醒：淨零入門"
    assert mail["To"] == "lin@example.com" and "noreply@smeup.test" in mail["From"]
    assert mail["Reply-To"] == "service@smeup.test"
    assert re.fullmatch(r"<[^@>]+@smeup\.test>", mail["Message-ID"])
    assert mail["Date"] and mail["List-Unsubscribe"] is None
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert "課程將於明天下午兩點開始。" in text and "課程將於明天下午兩點開始。" in html
    (attachment,) = list(mail.iter_attachments())
    assert attachment.get_filename() == "名單.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(attachment.get_content()))
    assert book.active["A1"].value == "轉介編號"
    row = _row(app, message_id)
    assert (row.state, row.attempts, row.last_error) == ("sent", 1, None)
    assert row.sent_at is not None and row.message_id == mail["Message-ID"]


def test_the_same_key_writes_one_message(app):
    first = write(app, "training.registered:1")
    second = write(app, "training.registered:1", to="other@example.com")
    assert first == second
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(MailMessage)) == 1


def test_the_same_key_twice_in_one_transaction_is_one_row(app):
    with app.app_context():
        a = enqueue("k:1", "a@example.com", "notice", {"subject": "一", "lines": []})
        b = enqueue("k:1", "a@example.com", "notice", {"subject": "一", "lines": []})
        db.session.commit()
        assert a is b
        assert db.session.scalar(db.select(db.func.count()).select_from(MailMessage)) == 1


def test_reminders_carry_one_click_unsubscribe_that_works_without_login(app, smtp_on, client):
    write(app, "提醒", kind="reminder")
    run_worker(app)
    (mail,) = smtp_on.messages()
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = re.fullmatch(
        r"<(http://127\.0\.0\.1:8000(/mail/unsubscribe/[^>]+))>", mail["List-Unsubscribe"]
    )
    assert url
    path = url.group(2)
    assert path in mail.get_body(("plain",)).get_content()
    page = client.get(path)
    assert page.status_code == 200 and "確認取消訂閱" in page.get_data(as_text=True)
    with app.app_context():
        assert not is_unsubscribed("lin@example.com", "reminder")
    done = client.post(path, data={"List-Unsubscribe": "One-Click"})  # no session, no CSRF token
    assert done.status_code == 200 and "已取消訂閱" in done.get_data(as_text=True)
    assert client.post(path).status_code == 200  # twice is once
    with app.app_context():
        assert is_unsubscribed("LIN@example.com", "reminder")
        assert not is_unsubscribed("lin@example.com", "transactional")
    assert write(app, "下一封提醒", kind="reminder") is None  # not written at all
    assert client.get("/mail/unsubscribe/forged-token").status_code == 404


def test_a_dead_server_leaves_the_message_pending_and_a_later_run_sends_it_once(
    app, smtp_on, smtp_server, monkeypatch
):
    from tests.mail.conftest import free_port

    ids = [write(app, f"稍後再寄 {i}") for i in range(3)]
    monkeypatch.setitem(app.config, "SMEUP_SMTP_URL", f"smtp://127.0.0.1:{free_port()}")
    run_worker(app)
    for message_id in ids:  # the whole batch waits, each try counted
        row = _row(app, message_id)
        assert (row.state, row.attempts) == ("pending", 1)
        assert "無法連線寄信伺服器" in row.last_error
        wait = row.send_after - datetime.utcnow()  # noqa: DTZ003 - stored naive UTC
        assert timedelta(seconds=50) < wait < timedelta(seconds=70)
    monkeypatch.setitem(app.config, "SMEUP_SMTP_URL", f"smtp://127.0.0.1:{smtp_server[1]}")
    run_worker(app)  # not due yet
    assert smtp_on.received == []
    with time_machine.travel(datetime.now() + timedelta(minutes=2), tick=True):  # noqa: DTZ005
        run_worker(app)
        run_worker(app)
    assert sorted(smtp_on.keys()) == [f"稍後再寄 {i}" for i in range(3)]
    for message_id in ids:
        row = _row(app, message_id)
        assert (row.state, row.attempts, row.last_error) == ("sent", 2, None)


def test_after_five_tries_the_message_fails_with_the_reason(app, monkeypatch):
    from tests.mail.conftest import free_port

    message_id = write(app, "寄不出去")
    monkeypatch.setitem(app.config, "SMEUP_SMTP_URL", f"smtp://127.0.0.1:{free_port()}")
    start = datetime.now()  # noqa: DTZ005
    waits = [0, 2, 7, 40, 3 * 60]  # minutes: after 1, 5, 30 minutes and 2 hours
    for minutes in waits:
        with time_machine.travel(start + timedelta(minutes=minutes, seconds=5), tick=False):
            run_worker(app)
    row = _row(app, message_id)
    assert (row.state, row.attempts) == ("failed", 5)
    assert "無法連線寄信伺服器" in row.last_error


def test_without_a_server_the_worker_prints_each_message_once(app):
    message_id = write(app, "沒有伺服器")
    output = run_worker(app)
    assert "未設定寄信伺服器" in output and "Subject: 沒有伺服器" in output
    assert "課程將於明天下午兩點開始。" in output
    assert "Subject: 沒有伺服器" not in run_worker(app)
    row = _row(app, message_id)
    assert (row.state, row.last_error) == ("failed", NOT_CONFIGURED)
