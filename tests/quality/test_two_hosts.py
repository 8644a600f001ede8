"""Two app hosts, one PostgreSQL, one Redis: they behave as one (quality.md, "Several hosts").

Each host is its own gunicorn (deploy/gunicorn.conf.py) with its own port, instance folder and
host name; they share DATABASE_URL, REDIS_URL (when SMEUP_TEST_REDIS_URL is set; otherwise the
counters are in the shared database), SECRET_KEY and the outbox key, behind a balancer
(SMEUP_PROXY_HOPS=1: each test browser's address is its own, so counters from earlier runs on the
same Redis never meet this run's). Nothing here times anything: each check compares what was
stored, answered or refused. PostgreSQL run only, except the SQLite refusal at the end.

The machinery is beside it: the hosts and their clients in two_hosts.py, the databases in
two_hosts_database.py, a browser's steps in two_hosts_browsing.py, the longer runs (load with a
host killed, mail workers, a second host on SQLite) in two_hosts_runs.py, the mail server and
workers in two_hosts_mail.py, nginx in two_hosts_nginx.py.
"""

import json
import re
import shutil
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

import pytest

from bench import database, server
from bench.payload import form_data
from tests.channels.helpers import netzero_answers
from tests.channels.outbox_helpers import netzero_entry_answers
from tests.quality.conftest import on_postgres
from tests.quality.test_faults import submit_once
from tests.quality.test_load import stored_keys
from tests.quality.two_hosts import Browser, outbox_key_pem, start_hosts
from tests.quality.two_hosts_browsing import (
    outbox_key,
    seal_for,
    sign_in,
    signed_in,
    start_kiosk,
    token,
)
from tests.quality.two_hosts_database import EVENT, event_id, fresh_database, rows
from tests.quality.two_hosts_mail import MailServer, enqueue_messages
from tests.quality.two_hosts_nginx import Nginx
from tests.quality.two_hosts_runs import (
    flask_command,
    run_mail_workers,
    run_with_one_host_killed,
    start_second_host,
)

pytestmark = pytest.mark.slow
postgres_only = pytest.mark.skipif(
    not on_postgres(), reason="several hosts share PostgreSQL (SMEUP_TEST_DATABASE=postgres)"
)

CLIENTS = 200
MESSAGES = 200
SECONDS = 30


@pytest.fixture(scope="module")
def shared_database():
    url = fresh_database("hosts")
    yield url
    database.drop_postgres(url)


@pytest.fixture(scope="module")
def hosts(shared_database):
    """Two hosts; sign-in and public-post limits low enough to reach in a test."""
    shared = {
        "SMEUP_OUTBOX_PRIVATE_KEY": outbox_key_pem(),
        "SMEUP_LOGIN_LIMIT": "3 per hour",
        "SMEUP_PUBLIC_SUBMIT_LIMIT": "3 per hour",
    }
    started = start_hosts(shared_database, shared)
    yield started
    started.stop()


@postgres_only
def test_a_session_started_on_one_host_works_on_the_other(hosts):
    a, b = hosts[0], hosts[1]
    browser = Browser()
    assert not signed_in(browser, b)
    assert sign_in(browser, a).status == 302
    assert signed_in(browser, b)
    assert signed_in(browser, a)


@postgres_only
def test_signing_out_on_one_host_ends_the_session_on_both(hosts):
    a, b = hosts[0], hosts[1]
    browser, elsewhere = Browser(), Browser()
    assert sign_in(browser, a).status == 302
    assert sign_in(elsewhere, b).status == 302  # the same account in another browser
    copied = browser.copy()  # a copy of the cookie, as someone could take it
    assert signed_in(copied, b) and signed_in(elsewhere, a)
    console = browser.get(a, "/console/")
    out = browser.post(a, "/logout", {"csrf_token": token(console.text)})
    assert out.status == 302
    for host in (a, b):
        assert not signed_in(browser, host)
        assert not signed_in(copied, host)
        assert not signed_in(elsewhere, host)


