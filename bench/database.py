"""Databases for benchmarks and load tests: a fresh SQLite file or PostgreSQL database, schema, officer."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import psycopg

from .server import BENCH_SECRET, OFFICER

DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of a SQLite file."""
    return f"sqlite:///{path}"


def create_postgres(name: str, server_url: str = DEFAULT_POSTGRES) -> str:
    """(Re)create database `name` on the server of `server_url`; return its URL."""
    admin = _with_database(server_url, "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return _with_database(server_url, name)


def drop_postgres(url: str) -> None:
    """Drop the database of `url` (connections are cut)."""
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(_with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _with_database(url: str, name: str) -> str:
    url = url.replace("postgresql+psycopg://", "postgresql://", 1)
    return re.sub(r"/[^/]*$", f"/{name}", url)


def sqlalchemy_url(url: str) -> str:
    """psycopg 3 driver for PostgreSQL URLs; SQLite URLs unchanged."""
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def create_schema(url: str, *, officer: bool = True) -> None:
    """Create every table (db.create_all, as the tests do) and a bench officer account."""
    from smeup import create_app
    from smeup.extensions import db
    from smeup.models import User

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": sqlalchemy_url(url),
            "SECRET_KEY": BENCH_SECRET,
            "SMEUP_ENV": "development",
            "RATELIMIT_ENABLED": False,
            "INSTANCE_PATH": tempfile.mkdtemp(prefix="smeup-bench-instance-"),
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
        if officer:
            user = User(username=OFFICER[0], role="officer", display_name="效能測試")
            user.set_password(OFFICER[1])
            db.session.add(user)
        _seed_survey()
        db.session.commit()
        db.engine.dispose()


def _seed_survey() -> None:
    """The demo ranking survey (for the page-weight benchmark), when the feature exists."""
    try:
        from smeup.surveys.demo import seed
    except ImportError:
        return
    seed()


def first_survey_id(url: str) -> int | None:
    """The id of a survey in the database, or None."""
    conn = dbapi_connect(url)
    try:
        cur = conn.cursor()
        cur.execute("SELECT min(id) FROM survey")
        return cur.fetchone()[0]
    except Exception:  # noqa: BLE001 - no survey table yet
        return None
    finally:
        conn.close()


def dbapi_connect(url: str):
    """A plain DB-API connection (sqlite3 or psycopg) to the database of `url`."""
    if url.startswith("sqlite:///"):
        import sqlite3

        conn = sqlite3.connect(url[len("sqlite:///") :], timeout=30)
        conn.execute("PRAGMA busy_timeout=30000")
        return conn
    return psycopg.connect(_with_database(url, url.rsplit("/", 1)[1]))


def count(url: str, table: str, where: str = "") -> int:
    """Rows in `table` (optionally WHERE ...)."""
    conn = dbapi_connect(url)
    try:
        cur = conn.cursor()
        cur.execute(f"SELECT count(*) FROM {table} {'WHERE ' + where if where else ''}")
        return cur.fetchone()[0]
    finally:
        conn.close()
