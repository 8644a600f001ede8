"""Fixtures for the quality tests: a database of the test's own and gunicorn serving it.

The database follows the suite's run: SQLite (WAL, its own file) normally, PostgreSQL (its
own database on SMEUP_TEST_POSTGRES_URL's server) when SMEUP_TEST_DATABASE=postgres.
"""

import os
import uuid

import pytest

from bench import database, server


def on_postgres() -> bool:
    """True in the suite's PostgreSQL run."""
    return os.environ.get("SMEUP_TEST_DATABASE") == "postgres"


@pytest.fixture
def own_database(tmp_path):
    """The URL of a fresh database with the schema, dropped afterwards."""
    if on_postgres():
        url = database.create_postgres(
            f"smeup_quality_{uuid.uuid4().hex[:12]}", os.environ["SMEUP_TEST_POSTGRES_URL"]
        )
    else:
        url = database.sqlite_url(tmp_path / "quality.sqlite3")
    database.create_schema(url, officer=False)
    yield url
    if url.startswith("postgresql"):
        database.drop_postgres(url)


@pytest.fixture
def gunicorn(own_database):
    """gunicorn (3 sync workers) serving smeup on the test's database; stopped afterwards."""
    env = server.app_env(own_database, production=False)
    served = server.start("wsgi:app", env, workers=3, timeout=60)
    yield served
    served.stop()
