"""The two-host tests' databases: a fresh PostgreSQL one with the schema, the bench officer and
one roadshow event (EVENT), and reading rows back from it."""

import os
import uuid
from datetime import date

from bench import database

EVENT = "雙主機巡迴說明會"


def fresh_database(name: str) -> str:
    """A new PostgreSQL database with the schema, the bench officer and one roadshow event."""
    url = database.create_postgres(
        f"smeup_{name}_{uuid.uuid4().hex[:10]}", os.environ["SMEUP_TEST_POSTGRES_URL"]
    )
    database.create_schema(url, officer=True)
    conn = database.dbapi_connect(url)
    with conn:
        conn.execute(
            "INSERT INTO event (name, date, venue, county, forms, created_at) "
            "VALUES (%s, %s, '扇形車庫', '彰化縣', '[\"netzero\", \"course\"]', now())",
            (EVENT, date.today()),
        )
    conn.close()
    return url


def rows(url: str, query: str, *args) -> list[tuple]:
    conn = database.dbapi_connect(url)
    try:
        return [tuple(r) for r in conn.execute(query, args).fetchall()]
    finally:
        conn.close()


def event_id(url: str) -> int:
    return rows(url, "SELECT id FROM event WHERE name = %s", EVENT)[0][0]