@postgres_only
def test_a_kiosk_started_on_one_host_serves_the_other(hosts, shared_database):
    a, b = hosts[0], hosts[1]
    tablet = start_kiosk(a, shared_database)
    start = tablet.get(b, "/kiosk/")
    assert start.status == 200 and EVENT in start.text
    # A visitor opens the form on one host and sends it to the other: stored for the event.
    page = tablet.get(a, "/netzero/")
    assert page.status == 200
    data = form_data(page.text, 1)
    sent = tablet.post(b, "/netzero/", data)
    assert sent.status == 303, sent.text[:500]
    stored = rows(
        shared_database,
        "SELECT channel, event_id FROM submission WHERE submission_key = %s",
        data["submission_key"],
    )
    assert stored == [("roadshow", event_id(shared_database))]
    # Staff pages are out of reach in kiosk mode, on either host: back to the start screen.
    for host in (a, b):
        console = tablet.get(host, "/console/")
        assert console.status == 302 and console.headers["location"].endswith("/kiosk/")


@postgres_only
def test_an_offline_entry_sealed_for_one_hosts_key_is_taken_by_the_other(hosts, shared_database):
    a, b = hosts[0], hosts[1]
    tablet = start_kiosk(a, shared_database)
    keys = [outbox_key(tablet.get(host, "/kiosk/").text) for host in (a, b)]
    assert keys[0] == keys[1]
    # Neither host made a key of its own in its instance folder: both use the shared one.
    assert not [p for p in hosts.instances if (p / "outbox_key.pem").exists()]
    ask = tablet.get(b, "/kiosk/outbox/token")
    assert ask.status == 200
    csrf, now = ask.json()["csrf"], ask.json()["now"]
    answers = netzero_entry_answers(
        netzero_answers(), captured=now, event_id=event_id(shared_database)
    )
    entry = seal_for(keys[0], answers)  # sealed with what host a served
    body = {"entry": entry, "sent_at": now, "pending": 1}
    reply = tablet.request(
        b,
        "POST",
        "/kiosk/outbox",
        body=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "X-CSRFToken": csrf},
    )
    assert reply.status == 200, reply.text[:500]
    assert reply.json() == {"ack": entry["key"]}
    stored = rows(
        shared_database,
        "SELECT channel, event_id, via_outbox FROM submission WHERE submission_key = %s",
        entry["key"],
    )
    assert stored == [("roadshow", event_id(shared_database), True)]


@postgres_only
def test_the_sign_in_limit_counts_across_both_hosts(hosts):
    a, b = hosts[0], hosts[1]
    venue = Browser()
    wrong = [sign_in(venue, host, "wrong password").status for host in (a, b, a)]
    assert wrong == [422, 422, 422]
    # The fourth try, on the other host and with the right password: the account waits.
    locked = sign_in(venue, b)
    assert locked.status == 429 and "登入失敗太多次" in locked.text
    assert sign_in(venue, a).status == 429
    # From another address the account signs in, on either host.
    assert sign_in(Browser(), a).status == 302
    assert sign_in(Browser(), b).status == 302


@postgres_only
def test_the_public_post_limit_counts_across_both_hosts(hosts, shared_database):
    visitor = Browser()
    statuses, keys = [], []
    for n in range(4):
        opened, sent_to = hosts[n % 2], hosts[(n + 1) % 2]
        page = visitor.get(opened, "/netzero/")
        assert page.status == 200
        data = form_data(page.text, n)
        keys.append(data["submission_key"])
        statuses.append(visitor.post(sent_to, "/netzero/", data).status)
    assert statuses == [303, 303, 303, 429]  # SMEUP_PUBLIC_SUBMIT_LIMIT: 3 per hour
    stored = set(stored_keys(shared_database))
    assert [k in stored for k in keys] == [True, True, True, False]
    # Another address posts as usual.
    other = Browser()
    page = other.get(hosts[1], "/netzero/")
    assert other.post(hosts[0], "/netzero/", form_data(page.text, 9)).status == 303


