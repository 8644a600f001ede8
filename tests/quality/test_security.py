"""The security sweep (quality.md, Security): CSRF on every POST, headers on every page, cookies.

Walks the app's URL map, so a route added later is covered without touching this file.
"""

import os
import re

import pytest
from flask_login import AnonymousUserMixin

from bench import server
from bench.payload import csrf_token as token_in
from bench.web import Session
from smeup.access import access_level, may_see
from smeup.models import User
from tests.helpers import csrf_token, login

ROLES = ("anonymous", "agent", "officer", "admin")
SAMPLE = {
    "form_type": "netzero",
    "fmt": "csv",
    "form_key": "netzero",
    "name": "company_name",
    "token": "no-such-token",
    "filename": "css/app.css",
}
# POSTs a signed token in the URL proves instead of a CSRF token: a mail client's RFC 8058
# one-click unsubscribe carries no form token. A made-up token is not found.
TOKEN_PROVEN = {"mail.unsubscribe": {404}}
SAFE_REFERRERS = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}


def sample_url(rule) -> str:
    """The rule's path with every variable filled in (ids that exist or not: both fine)."""

    def fill(match):
        converter, name = match.group(1) or "default", match.group(2)
        if converter in ("int", "float"):
            return "1"
        return SAMPLE.get(name, "x")

    return re.sub(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", fill, rule.rule)


def signed_in(app, users, role: str):
    client = app.test_client()
    if role != "anonymous":
        assert login(client, users[role]).status_code == 302
    return client


def role_user(role: str):
    if role == "anonymous":
        return AnonymousUserMixin()
    return User(username=role, role=role, active=True)


@pytest.mark.parametrize("role", ROLES)
def test_every_post_without_csrf_token_is_refused(app, users, role):
    client = signed_in(app, users, role)
    checked, problems = 0, []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods:
            continue
        url = sample_url(rule)
        response = client.post(url, data={"company_name": "x", "action": "submit"})
        level = access_level(app, rule.endpoint)
        if rule.endpoint in TOKEN_PROVEN:
            expected = TOKEN_PROVEN[rule.endpoint]
        elif may_see(role_user(role), level):
            expected = {400}  # refused before the view runs
        elif role == "anonymous":
            expected = {302, 401}  # sent to the login page first
        else:
            expected = {403}
        if response.status_code not in expected:
            problems.append(f"POST {url} ({level}) as {role}: {response.status_code}")
        checked += 1
    assert checked >= 10
    assert problems == []


def test_the_same_post_with_its_token_gets_through(client):
    token = csrf_token(client, "/netzero/")
    response = client.post("/netzero/", data={"csrf_token": token, "company_name": "x"})
    assert response.status_code == 422  # validated (and refused for what is missing), not 400


def assert_headers(response, where: str) -> None:
    csp = response.headers.get("Content-Security-Policy", "")
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    scripts = directives.get("script-src", directives.get("default-src"))
    assert scripts, f"{where}: no script-src in CSP {csp!r}"
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, where
    assert directives.get("frame-ancestors") == ["'none'"], where
    assert directives.get("object-src") == ["'none'"], where
    assert response.headers.get("X-Content-Type-Options") == "nosniff", where
    assert response.headers.get("Referrer-Policy") in SAFE_REFERRERS, where


@pytest.mark.parametrize("role", ROLES)
def test_every_page_carries_the_security_headers(app, users, role):
    client = signed_in(app, users, role)
    seen = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        url = sample_url(rule)
        response = client.get(url)
        response.get_data()  # streamed answers too
        assert_headers(response, f"GET {url} as {role} ({response.status_code})")
        seen += 1
    for url in ("/no-such-page", "/static/no-such-file.css"):
        assert_headers(client.get(url), url)
    assert_headers(client.post("/healthz"), "405")
    assert seen >= 15


def session_cookie(response) -> str:
    cookies = [v for v in response.headers.getlist("Set-Cookie") if v.startswith("smeup_session=")]
    assert cookies, "no session cookie set"
    return cookies[-1]


def test_session_cookie_is_httponly_and_lax(client, users):
    cookie = session_cookie(login(client, users["officer"]))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain http in development and tests


def test_session_cookie_is_secure_in_production(make_app):
    production = make_app(SMEUP_ENV="production", SMEUP_PUBLIC_BASE_URL="https://localhost")
    # The login page puts the CSRF token in the session, so it sets the cookie.
    response = production.test_client().get("/login", base_url="https://localhost")
    cookie = session_cookie(response)
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_body_over_the_limit_gets_413(client):
    token = csrf_token(client, "/netzero/")
    limit = client.application.config["MAX_CONTENT_LENGTH"]
    response = client.post(
        "/netzero/",
        data={"csrf_token": token, "company_name": "x" * (limit + 1)},
    )
    assert response.status_code == 413
    assert "太大" in response.get_data(as_text=True)


def test_a_form_field_over_the_memory_limit_gets_413(client):
    token = csrf_token(client, "/netzero/")
    size = client.application.config["MAX_FORM_MEMORY_SIZE"] + 1
    response = client.post(
        "/netzero/",
        data={"csrf_token": token, "company_name": "x" * size},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413


def fake_pdfs() -> list[tuple[bytes, str]]:
    """Files that are not a real PDF, named as if they were."""
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 200 + b"IEND\xaeB`\x82"
    return [
        (png, "loi.pdf"),
        (b"<html><script>alert(1)</script></html>", "合作意向書.pdf"),
        (b"%PDF-1.7\n" + b"\x00garbage" * 50, "loi.PDF"),
        (b"PK\x03\x04" + b"\x00" * 100, "loi.pdf"),
        (b"MZ\x90\x00" + b"\x00" * 100, "loi.pdf.exe"),
        (b"", "empty.pdf"),
    ]


def test_an_upload_that_is_not_a_real_pdf_is_refused(app, client):
    if "sbtr.upload_loi" not in app.view_functions:
        pytest.skip("SBTR is not installed")
    import io

    from smeup.models.sbtr import SbtrUpload
    from tests.helpers import count_rows

    token = csrf_token(client, "/sbtr/")
    for content, name in fake_pdfs():
        response = client.post(
            "/sbtr/loi",
            data={"csrf_token": token, "loi_file": (io.BytesIO(content), name)},
            content_type="multipart/form-data",
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 422, (name, response.status_code)
        assert "PDF" in response.get_data(as_text=True)
    assert count_rows(app, SbtrUpload) == 0


@pytest.mark.skipif(not os.environ.get("SMEUP_TEST_REDIS_URL"), reason="SMEUP_TEST_REDIS_URL unset")
def test_login_limit_is_shared_by_all_workers_through_redis(own_database):
    """Two gunicorn workers count sign-in attempts together in Redis (REDIS_URL)."""
    import redis

    url = os.environ["SMEUP_TEST_REDIS_URL"]
    store = redis.Redis.from_url(url)

    def forget():
        for key in store.scan_iter("LIMITS*"):
            store.delete(key)

    forget()
    env = server.app_env(
        own_database,
        production=False,
        extra={"REDIS_URL": url, "SMEUP_LOGIN_LIMIT": "4 per minute"},
    )
    try:
        with server.start("wsgi:app", env, workers=2) as served:
            codes = []
            for _ in range(6):
                session = Session(served.url)  # a new connection each time: either worker
                page = session.get("/login").text
                answer = session.post(
                    "/login",
                    {"csrf_token": token_in(page), "username": "nobody", "password": "wrong"},
                )
                codes.append(answer.status)
            counters = [k for k in store.scan_iter("LIMITS*") if b"login" in k]
    finally:
        forget()
    assert codes == [422, 422, 422, 422, 429, 429]
    assert counters, "the limiter did not count in Redis"


def test_login_limit_is_shared_by_all_workers_through_the_database(own_database, tmp_path):
    """Without Redis, two gunicorn workers count sign-in attempts together in the database.

    Six attempts go to one worker while the other is held busy, then six to the other (the
    access log names the process of each answer). Counted per worker, 4 per minute would let
    8 of the 12 through.
    """
    from sqlalchemy import create_engine, text

    from bench.database import sqlalchemy_url

    access_log = tmp_path / "access.log"
    env = server.app_env(
        own_database, production=False, extra={"SMEUP_LOGIN_LIMIT": "4 per minute"}
    )
    env.pop("REDIS_URL", None)
    logging = ("--access-logfile", str(access_log), "--access-logformat", "%(p)s %(m)s %(U)s %(s)s")

    def attempt(served) -> int:
        session = Session(served.url)
        page = session.get("/login").text
        form = {"csrf_token": token_in(page), "username": "nobody", "password": "wrong"}
        return session.post("/login", form).status

    with server.start("wsgi:app", env, workers=2, extra_args=logging) as served:
        workers = set(served.wait_workers())
        first_held = served.hold_worker()
        try:
            codes = [attempt(served) for _ in range(6)]  # the free worker answers
            # The worker that answered is the only free one: it takes this hold.
            with served.hold_worker() as second_held:
                first_held.release()
                codes += [attempt(served) for _ in range(6)]
        finally:
            first_held.release()
    assert {first_held.pid, second_held.pid} == workers
    engine = create_engine(sqlalchemy_url(own_database))
    with engine.connect() as conn:
        counters = conn.execute(text("SELECT key, hits FROM rate_limit_counter")).all()
    engine.dispose()
    # gunicorn's %(p)s is "<pid>" of the worker that answered.
    log_lines = access_log.read_text().splitlines()
    posts = [line.split() for line in log_lines if " POST /login " in line]
    answered_by = {int(fields[0].strip("<>")) for fields in posts}
    assert len(posts) == 12 and answered_by == workers
    assert codes == [422] * 4 + [429] * 8
    # Two counters, each counted by both workers: the address's and the account's from it.
    assert sorted(hits for key, hits in counters if "login" in key) == [12, 12]
