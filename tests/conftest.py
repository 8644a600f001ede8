"""Fixtures: an app on the test database (SQLite, or PostgreSQL when asked), clients, users.

`SMEUP_TEST_DATABASE=postgres` with `SMEUP_TEST_POSTGRES_URL` runs the suite on PostgreSQL;
each xdist worker gets its own database. Tables are emptied after every test.
"""

import os
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import psycopg
import pytest
import time_machine
from hypothesis import settings

from smeup import create_app
from smeup.extensions import db, limiter
from smeup.models import User
from tests.helpers import PASSWORD, login

# Generated-input tests give the same answer on every run: examples derive from each test
# itself (not a random seed, not examples a past run saved in .hypothesis/), and no per-example
# deadline (a loaded machine is slow, not wrong). HYPOTHESIS_PROFILE=explore hunts at random.
settings.register_profile("repeatable", derandomize=True, database=None, deadline=None)
settings.register_profile("explore", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

TAIPEI = ZoneInfo("Asia/Taipei")


def _postgres_url(worker: str) -> str:
    base = os.environ["SMEUP_TEST_POSTGRES_URL"]
    name = f"smeup_test_{worker}_{os.getpid()}"
    admin_url = re.sub(r"/[^/]*$", "/postgres", base)
    with psycopg.connect(admin_url.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    url = re.sub(r"/[^/]*$", f"/{name}", base)
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory, worker_id):
    """The database this worker's tests use."""
    if os.environ.get("SMEUP_TEST_DATABASE") == "postgres":
        return _postgres_url(worker_id)
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture(scope="session")
def worker_id(request):
    """xdist's worker id, or 'main' without xdist."""
    return getattr(request.config, "workerinput", {}).get("workerid", "main")


def test_config(database_url: str, tmp_path_factory, **overrides) -> dict:
    """The config every test app starts from."""
    config = {
        "TESTING": True,
        "SMEUP_ENV": "testing",
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": None,
        "INSTANCE_PATH": str(tmp_path_factory.getbasetemp() / "instance"),
        # Tests never reach the real registry; tests/registry points apps at a local fake.
        "SMEUP_REGISTRY_URL": "",
    }
    config.update(overrides)
    return config


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    """One app per test session; the schema is created once."""
    application = create_app(test_config(database_url, tmp_path_factory))
    with application.app_context():
        db.drop_all()
        db.create_all()
    yield application
    with application.app_context():
        db.engine.dispose()
    if database_url.startswith("postgresql"):
        _drop_postgres(database_url)


def _drop_postgres(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    admin_url = re.sub(r"/[^/]*$", "/postgres", url).replace("+psycopg", "")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(autouse=True)
def _rate_limits_off():
    """Flask-Limiter keeps `enabled` on one shared object: any app built with limits on (a
    test's own, or a helper's create_app) would leave them on. Each test starts with them off;
    a test that wants limits builds its app with make_app(RATELIMIT_ENABLED=True)."""
    limiter.enabled = False


@pytest.fixture(autouse=True)
def _clean_tables(request):
    """Every test starts with empty tables."""
    yield
    if "app" not in request.fixturenames:
        return
    application = request.getfixturevalue("app")
    with application.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())


@pytest.fixture
def make_app(database_url, tmp_path_factory):
    """Build an extra app with config overrides (rate limits on, short kiosk idle...)."""
    made = []

    def factory(**overrides):
        application = create_app(test_config(database_url, tmp_path_factory, **overrides))
        made.append(application)
        return application

    yield factory
    for application in made:
        with application.app_context():
            db.engine.dispose()
    # The limiter is one shared object: an app made with limits on must not leave them on.
    limiter.enabled = False
    # Its storage is the last app's: counters in a database that answers are forgotten (an app
    # made on a dead database, as the outage tests make, has none to forget).
    storage = getattr(limiter, "_storage", None)
    if storage is not None and storage.check():
        limiter.reset()


@pytest.fixture
def client(app):
    """A test client (CSRF is on: use the `form_token` helper or `post_form`)."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """The Flask CLI runner."""
    return app.test_cli_runner()


@pytest.fixture
def users(app):
    """One user per role, password PASSWORD; returns {role: username}."""
    with app.app_context():
        for role in ("agent", "officer", "admin"):
            user = User(username=f"{role}1", role=role, display_name=f"測試{role}")
            user.set_password(PASSWORD)
            db.session.add(user)
        db.session.commit()
    return {role: f"{role}1" for role in ("agent", "officer", "admin")}


@pytest.fixture
def auth(client, users):
    """Sign the test client in as a role: auth('officer')."""

    def sign_in(role: str):
        response = login(client, users[role])
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client

    return sign_in


@pytest.fixture
def taipei_midday():
    """The test runs from the next 12:00 in Taipei, the clock ticking on from there.

    Dates the app computes ("today" in Taiwan) and dates the test computes then agree even when
    the suite runs across midnight; in the future rather than the past, so cookies a real browser
    holds are not already expired. Yields that moment.
    """
    now = datetime.now(TAIPEI)
    noon = now.replace(hour=12, minute=0, second=0, microsecond=0)
    if noon < now:
        noon += timedelta(days=1)
    with time_machine.travel(noon, tick=True):
        yield noon