@pytest.fixture
def load_database():
    url = fresh_database("hosts_load")
    yield url
    database.drop_postgres(url)


@postgres_only
def test_200_clients_over_both_hosts_and_one_host_killed_lose_nothing(load_database):
    killed = run_with_one_host_killed(load_database, CLIENTS, SECONDS)
    tally, per_host = killed.run.tally, killed.run.per_host
    print(f"acknowledged {len(tally.acked)}; per host {dict(per_host.requests)}")
    assert killed.finished, "the clients did not finish"
    assert killed.served_by_both and killed.survived, per_host.requests
    assert tally.server_errors() == [], tally.server_errors()[:3]
    assert not tally.gave_up, tally.gave_up[:3]
    assert tally.resent_mismatch == []
    assert tally.changed_problems == []
    acked = set(tally.acked)
    assert len(acked) >= CLIENTS
    # Every acknowledged submission is stored exactly once, and nothing else is.
    assert stored_keys(load_database) == acked
    assert database.count(load_database, "submission", "form_type = 'netzero'") == len(acked)
    assert database.count(load_database, "netzero_check") == len(acked)
    assert "Traceback" not in killed.survivor_log, killed.survivor_log[-3000:]


@pytest.fixture
def mail_database():
    url = fresh_database("hosts_mail")
    yield url
    database.drop_postgres(url)


@postgres_only
def test_the_mail_worker_on_both_hosts_sends_each_message_once(mail_database):
    keys = [f"雙主機寄信 {n:03d}" for n in range(MESSAGES)]
    enqueue_messages(mail_database, keys)
    written = rows(mail_database, "SELECT id, subject, message_id FROM mail_message")
    assert sorted(subject for _id, subject, _mid in written) == keys
    with MailServer(connections=2) as smtp:
        workers, ran = run_mail_workers(mail_database, smtp.url, MESSAGES)
    logs = {w.name: w.log() for w in workers}
    tails = {name: text[-3000:] for name, text in logs.items()}
    assert ran == [True, True], tails
    # The database: every message sent, handed to the server once, nothing left over.
    states = rows(
        mail_database,
        "SELECT state, attempts, last_error, claim, sent_at IS NOT NULL FROM mail_message",
    )
    assert Counter(states) == {("sent", 1, None, None, True): MESSAGES}, tails
    # The server: each message (its Message-ID, its subject) arrived exactly once.
    received = smtp.messages()
    by_id = Counter(str(r.message["Message-ID"]) for r in received)
    assert by_id == Counter(message_id for _id, _subject, message_id in written)
    assert sorted(str(r.message["Subject"]) for r in received) == keys
    # Both hosts' workers sent some, and between them each message once.
    shares = {w.name: w.sent_ids() for w in workers}
    counts = {name: len(ids) for name, ids in shares.items()}
    print(f"sent per host {counts}; {len({r.peer for r in received})} SMTP connections")
    assert all(counts.values()), counts
    assert Counter(shares["host-1"] + shares["host-2"]) == Counter(i for i, _s, _m in written)
    for text in logs.values():
        assert "Traceback" not in text and "出錯" not in text, text[-3000:]


NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
MAX_BODY = 12 * 1024 * 1024  # the app's MAX_CONTENT_LENGTH


