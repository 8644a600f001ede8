"""Never twice, never lost: a worker killed mid-batch, and two workers at once (mail.md)."""

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter

from smeup.extensions import db
from smeup.mail.worker import IN_DOUBT, run_pass
from smeup.models.mail import MailMessage
from tests.mail.conftest import Inbox, run_worker, write


def _states(app) -> dict[str, tuple[str, str | None]]:
    with app.app_context():
        rows = db.session.scalars(db.select(MailMessage)).all()
        return {r.subject: (r.state, r.last_error) for r in rows}


def _worker_process(database_url: str, instance, port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key",
        "SMEUP_ENV": "testing",
        "SMEUP_INSTANCE_PATH": str(instance),
        "SMEUP_REGISTRY_URL": "",
        "SMEUP_SMTP_URL": f"smtp://127.0.0.1:{port}",
        "SMEUP_MAIL_BATCH": "5",
        "SMEUP_MAIL_LEASE_SECONDS": "1",
    }
    command = [sys.executable, "-m", "flask", "--app", "smeup", "mail", "run", "--interval", "0.2"]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(
    app, database_url, smtp_server, tmp_path, monkeypatch
):
    first_inbox, first_port = smtp_server
    first_inbox.stall_from = 3  # accepts three, then the fourth never gets its answer
    keys = [f"m{i:02d}" for i in range(12)]
    for key in keys:
        write(app, key)
    worker = _worker_process(database_url, tmp_path, first_port)
    try:
        assert first_inbox.stalled.wait(60), worker.stdout.read1().decode()
        time.sleep(0.3)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    assert first_inbox.keys() == keys[:3]
    states = _states(app)
    assert [states[k][0] for k in keys[:4]] == ["sent", "sent", "sent", "sending"]

    # Later, another worker (here, in this process) on a server that answers.
    from aiosmtpd.controller import Controller

    from tests.mail.conftest import free_port

    second_inbox, second_port = Inbox(), free_port()
    controller = Controller(second_inbox, hostname="127.0.0.1", port=second_port)
    controller.start()
    try:
        monkeypatch.setitem(app.config, "SMEUP_SMTP_URL", f"smtp://127.0.0.1:{second_port}")
        time.sleep(1.2)  # the dead worker's claim lapses
        run_worker(app)
    finally:
        controller.stop()
    # The one handed over when the worker died may have arrived: never sent again; the rest
    # (claimed but not handed over, or never claimed) are sent once.
    assert second_inbox.keys() == keys[4:]
    states = _states(app)
    assert states[keys[3]] == ("failed", IN_DOUBT)
    assert all(states[k] == ("sent", None) for k in keys if k != keys[3])
    assert Counter(first_inbox.keys() + second_inbox.keys()).most_common(1)[0][1] == 1


def test_two_workers_send_each_of_a_hundred_messages_once(app, smtp_on, monkeypatch):
    keys = [f"n{i:03d}" for i in range(100)]
    with app.app_context():
        from smeup.mail_queue import enqueue

        for key in keys:
            enqueue(key, "lin@example.com", "notice", {"subject": key, "lines": []})
        db.session.commit()
    errors, sent = [], []

    def work():
        try:
            with app.app_context():
                sent.append(len(run_pass(batch=7).sent))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    assert sum(sent) == 100 and min(sent) > 0, sent  # both workers took part
    received = Counter(smtp_on.keys())
    assert sorted(received) == keys and set(received.values()) == {1}
    assert {state for state, _ in _states(app).values()} == {"sent"}
