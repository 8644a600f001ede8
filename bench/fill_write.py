"""Writing the benchmark fill's rows: executemany on SQLite, COPY on PostgreSQL.

Companies are upserted (a later fill renames a company after its newer row) with their names'
2-character pieces; submissions and their checks go in in batches; submission_rollup is
recounted afterwards, since the rows went in beside the app, not through it.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from smeup.models.search_key import bigrams
from smeup.rollups import rebuild_sql

from .fill_rows import COMPANY_COLUMNS, NETZERO_COLUMNS, SUBMISSION_COLUMNS

BATCH = 20_000
# A later fill renames a company after its newer row, as linking a later submission does.
COMPANY_UPSERT = (
    "INSERT INTO company ({columns}) {source} ON CONFLICT (id) DO UPDATE SET "
    "name = excluded.name, name_key = excluded.name_key, county = excluded.county, "
    "contact_phone = excluded.contact_phone, latest_at = excluded.latest_at"
)
# ... and rewrites its names' 2-character pieces, as the app's flush does.
BIGRAM_DELETE = "DELETE FROM company_bigram WHERE company_id = ?"
BIGRAM_INSERT = "INSERT INTO company_bigram (gram, company_id) VALUES (?, ?)"


def _fill_companies(conn, companies: list[tuple], sqlite: bool) -> None:
    """Insert or rename the companies, and rewrite their names' 2-character pieces (the
    company_bigram table the app keeps through the ORM: models/company_bigrams.py)."""
    columns = ", ".join(COMPANY_COLUMNS)
    if sqlite:
        values = "VALUES (" + ", ".join("?" * len(COMPANY_COLUMNS)) + ")"
        conn.executemany(
            COMPANY_UPSERT.format(columns=columns, source=values),
            [_sqlite_values(c) for c in companies],
        )
        conn.executemany(BIGRAM_DELETE, [(c[0],) for c in companies])
        conn.executemany(BIGRAM_INSERT, _bigram_rows(companies))
        conn.commit()
        return
    cur = conn.cursor()
    cur.execute("CREATE TEMP TABLE company_fill (LIKE company INCLUDING DEFAULTS)")
    with cur.copy(f"COPY company_fill ({columns}) FROM STDIN") as copy:
        for row in companies:
            copy.write_row(row)
    source = f"SELECT {columns} FROM company_fill"  # noqa: S608 - constant column names
    cur.execute(COMPANY_UPSERT.format(columns=columns, source=source))
    cur.execute("DELETE FROM company_bigram USING company_fill WHERE company_id = company_fill.id")
    with cur.copy("COPY company_bigram (gram, company_id) FROM STDIN") as copy:
        for row in _bigram_rows(companies):
            copy.write_row(row)
    cur.execute("DROP TABLE company_fill")
    cur.execute(
        "SELECT setval(pg_get_serial_sequence('company', 'id'), (SELECT max(id) FROM company))"
    )
    conn.commit()
    autocommit, conn.autocommit = conn.autocommit, True
    cur.execute("VACUUM ANALYZE company_bigram")  # its count reads the index alone
    conn.autocommit = autocommit


def _bigram_rows(companies: list[tuple]):
    """(gram, company id) of each distinct 2-character piece of each company's name."""
    for row in companies:
        for gram in bigrams(row[2]):
            yield gram, row[0]


def _rebuild_rollup(conn, dialect: str) -> None:
    """Recount submission_rollup: the rows above went in beside the app, not through it."""
    if dialect == "postgresql":
        conn.autocommit = False
    cur = conn.cursor()
    for sql in rebuild_sql(dialect):
        cur.execute(sql)
    conn.commit()
    if dialect == "postgresql":
        conn.autocommit = True
        cur.execute("VACUUM ANALYZE submission_rollup")
    else:
        cur.execute("ANALYZE")


def _fill_sqlite(conn, rows) -> None:
    conn.execute("PRAGMA synchronous=OFF")
    sub_sql = _insert("submission", SUBMISSION_COLUMNS)
    nz_sql = _insert("netzero_check", NETZERO_COLUMNS)
    batch: list = []
    for pair in rows:
        batch.append(pair)
        if len(batch) >= BATCH:
            _flush(conn, sub_sql, nz_sql, batch)
    _flush(conn, sub_sql, nz_sql, batch)
    conn.execute("ANALYZE")
    conn.commit()


def _flush(conn, sub_sql: str, nz_sql: str, batch: list) -> None:
    conn.executemany(sub_sql, [_sqlite_values(s) for s, _ in batch])
    conn.executemany(nz_sql, [_sqlite_values(c) for _, c in batch])
    conn.commit()
    batch.clear()


def _sqlite_values(row: tuple) -> tuple:
    # SQLAlchemy stores DateTime as ISO text and Numeric as float/text on SQLite.
    return tuple(
        v.strftime("%Y-%m-%d %H:%M:%S.%f")
        if isinstance(v, datetime)
        else str(v)
        if isinstance(v, Decimal)
        else v
        for v in row
    )


def _insert(table: str, columns: list[str]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


def _fill_postgres(conn, rows) -> None:
    cur = conn.cursor()
    subs: list = []
    checks: list = []
    for s, c in rows:
        subs.append(s)
        checks.append(c)
        if len(subs) >= BATCH * 5:
            _copy(cur, subs, checks)
    _copy(cur, subs, checks)
    conn.commit()
    cur.execute(
        "SELECT setval(pg_get_serial_sequence('submission', 'id'), (SELECT max(id) FROM submission))"
    )
    conn.commit()
    conn.autocommit = True
    cur.execute("VACUUM ANALYZE submission")
    cur.execute("VACUUM ANALYZE company")
    cur.execute("VACUUM ANALYZE netzero_check")


def _copy(cur, subs: list, checks: list) -> None:
    with cur.copy(f"COPY submission ({', '.join(SUBMISSION_COLUMNS)}) FROM STDIN") as copy:
        for row in subs:
            copy.write_row(row)
    with cur.copy(f"COPY netzero_check ({', '.join(NETZERO_COLUMNS)}) FROM STDIN") as copy:
        for row in checks:
            copy.write_row(row)
    subs.clear()
    checks.clear()
