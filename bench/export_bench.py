"""Export benchmarks: the app's CSV/XLSX export over HTTP against references from a cursor.

The references write the same columns, rows, filter and order as the app's export:
`csv.writer` (and `xlsxwriter` in constant-memory mode) straight from a DB-API cursor, which is
as fast as a Python exporter can be, and for scale the `sqlite3 -csv` / `psql \\copy` tools.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from smeup.forms.company import COMPANY_FIELDS

from .database import dbapi_connect
from .web import Download, Session, download

# The officer's filters: a date range and a channel (every tenth filled row is left out).
FILTERS = {"date_from": "2025-12-01", "date_to": "2099-12-31", "channel": "web"}
EXPORT_PATH = "/console/netzero/export.{fmt}"
# Stored UTC bounds of FILTERS' Taipei dates (UTC+8).
_FROM = datetime(2025, 11, 30, 16)
_TO = datetime(2099, 12, 31, 16)

# Export key -> SQL over submission s, netzero_check n, event e, "user" u (exports.md order).
_EXPRESSIONS = {
    "id": "s.id",
    "submitted_at": "s.submitted_at",
    "channel": "s.channel",
    "event": "e.name",
    "entered_by": "u.username",
    "status": "s.status",
    **{k: f"s.{k}" for k in COMPANY_FIELDS},
    **{
        k: f"n.{k}"
        for k in [
            "data_year",
            "electricity_kwh",
            "natural_gas_m3",
            "lpg_kg",
            "diesel_l",
            "gasoline_l",
            "fuel_oil_l",
            "cbam_export",
            "supply_chain_request",
            "listed_company",
            "supplier_to_listed",
            "has_inventory",
            "has_target",
            "scope1_tco2e",
            "scope2_tco2e",
            "total_tco2e",
            "urgency",
            "urgency_reasons",
            "prescriptions",
            "factor_version",
            "rules_version",
        ]
    },
}
DEFAULT_COLUMNS = list(_EXPRESSIONS)


def export_url(fmt: str) -> str:
    """The app's export URL with the benchmark's filters, headed by field keys (the 欄位代碼
    option): the references select the columns the header names, and zh-Hant labels (the
    default) would name none of them, leaving the references nothing but NULLs to write."""
    query = "&".join(f"{k}={v}" for k, v in {**FILTERS, "headers": "keys"}.items())
    return EXPORT_PATH.format(fmt=fmt) + "?" + query


def reference_sql(columns: list[str], sqlite: bool) -> tuple[str, tuple]:
    """The export's select as plain SQL, with its parameters."""
    select = ", ".join(_expression(c, sqlite) for c in columns)
    mark = "?" if sqlite else "%s"
    bounds: tuple = (_FROM, _TO)
    if sqlite:
        bounds = tuple(b.strftime("%Y-%m-%d %H:%M:%S.%f") for b in bounds)
    sql = (
        f"SELECT {select} FROM submission s "
        "JOIN netzero_check n ON n.submission_id = s.id "
        "LEFT JOIN event e ON e.id = s.event_id "
        'LEFT JOIN "user" u ON u.id = s.entered_by_id '
        f"WHERE s.form_type = 'netzero' AND s.channel = 'web' "
        f"AND s.submitted_at >= {mark} AND s.submitted_at < {mark} "
        "ORDER BY s.submitted_at DESC, s.id DESC"
    )
    return sql, bounds


def _expression(column: str, sqlite: bool) -> str:
    expression = _EXPRESSIONS[column]  # a header the references cannot read is a bench bug
    # JSON lists come out as text, as they would be written (psycopg would parse them).
    if not sqlite and column in ("urgency_reasons", "prescriptions"):
        expression += "::text"
    return expression


def _cursor(conn, url: str):
    # A server-side cursor on PostgreSQL, as the app's export uses: memory stays flat.
    if url.startswith("sqlite"):
        return conn.cursor()
    cur = conn.cursor(name="bench_export")
    cur.itersize = 2000
    return cur


