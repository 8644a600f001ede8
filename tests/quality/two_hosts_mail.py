"""The mail worker on both hosts: messages written, a real SMTP server, one worker per host."""

from __future__ import annotations

import asyncio
import email
import email.policy
import re
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from aiosmtpd.controller import Controller

from bench import database, server
from tests.quality.two_hosts import ROOT, host_env


def enqueue_messages(url: str, keys: list[str]) -> None:
    """Write one committed message per key, as a room does (smeup.mail_queue.enqueue, the
    generic notice template): the subject is the key, the address `person<n>@example.com`."""
    from smeup import create_app
    from smeup.extensions import db
    from smeup.mail_queue import enqueue

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database.sqlalchemy_url(url),
            "SECRET_KEY": server.BENCH_SECRET,
            "SMEUP_ENV": "development",
            "RATELIMIT_ENABLED": False,
            "INSTANCE_PATH": tempfile.mkdtemp(prefix="smeup-mail-writer-instance-"),
        }
    )
    with app.app_context():
        for n, key in enumerate(keys):
            context = {"subject": key, "lines": ["兩台主機的寄信程式同時在寄。"]}
            assert enqueue(key, f"person{n}@example.com", "notice", context) is not None
        db.session.commit()
        db.engine.dispose()


@dataclass
class Received:
    """One message the SMTP server took: the connection it came on, and the message."""

    peer: tuple
    message: email.message.EmailMessage


class MailServer:
    """A real SMTP server (aiosmtpd) on a free loopback port, keeping what it receives.

    Each connection's MAIL FROM is answered only once `connections` connections have said
    MAIL FROM (or after `gate_seconds`): a worker keeps one connection per batch, so two
    connections waiting at once are two workers in the middle of a batch at the same time,
    whichever of them started first. Nothing is timed; nothing is handed over before it."""

    def __init__(self, connections: int = 2, gate_seconds: float = 300):
        self.connections, self.gate_seconds = connections, gate_seconds
        self.lock = threading.Lock()
        self.senders: set[tuple] = set()
        self.received: list[Received] = []
        self.port = server.free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def gate_open(self) -> bool:
        with self.lock:
            return len(self.senders) >= self.connections

    async def handle_MAIL(self, server, session, envelope, address, mail_options):  # noqa: N802
        with self.lock:
            self.senders.add(session.peer)
        deadline = time.monotonic() + self.gate_seconds
        while not self.gate_open() and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.received.append(Received(session.peer, message))
        return "250 2.0.0 OK"

    def messages(self) -> list[Received]:
        with self.lock:
            return list(self.received)

    def __enter__(self) -> MailServer:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()


_SENT = re.compile(r"^mail #(\d+) sent → ", re.M)


@dataclass
class MailWorker:
    """`flask --app smeup mail run` on one host; what it printed goes to `log_path`."""

    name: str
    process: subprocess.Popen
    log_path: Path

    def running(self) -> bool:
        return self.process.poll() is None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def sent_ids(self) -> list[int]:
        """The messages this worker says it sent (its "mail #<id> sent → <to>" lines)."""
        return [int(n) for n in _SENT.findall(self.log())]

    def stop(self) -> None:
        """Stopped as a service manager stops it (SIGTERM), then for good."""
        if self.running():
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)


def start_mail_workers(database_url: str, shared: dict[str, str], *, count: int = 2):
    """`flask --app smeup mail run` (looping) once per host: each with the host's environment
    (the shared settings, its own instance folder and host name); stop each with .stop()."""
    workers: list[MailWorker] = []
    try:
        for n in range(count):
            name = f"host-{n + 1}"
            instance = Path(tempfile.mkdtemp(prefix=f"smeup-{name}-mail-instance-"))
            # Unbuffered: every line is in the log when the worker is stopped with SIGTERM.
            env = host_env(database_url, name, instance, {**shared, "PYTHONUNBUFFERED": "1"})
            log = Path(tempfile.mkstemp(prefix=f"smeup-{name}-mail-", suffix=".log")[1])
            with log.open("w") as out:
                process = subprocess.Popen(
                    [str(server.BIN / "flask"), "--app", "smeup", "mail", "run"]
                    + ["--interval", "0.5"],
                    env=env,
                    cwd=ROOT,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            workers.append(MailWorker(name, process, log))
    except BaseException:
        for worker in workers:
            worker.stop()
        raise
    return workers
