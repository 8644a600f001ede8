"""送信紀錄 (officers), 重寄 (audited), and the referral hand-off mailed to the unit."""

import io
import re

import openpyxl

from smeup.extensions import db
from smeup.models import AuditEntry
from smeup.models.mail import MailMessage
from smeup.models.register import Referral
from smeup.reference.service_units import _load
from tests.helpers import csrf_token, login
from tests.mail.conftest import run_worker, write
from tests.register.test_pages import refer_three


def _fail(app, message_id, reason="郵件伺服器回覆 550：no such user"):
    with app.app_context():
        row = db.session.get(MailMessage, message_id)
        row.state, row.attempts, row.last_error = "failed", 5, reason
        db.session.commit()


def test_mail_log_is_for_officers(app, client, auth):
    response = client.get("/mail/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert auth("agent").get("/mail/").status_code == 403
    officer = app.test_client()
    assert login(officer, "officer1").status_code == 302
    assert officer.get("/mail/").status_code == 200


def test_mail_log_lists_filters_and_shows_why_a_message_failed(app, auth):
    sent = write(app, "已寄的信")
    failed = write(app, "寄不出的信")
    _fail(app, failed)
    with app.app_context():
        db.session.get(MailMessage, sent).state = "sent"
        db.session.commit()
    client = auth("officer")
    page = client.get("/mail/").get_data(as_text=True)
    assert "送信紀錄" in page and "已寄的信" in page and "寄不出的信" in page
    assert "未設定寄信伺服器" in page  # SMEUP_SMTP_URL is unset in tests
    assert "郵件伺服器回覆 550：no such user" in page
    only_failed = client.get("/mail/?state=failed").get_data(as_text=True)
    assert "寄不出的信" in only_failed and "已寄的信" not in only_failed
    assert 'href="/mail/"' in page  # the staff navigation has it


def test_mail_log_pages_by_key(app, auth):
    for i in range(55):
        write(app, f"信{i:02d}")
    client = auth("officer")
    first = client.get("/mail/").get_data(as_text=True)
    assert "信54" in first and "信04" not in first
    older = re.search(r'href="([^"]+before=\d+)"', first).group(1).replace("&amp;", "&")
    second = client.get(older).get_data(as_text=True)
    assert "信04" in second and "信00" in second and "信54" not in second
    assert "較新的" in second


def test_resend_puts_a_failed_message_back_and_is_audited(app, auth, smtp_on):
    message_id = write(app, "重寄這封")
    _fail(app, message_id)
    client = auth("officer")
    token = csrf_token(client, "/mail/")
    assert client.post(f"/mail/{message_id}/resend").status_code == 400  # no CSRF token
    response = client.post(f"/mail/{message_id}/resend", data={"csrf_token": token})
    assert response.status_code == 303
    with app.app_context():
        row = db.session.get(MailMessage, message_id)
        assert (row.state, row.attempts, row.last_error) == ("pending", 0, None)
        entry = db.session.scalar(db.select(AuditEntry).filter_by(action="mail_resend"))
        assert entry.username == "officer1" and entry.detail["mail_id"] == message_id
    run_worker(app)
    assert smtp_on.keys() == ["重寄這封"]
    again = client.post(f"/mail/{message_id}/resend", data={"csrf_token": token})
    assert again.status_code == 303  # a sent message is not sent again
    assert "只有失敗的信可以重寄" in client.get("/mail/").get_data(as_text=True)
    audit = client.get("/console/audit?action=mail_resend").get_data(as_text=True)
    assert "重寄信件" in audit and "信件編號" in audit


def test_confirming_a_handoff_mails_the_xlsx_to_the_unit(app, auth, smtp_on, monkeypatch):
    monkeypatch.setitem(_load()["units"]["itri"], "email", "handoff@itri.test")
    _, ids = refer_three(app)
    client = auth("officer")
    wanted = ",".join(map(str, ids))
    token = csrf_token(client, "/console/referrals/itri/")
    confirm = "/console/referrals/itri/handoff/confirm"
    assert client.post(confirm, data={"csrf_token": token, "ids": wanted}).status_code == 303
    assert client.post(confirm, data={"csrf_token": token, "ids": wanted}).status_code == 303
    with app.app_context():
        (row,) = db.session.scalars(db.select(MailMessage)).all()  # the second moved nothing
        assert row.to_address == "handoff@itri.test"
        statuses = {r.id: r.status for r in db.session.scalars(db.select(Referral))}
        assert all(statuses[i] == "已轉介" for i in ids)
    run_worker(app)
    (mail,) = smtp_on.messages()
    assert mail["Subject"].startswith("推升級轉介名單：2 家企業轉介給工業技術研究院")
    (attachment,) = list(mail.iter_attachments())
    assert re.fullmatch(r"smeup-handoff-itri-\d{8}\.xlsx", attachment.get_filename())
    sheet = openpyxl.load_workbook(io.BytesIO(attachment.get_content())).active
    assert sheet["A1"].value == "轉介編號"
    assert sorted(sheet.cell(row=r, column=1).value for r in (2, 3)) == sorted(ids)
    assert sheet["E2"].value == '=HYPERLINK("http://x")' and sheet["E2"].data_type == "s"


def test_a_unit_without_an_address_gets_no_mail(app, auth):
    _, ids = refer_three(app)
    client = auth("officer")
    token = csrf_token(client, "/console/referrals/itri/")
    data = {"csrf_token": token, "ids": ",".join(map(str, ids))}
    client.post("/console/referrals/itri/handoff/confirm", data=data)
    with app.app_context():
        assert db.session.scalars(db.select(MailMessage)).all() == []
