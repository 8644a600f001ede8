"""Faults under load (quality.md): a worker killed, the database restarted.

Clients retry a dropped connection or a 503 with the same submission key, as a person would
press 送出 again; what matters is that every acknowledged submission is stored exactly once.
"""

import os
import random
import signal
import threading
import time
from urllib.parse import urlencode

import pytest

from bench import database, server
from bench.clients import Client, Tally, run_clients
from bench.payload import form_data
from tests.quality.conftest import on_postgres
from tests.quality.pgcluster import Cluster
from tests.quality.test_load import stored_keys

pytestmark = pytest.mark.slow

UNAVAILABLE = "系統暫時無法使用"


def in_background(url: str, clients: int, stop: threading.Event, seconds: float = 300):
    """Run clients in a thread until `stop`; returns (thread, result holder)."""
    result: dict[str, Tally] = {}

    def work():
        result["tally"] = run_clients(url, clients=clients, seconds=seconds, stop=stop)

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread, result


def test_sigkilled_workers_lose_no_acknowledged_submission(gunicorn, own_database):
    stop = threading.Event()
    thread, result = in_background(gunicorn.url, 100, stop)
    rng = random.Random(7)
    kills = 0
    deadline = time.monotonic() + 20
    time.sleep(2)
    while time.monotonic() < deadline:
        workers = gunicorn.worker_pids()
        if workers:
            os.kill(rng.choice(workers), signal.SIGKILL)
            kills += 1
        time.sleep(2)
    stop.set()
    thread.join(timeout=240)
    tally = result["tally"]

    print(f"{kills} workers killed; statuses {dict(tally.statuses)}")
    assert kills >= 5
    assert gunicorn.process.poll() is None, "the gunicorn master died"
    gunicorn.wait_workers(3)
    assert tally.server_errors() == [], tally.server_errors()[:3]
    assert not tally.gave_up, tally.gave_up[:3]
    assert len(tally.acked) >= 100
    stored = stored_keys(own_database)
    assert set(tally.acked) - stored == set(), "acknowledged but not stored"
    assert stored == set(tally.acked)
    assert tally.resent_mismatch == []


@pytest.fixture
def own_postgres():
    """A PostgreSQL server of this test's own (it gets stopped and started)."""
    cluster = Cluster()
    cluster.start()
    yield cluster
    cluster.remove()


def submit_once(base_url: str, n: int) -> tuple[int, str]:
    """One person opens the form and sends it once: the POST's status and the form's key."""
    client = Client(base_url, Tally(), threading.Event(), keep_bodies=True)
    page = client.send("GET", "/netzero/")
    if page.status != 200:
        return page.status, ""
    data = form_data(page.body, n)
    return client.send("POST", "/netzero/", urlencode(data).encode()).status, data["submission_key"]


@pytest.mark.skipif(not on_postgres(), reason="PostgreSQL run only (it starts its own server)")
def test_postgres_restart_under_load_answers_503_then_serves_again(own_postgres):
    url = database.create_postgres("smeup_fault", own_postgres.url())
    database.create_schema(url, officer=False)
    with server.start("wsgi:app", server.app_env(url, production=False), workers=2) as app:
        workers = set(app.worker_pids())
        stop = threading.Event()
        thread, result = in_background(app.url, 40, stop)
        time.sleep(4)
        own_postgres.stop("fast")
        down = time.monotonic()
        time.sleep(5)
        up_begin = time.monotonic()
        own_postgres.start()
        up = time.monotonic()
        served_again = None
        while time.monotonic() < up + 20:
            status, probe_key = submit_once(app.url, 1)
            if status == 303:
                served_again = time.monotonic() - up
                break
            time.sleep(0.2)
        time.sleep(3)
        stop.set()
        thread.join(timeout=240)
        tally = result["tally"]
        same_workers = set(app.worker_pids()) == workers and app.process.poll() is None
        server_log = app.log()

    print(f"served again {served_again} s after restart; statuses {dict(tally.statuses)}")
    assert served_again is not None, "the app did not serve again after PostgreSQL came back"
    assert same_workers, "gunicorn or its workers were restarted"
    during = [
        e for e in tally.exchanges if e.method == "POST" and e.started > down and e.ended < up_begin
    ]
    assert during, "no submission was attempted during the outage"
    assert {e.status for e in during} == {503}
    errors = tally.server_errors()
    # On failure, the server's own account of any 500 (its traceback) is in the message.
    assert {e.status for e in errors} == {503}, f"only 503, never 500:\n{tracebacks(server_log)}"
    for e in errors:
        assert UNAVAILABLE in e.body
        assert "Traceback" not in e.body and "psycopg" not in e.body
        # Not a time limit (a loaded machine is slow): no 503 once the app had served again.
        assert e.started < up + served_again, "503 after the app had served again"
    assert not tally.gave_up, tally.gave_up[:3]
    stored = stored_keys(url)
    assert set(tally.acked) - stored == set(), "acknowledged but not stored"
    assert stored == set(tally.acked) | {probe_key}


def tracebacks(log: str) -> str:
    """The server log's error reports (each with its traceback), without the outage warnings."""
    kept = [line for line in log.splitlines() if "WARNING in errors" not in line]
    return "\n".join(kept)[-8000:]
