"""Database wiring: SQLite pragmas, an up-front write lock on SQLite, and the write unit."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db
from .sqlite_writers import writer_turn

_take_write_lock = ContextVar("smeup_sqlite_write_lock", default=False)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL, a busy timeout and foreign keys on every SQLite connection."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        # We emit BEGIN ourselves (below), so pysqlite must not.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn) -> None:
    """Writers take SQLite's write lock at BEGIN, so they wait (busy timeout) instead of failing.

    A deferred transaction that read first and then writes cannot wait for the lock: SQLite
    answers "database is locked" at once. BEGIN IMMEDIATE avoids that for write units.
    """
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE" if _take_write_lock.get() else "BEGIN")


@contextmanager
def write_unit() -> Iterator[None]:
    """One committed unit of writes: commit on success, roll back on error.

    On SQLite the unit first waits for its writer's turn (sqlite_writers), then takes SQLite's
    write lock at BEGIN.
    """
    db.session.commit()  # end any read transaction so the write one starts fresh
    with sqlite_write_lock(db.engine.url):
        try:
            yield
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise


@contextmanager
def sqlite_write_lock(url) -> Iterator[None]:
    """Transactions begun inside (on `url`'s engine) wait for their writer's turn, then take
    SQLite's write lock at BEGIN (PostgreSQL: no effect)."""
    with writer_turn(url):
        token = _take_write_lock.set(True)
        try:
            yield
        finally:
            _take_write_lock.reset(token)


def database_answers() -> bool:
    """Whether the database answers a trivial query now (the open transaction is ended first)."""
    try:
        db.session.rollback()
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure means "not answering"
        db.session.rollback()
        return False
    return True


def end_session(_exc: BaseException | None = None) -> None:
    """End the request's session even when its connection died under it (teardown).

    Ending a session rolls back what is open; when the database went away meanwhile (a restart
    under load), that rollback fails, and a failure raised in teardown turns whatever answer the
    request had (a 303, a 503) into a bare 500. The connection is dead anyway: drop it unread.
    Registered after Flask-SQLAlchemy's own teardown, so it runs first and leaves that one
    nothing to do.
    """
    try:
        db.session.remove()
    except SQLAlchemyError:
        db.session.registry().invalidate()  # close without a rollback; the pool discards the connection
        db.session.registry.clear()
