"""A `limits` storage in the app's database, so every worker and host counts rate limits together.

Flask-Limiter's memory:// storage counts per process: with two gunicorn workers every limit
doubles. Redis (REDIS_URL) is shared; without it the counters live in the `rate_limit_counter`
table of the database the app already uses. The storage URI is the database URL with `db+` in
front (`db+sqlite:///…`, `db+postgresql+psycopg://…`); config.py chooses it.

Only the fixed-window strategy (Flask-Limiter's default, the one smeup uses) is supported.
"""

import hashlib
import os
import threading
import time

from limits.storage import Storage
from sqlalchemy import create_engine, delete, select
from sqlalchemy.exc import SQLAlchemyError

from .database import sqlite_write_lock
from .models.ratelimit import RateLimitCounter

PREFIX = "db+"
COUNTERS = RateLimitCounter.__table__
KEY_LENGTH = 255
# Windows that ended are deleted now and then (at most this often per process), not per hit.
SWEEP_SECONDS = 600
# Parameters: key, amount, window end | now, amount, amount | now, window end.
_INCR = (
    "INSERT INTO rate_limit_counter (key, hits, expires_at) VALUES (?, ?, ?) "
    "ON CONFLICT (key) DO UPDATE SET "
    "hits = CASE WHEN rate_limit_counter.expires_at <= ? THEN ? "
    "ELSE rate_limit_counter.hits + ? END, "
    "expires_at = CASE WHEN rate_limit_counter.expires_at <= ? THEN ? "
    "ELSE rate_limit_counter.expires_at END "
    "RETURNING hits"
)
_SWEEP = "DELETE FROM rate_limit_counter WHERE expires_at <= ?"
# The same SQL in each driver's parameter style (sqlite3: ?, psycopg: %s).
_SQL = {
    "sqlite": (_INCR, _SWEEP),
    "postgresql": (_INCR.replace("?", "%s"), _SWEEP.replace("?", "%s")),
}
_NO_SYNC = "SET LOCAL synchronous_commit TO OFF"


class DatabaseStorage(Storage):
    """Fixed-window counters in the `rate_limit_counter` table (SQLite or PostgreSQL)."""

    STORAGE_SCHEME = [
        "db+sqlite",
        "db+sqlite+pysqlite",
        "db+postgresql",
        "db+postgresql+psycopg",
    ]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.database_url = uri.removeprefix(PREFIX)
        self._engine = None
        self._engine_pid = None
        self._lock = threading.Lock()
        self._last_sweep = 0.0

    @property
    def base_exceptions(self):
        return SQLAlchemyError

    @property
    def engine(self):
        """The storage's own engine, made on first use in each process (gunicorn forks)."""
        with self._lock:
            if self._engine is None or self._engine_pid != os.getpid():
                if self.database_url.startswith("sqlite"):
                    args = {"connect_args": {"check_same_thread": False, "timeout": 30}}
                else:
                    args = {"pool_pre_ping": True, "pool_size": 2, "max_overflow": 8}
                self._engine = create_engine(self.database_url, **args)
                self._engine_pid = os.getpid()
            return self._engine

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Count `amount` hits in the key's window (a new window when the last one ended).

        One upsert, its SQL written out once and sent as it is (exec_driver_sql): this runs on
        every public POST, and building the statement with SQLAlchemy cost more than running
        it. Errors still come wrapped as SQLAlchemy's, so an outage answers 503 like any other.
        """
        now = time.time()
        ends = now + expiry
        engine = self.engine
        sqlite = engine.dialect.name == "sqlite"
        upsert, sweep = _SQL[engine.dialect.name]
        params = (_fit(key), amount, ends, now, amount, amount, now, ends)
        with sqlite_write_lock(engine.url), engine.begin() as conn:
            if not sqlite:
                # A counter lost in a crash costs nothing; waiting for the WAL flush costs each hit.
                conn.exec_driver_sql(_NO_SYNC)
            hits = conn.exec_driver_sql(upsert, params).scalar_one()
            if now - self._last_sweep > SWEEP_SECONDS:
                self._last_sweep = now
                conn.exec_driver_sql(sweep, (now,))
        return hits

    def _row(self, key: str):
        with self.engine.connect() as conn:
            query = select(COUNTERS.c.hits, COUNTERS.c.expires_at)
            query = query.where(COUNTERS.c.key == _fit(key))
            return conn.execute(query).first()

    def get(self, key: str) -> int:
        """Hits in the key's current window (0 when it ended or never began)."""
        row = self._row(key)
        return row.hits if row is not None and row.expires_at > time.time() else 0

    def get_expiry(self, key: str) -> float:
        """When the key's window ends (seconds since the epoch)."""
        row = self._row(key)
        return row.expires_at if row is not None else time.time()

    def check(self) -> bool:
        """True when the database answers."""
        try:
            with self.engine.connect() as conn:
                conn.execute(select(1))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        """Forget every counter."""
        with sqlite_write_lock(self.engine.url), self.engine.begin() as conn:
            return conn.execute(delete(COUNTERS)).rowcount

    def clear(self, key: str) -> None:
        """Forget one key's counter."""
        with sqlite_write_lock(self.engine.url), self.engine.begin() as conn:
            conn.execute(delete(COUNTERS).where(COUNTERS.c.key == _fit(key)))


def _fit(key: str) -> str:
    """The key as stored: a very long one (an odd IPv6 form) by its digest."""
    if len(key) <= KEY_LENGTH:
        return key
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()
