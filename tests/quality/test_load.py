"""200 people submitting at once for 30 s (quality.md, Load): nothing lost, nothing doubled.

gunicorn serves the app on this run's database (SQLite in WAL mode, or PostgreSQL); simulated
people open the form and send it, some send it twice, some reuse a key with other content.
"""

import pytest

from bench import database
from bench.clients import run_clients

pytestmark = pytest.mark.slow

CLIENTS = 200
SECONDS = 30


def stored_keys(url: str) -> set[str]:
    """The submission keys stored in the database."""
    conn = database.dbapi_connect(url)
    try:
        cur = conn.cursor()
        cur.execute("SELECT submission_key FROM submission WHERE form_type = 'netzero'")
        return {row[0] for row in cur.fetchall()}
    finally:
        conn.close()


def test_200_clients_for_30_seconds_lose_and_double_nothing(gunicorn, own_database):
    tally = run_clients(gunicorn.url, clients=CLIENTS, seconds=SECONDS)

    print(
        f"acknowledged {len(tally.acked)}, resent {tally.resent}, statuses {dict(tally.statuses)}"
    )
    assert tally.server_errors() == [], tally.server_errors()[:3]
    assert not tally.gave_up, tally.gave_up[:3]
    acked = set(tally.acked)
    # Enough traffic for the test to mean something (a few per client at the least).
    assert len(acked) >= CLIENTS, tally.statuses
    # Every acknowledged submission is stored, and nothing else is.
    assert stored_keys(own_database) == acked
    assert database.count(own_database, "netzero_check") == len(acked)
    # A double tap came back with the same result link, and stored nothing new.
    assert tally.resent > 0
    assert tally.resent_mismatch == []
    # The same key with other content was refused with its message, every time.
    assert tally.changed_problems == []
    assert tally.changed_refused > 0
    log = gunicorn.log()
    assert "Traceback" not in log, log[-3000:]
    assert "database is locked" not in log
    if own_database.startswith("sqlite"):
        conn = database.dbapi_connect(own_database)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        conn.close()