@postgres_only
@pytest.mark.skipif(not NGINX, reason="nginx is not installed (apt-get install nginx-light)")
def test_the_deploy_example_nginx_in_front_of_both_hosts(hosts, shared_database):
    proxy = Nginx(hosts.servers)
    try:
        status, _headers, text = proxy.request("GET", "/healthz")
        assert (status, json.loads(text)["status"]) == (200, "ok")
        # Static files come from nginx with the headers the app gives them.
        page = proxy.request("GET", "/netzero/")[2]
        versioned = re.search(r"/static/css/app\.css\?v=[0-9a-f]+", page).group(0)
        for url in (versioned, "/static/css/app.css"):
            status, headers, _text = proxy.request("GET", url)
            app_headers = Browser().get(hosts[0], url).headers
            assert status == 200
            assert "content-security-policy" not in headers  # nginx's answer, not the app's
            for name in ("cache-control", "x-content-type-options", "content-type"):
                assert headers[name] == app_headers[name], name
        assert headers["cache-control"] == "public, max-age=31536000"
        # The client address is the one nginx saw, whatever X-Forwarded-For the client sent.
        username = f"nginx-{uuid.uuid4().hex[:12]}"
        address = "127.0.0.5"
        status, headers, page = proxy.request("GET", "/login", source=address)
        cookie = headers["set-cookie"].split(";", 1)[0]
        form = {"csrf_token": token(page), "username": username, "password": "wrong password"}
        sent = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie,
            "Referer": "https://127.0.0.1/login",  # an HTTPS form post carries its page
            "X-Forwarded-For": "192.0.2.66",
        }
        body = urlencode(form).encode()
        status = proxy.request("POST", "/login", body=body, headers=sent, source=address)[0]
        assert status == 422
        audit = rows(shared_database, "SELECT ip FROM audit_entry WHERE username = %s", username)
        assert audit == [(address,)]
        # Upload size: what the app takes passes nginx; one byte more is nginx's 413.
        assert proxy.declared_body("/login", MAX_BODY + 1) == 413
        status, _headers, _text = proxy.request(
            "POST",
            "/login",
            body=b"x" * MAX_BODY,
            headers={"Content-Type": "application/octet-stream"},
        )
        assert status == 400  # the app's own answer (no CSRF token), not nginx's 413
    finally:
        proxy.stop()


# -- SQLite: one host only ---------------------------------------------------------------------

REFUSED = "Error: SQLite 資料庫"


def test_a_second_host_on_a_sqlite_file_refuses_to_start(tmp_path):
    url = database.sqlite_url(tmp_path / "smeup.sqlite3")
    database.create_schema(url, officer=False)  # this machine, as `make run`'s db upgrade
    first_env = server.app_env(
        url, production=False, extra={"SMEUP_INSTANCE_PATH": str(tmp_path / "first")}
    )
    second_env = server.app_env(
        url,
        production=False,
        extra={"SMEUP_INSTANCE_PATH": str(tmp_path / "second"), "SMEUP_HOST_NAME": "second-host"},
    )
    # This host's several workers (as `make run` starts them) serve the file.
    with server.start("wsgi:app", first_env, workers=3) as first:
        assert submit_once(first.url, 1)[0] == 303
        # Another host name on the same file: gunicorn stops, saying why in one line per worker.
        log = tmp_path / "second.log"
        second = start_second_host(second_env, log)
        text = log.read_text()
        assert second.returncode == 4, text[-3000:]  # gunicorn: the app could not load
        refusals = [line for line in text.splitlines() if REFUSED in line]
        assert refusals, text[-3000:]
        assert all(f"{tmp_path / 'smeup.sqlite3'}-host" in line for line in refusals)
        assert "second-host" in refusals[0]
        assert "Traceback" not in text
        # A command on that host: one line too (exit status 1, click's "Error: ...").
        command = flask_command(second_env, "user", "list")
        assert command.returncode == 1
        assert command.stderr.strip().splitlines() == [
            line for line in command.stderr.strip().splitlines() if line.startswith(REFUSED)
        ]
        assert len(command.stderr.strip().splitlines()) == 1, command.stderr
        # The first host goes on serving.
        assert submit_once(first.url, 2)[0] == 303
    assert Path(f"{tmp_path / 'smeup.sqlite3'}-host").read_text().strip() != "second-host"
