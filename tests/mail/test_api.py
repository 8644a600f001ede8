"""The queue's API for other rooms: due sources, cancelling, the SMTP URL, signing in to SMTP."""

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from smeup.extensions import db
from smeup.mail.smtp import SmtpUrlError, parse_smtp_url
from smeup.mail_queue import add_due_source, cancel, enqueue, queue
from smeup.models.mail import MailMessage
from tests.mail.conftest import Inbox, free_port, run_worker, write


@pytest.fixture
def sources(monkeypatch):
    """Due sources registered in a test are forgotten after it."""
    monkeypatch.setattr(queue, "_due_sources", [])


def test_due_sources_write_messages_each_pass_once_per_key(app, sources, smtp_on):
    calls = []

    def broken(now):
        raise RuntimeError("a broken source stops no other")

    def reminders(now):
        calls.append(now)
        enqueue(
            "training.reminder:7",
            "lin@example.com",
            "notice",
            {"subject": "明天上課", "lines": []},
            kind="reminder",
        )

    add_due_source(broken)
    add_due_source(reminders)
    add_due_source(reminders)  # registered once
    run_worker(app)
    run_worker(app)
    assert len(calls) == 2
    assert smtp_on.keys() == ["明天上課"]
    (mail,) = smtp_on.messages()
    assert mail["List-Unsubscribe"]


def test_cancel_withdraws_a_pending_message_only(app):
    pending = write(app, "取消這封")
    with app.app_context():
        assert cancel("取消這封", "報名已取消")
        assert not cancel("沒有這封", "—")
        db.session.commit()
        row = db.session.get(MailMessage, pending)
        assert (row.state, row.last_error) == ("failed", "已取消：報名已取消")
        assert not cancel("取消這封", "again")
    assert "取消這封" not in run_worker(app)


def test_smtp_urls():
    assert parse_smtp_url("smtp://u%40x:p%3Aw@mail.example.tw:587") == parse_smtp_url(
        "smtp://u%40x:p%3Aw@mail.example.tw"
    )
    server = parse_smtp_url("smtp://u%40x:p%3Aw@mail.example.tw")
    assert (server.host, server.port, server.tls, server.username, server.password) == (
        "mail.example.tw",
        587,
        False,
        "u@x",
        "p:w",
    )
    tls = parse_smtp_url("smtps://u:p@mail.example.tw")
    assert (tls.port, tls.tls) == (465, True)
    for bad in ("http://mail.example.tw", "smtp://", "smtp://host:port"):
        with pytest.raises(SmtpUrlError):
            parse_smtp_url(bad)


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_the_worker_signs_in_with_the_urls_user_and_password(app, monkeypatch):
    seen = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        seen.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"s3cret:1")

    inbox, port = Inbox(), free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=authenticator,
        auth_require_tls=False,
        auth_required=True,
    )
    controller.start()
    try:
        write(app, "要登入的伺服器")
        monkeypatch.setitem(
            app.config, "SMEUP_SMTP_URL", f"smtp://mailer:s3cret%3A1@127.0.0.1:{port}"
        )
        run_worker(app)
    finally:
        controller.stop()
    assert seen == [(b"mailer", b"s3cret:1")]
    assert inbox.keys() == ["要登入的伺服器"]


def test_a_refused_recipient_fails_at_once_with_the_servers_words(app, smtp_server, monkeypatch):
    inbox, port = smtp_server

    async def refuse(server, session, envelope, address, rcpt_options):
        return "550 5.1.1 no such user"

    inbox.handle_RCPT = refuse
    message_id = write(app, "沒有這個人", to="nobody@example.com")
    monkeypatch.setitem(app.config, "SMEUP_SMTP_URL", f"smtp://127.0.0.1:{port}")
    run_worker(app)
    with app.app_context():
        row = db.session.get(MailMessage, message_id)
        assert (row.state, row.attempts) == ("failed", 1)
        assert "550" in row.last_error and "no such user" in row.last_error


def test_two_transactions_writing_one_key_at_once_make_one_row(app, database_url):
    """PostgreSQL: the second INSERT waits for the first to commit, then meets the unique key
    in its savepoint, and the caller's transaction goes on with the existing row."""
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite writers take turns (BEGIN IMMEDIATE): they never overlap")
    import threading
    import time

    first_written, ids, errors = threading.Event(), [], []

    def second():
        try:
            with app.app_context():
                first_written.wait(10)
                row = enqueue("race:1", "b@example.com", "notice", {"subject": "二", "lines": []})
                db.session.commit()
                ids.append(row.id)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    thread = threading.Thread(target=second)
    thread.start()
    with app.app_context():
        row = enqueue("race:1", "a@example.com", "notice", {"subject": "一", "lines": []})
        first_written.set()
        time.sleep(0.5)  # the other INSERT is now waiting on the unique key
        db.session.commit()
        ids.append(row.id)
    thread.join(10)
    assert errors == [] and len(set(ids)) == 1
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(MailMessage)) == 1


def _self_signed(tmp_path):
    """A certificate for 127.0.0.1 that no trusted authority signed."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def test_starttls_is_used_when_offered_and_the_certificate_is_checked(app, tmp_path, monkeypatch):
    import datetime
    import ssl

    import time_machine

    cert_file, key_file = _self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, tls_context=context)
    controller.start()
    try:
        message_id = write(app, "加密連線")
        monkeypatch.setitem(app.config, "SMEUP_SMTP_URL", f"smtp://127.0.0.1:{port}")
        run_worker(app)
        # The server offered STARTTLS; its certificate is nobody's: nothing went in the clear.
        assert inbox.received == []
        with app.app_context():
            row = db.session.get(MailMessage, message_id)
            assert row.state == "pending" and "SSLCertVerificationError" in row.last_error
        # Once the host trusts that certificate, the message goes, encrypted.
        trusting = ssl.create_default_context(cafile=str(cert_file))
        monkeypatch.setattr("smeup.mail.smtp.ssl.create_default_context", lambda: trusting)
        later = datetime.datetime.now() + datetime.timedelta(minutes=2)  # noqa: DTZ005
        with time_machine.travel(later, tick=True):
            run_worker(app)
    finally:
        controller.stop()
    assert inbox.keys() == ["加密連線"]
