"""Mail fixtures: a real SMTP server (aiosmtpd) on a free loopback port, and writing messages."""

import asyncio
import email
import email.policy
import socket
import threading

import pytest
from aiosmtpd.controller import Controller

from smeup.extensions import db
from smeup.mail_queue import Attachment, enqueue


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """What the server received; it can stall (never answer DATA) from a given message on."""

    def __init__(self):
        self.received: list[bytes] = []
        self.stall_from: int | None = None
        self.stalled = threading.Event()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        with self.lock:
            stall = self.stall_from is not None and len(self.received) >= self.stall_from
        if stall:
            self.stalled.set()
            await asyncio.sleep(3600)  # the message arrived; the answer never comes
        with self.lock:
            self.received.append(envelope.content)
        return "250 2.0.0 OK"

    def messages(self) -> list[email.message.EmailMessage]:
        """Every message received, parsed."""
        with self.lock:
            raw = list(self.received)
        return [email.message_from_bytes(r, policy=email.policy.default) for r in raw]

    def keys(self) -> list[str]:
        """The X-Test-Key of every message received (the test puts its key in the subject)."""
        return [str(m["Subject"]) for m in self.messages()]


@pytest.fixture
def smtp_server():
    """A real SMTP server on 127.0.0.1; yields (inbox, port)."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture
def smtp_on(app, smtp_server, monkeypatch):
    """The app sends to the test's SMTP server; yields the inbox."""
    inbox, port = smtp_server
    monkeypatch.setitem(app.config, "SMEUP_SMTP_URL", f"smtp://127.0.0.1:{port}")
    monkeypatch.setitem(app.config, "SMEUP_MAIL_FROM", "推升級 中小企業服務 <noreply@smeup.test>")
    monkeypatch.setitem(app.config, "SMEUP_MAIL_REPLY_TO", "service@smeup.test")
    return inbox


def write(app, key: str, to: str = "lin@example.com", *, kind="transactional", attachments=()):
    """Write one committed message (the notice template; its subject is the key)."""
    with app.app_context():
        message = enqueue(
            key,
            to,
            "notice",
            {
                "subject": key,
                "lines": ["課程將於明天下午兩點開始。"],
                "url": "http://127.0.0.1:8000/",
            },
            kind=kind,
            attachments=[Attachment(*a) for a in attachments],
        )
        db.session.commit()
        return message.id if message else None


def run_worker(app, *args):
    """`flask mail run --once` in this process."""
    result = app.test_cli_runner().invoke(args=["mail", "run", "--once", *args])
    assert result.exit_code == 0, result.output
    return result.output
