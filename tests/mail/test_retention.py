"""Old mail's content is cleared by `flask purge-drafts` (SMEUP_MAIL_KEEP_DAYS); the row stays."""

from datetime import timedelta

from smeup.extensions import db
from smeup.mail_queue import enqueue
from smeup.models.base import utcnow
from smeup.models.mail import MailAttachment, MailMessage
from tests.helpers import csrf_token
from tests.mail.conftest import write

XLSX = ("handoff.xlsx", "application/octet-stream", b"PK\x03\x04 companies and contacts")


def _age(app, message_id: int, days: int, state: str) -> None:
    with app.app_context():
        row = db.session.get(MailMessage, message_id)
        row.created_at = utcnow() - timedelta(days=days)
        row.state = state
        db.session.commit()


def _purge(app) -> str:
    result = app.test_cli_runner().invoke(args=["purge-drafts"])
    assert result.exit_code == 0, result.output
    return result.output


def test_only_ended_messages_past_the_keeping_time_are_cleared(app):
    old_sent = write(app, "old-sent", "lin@example.com", attachments=[XLSX])
    old_failed = write(app, "old-failed", "wang@example.org")
    old_pending = write(app, "old-pending", "chen@example.com")
    new_sent = write(app, "new-sent", "hsu@example.com", attachments=[XLSX])
    _age(app, old_sent, 181, "sent")
    _age(app, old_failed, 200, "failed")
    _age(app, old_pending, 400, "pending")  # still to be sent (a dead SMTP server): kept whole
    _age(app, new_sent, 179, "sent")
    assert "已清除超過 180 天的信件內容 2 封" in _purge(app)
    with app.app_context():
        rows = {m.key: m for m in db.session.scalars(db.select(MailMessage))}
        for key, address in (("old-sent", "l***@example.com"), ("old-failed", "w***@example.org")):
            row = rows[key]
            assert (row.to_address, row.body_text, row.body_html, row.context) == (
                address,
                "",
                "",
                {},
            )
            assert row.purged_at is not None and row.subject == key
        for key in ("old-pending", "new-sent"):
            assert rows[key].purged_at is None and "課程將於明天" in rows[key].body_text
        assert rows["new-sent"].to_address == "hsu@example.com"
        owners = db.session.scalars(db.select(MailAttachment.message_id)).all()
        assert owners == [new_sent]  # the old hand-off's XLSX is gone
    assert "信件內容 0 封" in _purge(app)  # a second run finds nothing more


def test_a_cleared_message_still_keeps_its_cause_from_writing_again(app):
    message_id = write(app, "training.registered:7", "lin@example.com")
    _age(app, message_id, 365, "sent")
    _purge(app)
    with app.app_context():
        again = enqueue("training.registered:7", "lin@example.com", "notice", {"subject": "x"})
        db.session.commit()
        assert again.id == message_id
        assert db.session.scalar(db.select(db.func.count()).select_from(MailMessage)) == 1


def test_a_cleared_failed_message_is_shown_as_cleared_and_cannot_be_resent(app, auth):
    message_id = write(app, "清除後的失敗信", "lin@example.com")
    _age(app, message_id, 365, "failed")
    _purge(app)
    client = auth("officer")
    page = client.get("/mail/").get_data(as_text=True)
    assert "內容已依保存期限清除" in page and "重寄第" not in page
    token = csrf_token(client, "/mail/")
    answer = client.post(f"/mail/{message_id}/resend", data={"csrf_token": token})
    assert answer.status_code == 303
    assert "無法重寄" in client.get(answer.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(MailMessage, message_id).state == "failed"


def test_the_keeping_time_is_a_setting(app, monkeypatch):
    message_id = write(app, "thirty-days", "lin@example.com")
    _age(app, message_id, 31, "sent")
    assert "信件內容 0 封" in _purge(app)
    monkeypatch.setitem(app.config, "SMEUP_MAIL_KEEP_DAYS", 30)
    assert "已清除超過 30 天的信件內容 1 封" in _purge(app)