@dataclass(frozen=True)
class Timed:
    """Rows written and the seconds it took."""

    rows: int
    seconds: float

    @property
    def rows_per_s(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def reference_csv(url: str, columns: list[str]) -> Timed:
    """csv.writer over a DB-API cursor, writing UTF-8 to /dev/null."""
    sql, params = reference_sql(columns, url.startswith("sqlite"))
    conn = dbapi_connect(url)
    start = time.perf_counter()
    rows = 0
    try:
        cur = _cursor(conn, url)
        cur.execute(sql, params)
        with open(os.devnull, "w", encoding="utf-8", newline="") as sink:
            writer = csv.writer(sink, lineterminator="\r\n")
            writer.writerow(columns)
            while batch := cur.fetchmany(2000):
                writer.writerows(batch)
                rows += len(batch)
    finally:
        conn.close()
    return Timed(rows, time.perf_counter() - start)


def reference_xlsx(url: str, columns: list[str]) -> Timed:
    """xlsxwriter in constant-memory mode over a DB-API cursor, to a temporary file."""
    import xlsxwriter

    sql, params = reference_sql(columns, url.startswith("sqlite"))
    conn = dbapi_connect(url)
    path = Path(tempfile.mkstemp(suffix=".xlsx")[1])
    start = time.perf_counter()
    rows = 0
    try:
        book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "tmpdir": "/tmp"})
        sheet = book.add_worksheet("export")
        sheet.write_row(0, 0, columns)
        cur = _cursor(conn, url)
        cur.execute(sql, params)
        while batch := cur.fetchmany(2000):
            for row in batch:
                rows += 1
                sheet.write_row(rows, 0, row)
        book.close()
    finally:
        conn.close()
        path.unlink(missing_ok=True)
    return Timed(rows, time.perf_counter() - start)


def _literal_sql(columns: list[str], sqlite: bool) -> str:
    sql, params = reference_sql(columns, sqlite)
    for value in params:
        text = value if isinstance(value, str) else value.isoformat(" ")
        sql = sql.replace("?" if sqlite else "%s", f"'{text}'", 1)
    return sql


def tool_csv(url: str, columns: list[str]) -> Timed | None:
    """`sqlite3 -csv` (SQLite) or `psql \\copy ... csv` (PostgreSQL) to /dev/null."""
    sqlite = url.startswith("sqlite")
    sql = _literal_sql(columns, sqlite)
    if sqlite:
        if not shutil.which("sqlite3"):
            return None
        command = ["sqlite3", "-csv", "-header", url[len("sqlite:///") :], sql]
    else:
        if not shutil.which("psql"):
            return None
        command = ["psql", "-q", url, "-c", f"\\copy ({sql}) TO STDOUT WITH CSV HEADER"]
    start = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        subprocess.run(command, stdout=sink, check=True)
    seconds = time.perf_counter() - start
    return Timed(_count_rows(url), seconds)


def _count_rows(url: str) -> int:
    sql, params = reference_sql(["id"], url.startswith("sqlite"))
    conn = dbapi_connect(url)
    try:
        cur = conn.cursor()
        cur.execute(f"SELECT count(*) FROM ({sql.split(' ORDER BY')[0]}) x", params)
        return cur.fetchone()[0]
    finally:
        conn.close()


def expected_rows(url: str) -> int:
    """How many rows the filtered export should hold."""
    return _count_rows(url)


def app_export(session: Session, fmt: str) -> Download:
    """Download the app's export (the officer's session) and check it answered 200."""
    got = download(session, export_url(fmt))
    if got.status != 200:
        raise RuntimeError(f"export {fmt} answered {got.status}: {got.head[:300]!r}")
    return got


def csv_header(got: Download) -> list[str]:
    """The export's header keys, read from its first line."""
    first = got.head.split(b"\r\n", 1)[0].decode("utf-8-sig")
    return next(csv.reader([first]))
