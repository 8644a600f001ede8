"""The longer runs the two-host tests check afterwards: load clients over both hosts with one
host killed halfway, both hosts' mail workers sending until done, and a second host (gunicorn,
a flask command) started on a SQLite file another host serves."""

import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from bench import server
from tests.quality.two_hosts import (
    GUNICORN_CONF,
    SpreadRun,
    outbox_key_pem,
    start_hosts,
    wait_until,
)
from tests.quality.two_hosts_database import rows
from tests.quality.two_hosts_mail import MailWorker, start_mail_workers


@dataclass
class KilledHostRun:
    """A load run over two hosts with one killed halfway, and what it left."""

    run: SpreadRun
    served_by_both: bool  # both hosts acknowledged submissions before the kill
    survived: bool  # the survivor acknowledged some after it
    finished: bool  # the clients finished
    survivor_log: str


def run_with_one_host_killed(database_url: str, clients: int, seconds: float) -> KilledHostRun:
    """`clients` load clients over two new hosts for `seconds`; halfway through, once both hosts
    have acknowledged submissions, host 2 is killed (the rest of the run on host 1 alone, until
    it has acknowledged some). The hosts are stopped afterwards."""
    hosts = start_hosts(database_url, {"SMEUP_OUTBOX_PRIVATE_KEY": outbox_key_pem()})
    try:
        began = time.monotonic()
        run = SpreadRun(hosts.servers, clients)
        # Halfway through, once both hosts have acknowledged submissions, one host dies.
        both = lambda: run.acked_by(0) and run.acked_by(1)  # noqa: E731
        served_by_both = wait_until(both, timeout=300)
        time.sleep(max(0.0, began + seconds / 2 - time.monotonic()))
        killed_at = time.monotonic()
        hosts.kill(1)
        # The rest of the run on the survivor alone (until it has acknowledged some).
        time.sleep(max(0.0, began + seconds - time.monotonic()))
        survived = wait_until(lambda: run.acked_by(0, after=killed_at), timeout=300)
        finished = run.finish()
        survivor_log = hosts[0].log()
    finally:
        hosts.stop()
    return KilledHostRun(run, served_by_both, survived, finished, survivor_log)


def run_mail_workers(database_url: str, smtp_url: str, messages: int):
    """Both hosts' mail workers sending to `smtp_url`, until `messages` are sent or a worker is
    gone; then stopped. Returns the workers and whether each was still running at the end."""
    sent = "SELECT count(*) FROM mail_message WHERE state = 'sent'"
    shared = {
        "SMEUP_SMTP_URL": smtp_url,
        "SMEUP_MAIL_BATCH": "10",  # many claims each, racing for the same rows
        "SMEUP_SMTP_TIMEOUT": "600",  # longer than the server holds a first MAIL FROM
    }
    workers: list[MailWorker] = start_mail_workers(database_url, shared)
    try:
        everything_sent = lambda: rows(database_url, sent)[0][0] == messages  # noqa: E731
        gone = lambda: not all(w.running() for w in workers)  # noqa: E731
        wait_until(lambda: everything_sent() or gone(), timeout=900, pause=0.5)
        ran = [w.running() for w in workers]
    finally:
        for worker in workers:
            worker.stop()
    return workers, ran


def start_second_host(env: dict, log: Path) -> subprocess.CompletedProcess:
    """gunicorn (deploy/gunicorn.conf.py, 2 workers) with `env`, waited for until it exits
    (3 minutes at most); what it printed goes to `log`."""
    return subprocess.run(
        [
            str(server.GUNICORN),
            "--config",
            str(GUNICORN_CONF),
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{server.free_port()}",
            "wsgi:app",
        ],
        env=env,
        cwd=server.ROOT,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
        timeout=180,
    )


def flask_command(env: dict, *args: str) -> subprocess.CompletedProcess:
    """`flask --app smeup ARGS` with `env`; its output captured as text."""
    return subprocess.run(
        [str(server.BIN / "flask"), "--app", "smeup", *args],
        env=env,
        cwd=server.ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
