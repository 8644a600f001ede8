"""The app factory, configuration, health check, error pages and security headers."""

import pytest
from flask import redirect
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError, PendingRollbackError

from smeup import create_app
from smeup.access import access
from smeup.config import ConfigError
from smeup.extensions import db

# Each app here gets its own instance folder: the checkout's instance/ (its config.py, secret
# key and database from `make run`) must not decide what these tests see.


def test_production_refuses_to_start_without_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("SMEUP_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app(
            {
                "SMEUP_ENV": "production",
                "SQLALCHEMY_DATABASE_URI": "sqlite://",
                "INSTANCE_PATH": str(tmp_path),
            }
        )


def test_development_generates_secret_key_into_instance(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("SMEUP_SECRET_KEY", raising=False)
    config = {
        "SMEUP_ENV": "development",
        "SQLALCHEMY_DATABASE_URI": "sqlite://",
        "INSTANCE_PATH": str(tmp_path),
    }
    app = create_app(config)
    key_file = tmp_path / "secret_key"
    assert key_file.read_text().strip() == app.config["SECRET_KEY"]
    again = create_app(config)
    assert again.config["SECRET_KEY"] == app.config["SECRET_KEY"]


def test_environment_overrides_config(monkeypatch, tmp_path):
    monkeypatch.setenv("SMEUP_KIOSK_IDLE_SECONDS", "15")
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db.example/smeup")
    app = create_app({"SMEUP_ENV": "testing", "SECRET_KEY": "x", "INSTANCE_PATH": str(tmp_path)})
    assert app.config["SMEUP_KIOSK_IDLE_SECONDS"] == 15
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example/smeup"


def test_healthz_reports_database_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "up"}


def test_healthz_reports_database_down(make_app):
    broken = make_app(SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none")
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503


def test_database_outage_gives_zh_503_page_without_trace(make_app):
    broken = make_app(SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none")
    response = broken.test_client().post("/login", data={"username": "a", "password": "b"})
    body = response.get_data(as_text=True)
    # CSRF is checked first (400) — without a token we never reach the database; with
    # CSRF off the login query hits the dead database and must answer 503.
    assert response.status_code == 400
    broken.config["WTF_CSRF_ENABLED"] = False
    response = broken.test_client().post("/login", data={"username": "a", "password": "b"})
    body = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "系統暫時無法使用" in body
    assert "Traceback" not in body and "psycopg" not in body


def _fails_like_a_lost_connection(app):
    """A route failing as code does after its connection died (not an OperationalError)."""

    @access("public")
    def pending():
        raise PendingRollbackError("Can't reconnect until invalid transaction is rolled back")

    app.add_url_rule("/pending-rollback", "pending_rollback", pending)
    return app.test_client().get("/pending-rollback")


def test_a_follow_on_database_error_during_an_outage_is_503_not_500(make_app):
    dead = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    response = _fails_like_a_lost_connection(
        make_app(SQLALCHEMY_DATABASE_URI=dead, PROPAGATE_EXCEPTIONS=False)
    )
    assert response.status_code == 503
    assert "系統暫時無法使用" in response.get_data(as_text=True)


def test_the_same_error_with_the_database_up_is_a_500(make_app):
    response = _fails_like_a_lost_connection(make_app(PROPAGATE_EXCEPTIONS=False))
    assert response.status_code == 500
    assert "Traceback" not in response.get_data(as_text=True)


def test_a_follow_on_of_a_lost_connection_is_503_even_once_the_database_is_back(make_app):
    # The request lost its connection in the outage; by the time its error page is drawn the
    # database answers again. Nothing was stored: the person must be told to send again.
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @access("public")
    def lost():
        try:
            raise OperationalError("INSERT ...", {}, Exception("server closed the connection"))
        except OperationalError as lost_connection:
            raise PendingRollbackError("invalid transaction") from lost_connection

    app.add_url_rule("/lost-then-back", "lost_then_back", lost)
    response = app.test_client().get("/lost-then-back")
    assert response.status_code == 503
    assert "系統暫時無法使用" in response.get_data(as_text=True)


def test_an_answer_stands_when_the_connection_dies_before_the_request_ends(make_app):
    # The database restarts between the answer and the request's end: ending the session then
    # fails its rollback. The person still gets the answer made for them, not a bare 500.
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    def refuse(_conn):
        raise OperationalError("ROLLBACK", {}, Exception("terminating connection"))

    @access("public")
    def answered_then_lost():
        db.session.execute(text("SELECT 1"))  # a transaction is open when the request ends
        event.listen(db.session.connection(), "rollback", refuse)
        return redirect("/")

    app.add_url_rule("/answered-then-lost", "answered_then_lost", answered_then_lost)
    client = app.test_client()
    assert client.get("/answered-then-lost").status_code == 302
    assert client.get("/healthz").status_code == 200  # the next request gets a live connection


def test_404_page_is_zh_hant(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "找不到這個頁面" in response.get_data(as_text=True)
    assert 'lang="zh-Hant-TW"' in response.get_data(as_text=True)


def test_security_headers_on_pages(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"


def test_static_files_are_cached_immutably_when_versioned(client):
    html = client.get("/login").get_data(as_text=True)
    assert "/static/css/app.css?v=" in html
    url = html.split('href="/static/css/app.css?v=')[1].split('"')[0]
    response = client.get("/static/css/app.css?v=" + url)
    assert response.status_code == 200
    assert "immutable" in response.headers["Cache-Control"]


def test_post_without_csrf_token_is_refused(client, users):
    response = client.post("/login", data={"username": users["officer"], "password": "x"})
    assert response.status_code == 400
    assert "重新整理" in response.get_data(as_text=True)


def test_body_over_limit_gets_413(make_app):
    small = make_app(MAX_CONTENT_LENGTH=1024, WTF_CSRF_ENABLED=False)
    response = small.test_client().post("/login", data={"username": "x" * 5000, "password": "y"})
    assert response.status_code == 413
    assert "太大" in response.get_data(as_text=True)


def test_pages_and_static_files_are_compressed(client):
    page = client.get("/login", headers={"Accept-Encoding": "br, gzip"})
    assert page.headers["Content-Encoding"] == "br"
    html = client.get("/login").get_data(as_text=True)
    htmx_url = html.split('src="')[1].split('"')[0]
    assert "htmx" in htmx_url
    script = client.get(htmx_url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert script.headers.get("Content-Encoding") == "br"
    assert len(script.data) < 25_000  # ~52 KB raw
