"""The references request rates are compared with: bare Flask routes under the same gunicorn.

GET / returns a short string. POST /submit reads a form (the same body the app's POST gets)
and inserts one row with the same driver into the same database (DATABASE_URL), committed:
the least a form post that stores something can cost.
"""

import json
import os
import threading

from flask import Flask, request

app = Flask(__name__)
_local = threading.local()
TABLE = "bench_reference_post"


@app.route("/")
def hello() -> str:
    """The cheapest answer Flask can give."""
    return "hello"


@app.route("/healthz")
def healthz() -> str:
    """Readiness probe, like the app's."""
    return "ok"


@app.post("/submit")
def submit() -> str:
    """Read the posted form and store it as one row."""
    body = json.dumps(request.form.to_dict(), ensure_ascii=False)
    conn, marker = _connection()
    conn.execute(f"INSERT INTO {TABLE} (body) VALUES ({marker})", (body,))  # noqa: S608
    conn.commit()
    return "stored"


def _connection():
    """One connection per worker thread, opened as the app opens its own (WAL, busy timeout)."""
    conn = getattr(_local, "conn", None)
    if conn is None:
        url = os.environ.get("DATABASE_URL", "")
        if url.startswith("sqlite:///"):
            import sqlite3

            conn = sqlite3.connect(url[len("sqlite:///") :], timeout=30)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            marker = "?"
        else:
            import psycopg

            conn = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://", 1))
            marker = "%s"
        _local.conn = conn, marker
    return _local.conn


def create_table(conn, dialect: str) -> None:
    """The reference's table (made before the workers start, so they never race to make it)."""
    key = "INTEGER PRIMARY KEY" if dialect == "sqlite" else "BIGSERIAL PRIMARY KEY"
    conn.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (id {key}, body TEXT NOT NULL)")
    conn.commit()
