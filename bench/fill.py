"""Fill many net-zero submissions fast, straight through SQL (executemany / COPY).

Rows look like real ones: answers varied, the assessment computed by the app's own code for a
few dozen variants and reused. Every tenth row is a roadshow one, so the benchmark's filter
(channel=web) leaves rows out for real.

With `companies` the fill looks like a programme's year (issue 30): the rows spread over a
year, 3 in 10 without a 統一編號 (a shop that fills several forms under the same name and
phone; a third of them a registered company that left the number out), the others linked to
about 0.3 × rows companies (one per 統一編號, named after its latest row), one of which has a
tenth of all rows (100,000 in a million) and five 0.5 % each (5,000); names repeat their words
the way real ones do (五金 in one name in eight). Referrals of one prescription item in every
ten rows to 工研院 (100,000 in a million) and one in twenty to 塑膠中心, each with its opening
move, in every status; a status change in 50 rows, a note in 100; a 數位轉型 shop per 100
companies with a year of monthly records.

The rows and the companies they name: bench/fill_rows.py and bench/fill_companies.py; writing
them: bench/fill_write.py; the register's rows beside them: bench/fill_register.py.
"""

from __future__ import annotations

from .database import dbapi_connect
from .fill_companies import BIG, LARGE, register_name, register_ubn
from .fill_rows import _companies, _rows, _variants
from .fill_write import _fill_companies, _fill_postgres, _fill_sqlite, _rebuild_rollup

# What the console bench reads of the realistic fill (bench/console_bench.py).
__all__ = ["BIG", "LARGE", "fill", "max_id", "register_name", "register_ubn"]


def max_id(url: str) -> int:
    """The highest submission id so far (0 when empty)."""
    conn = dbapi_connect(url)
    try:
        cur = conn.cursor()
        cur.execute("SELECT coalesce(max(id), 0) FROM submission")
        return cur.fetchone()[0]
    finally:
        conn.close()


def fill(url: str, total: int, companies: bool = False) -> int:
    """Add net-zero submissions until the table holds `total`; return how many were added."""
    from smeup.workflow import initial_status

    first = max_id(url) + 1
    count = total - (first - 1)
    if count <= 0:
        return 0
    rows = _rows(first, count, initial_status("netzero"), _variants(), companies, total)
    conn = dbapi_connect(url)
    sqlite = url.startswith("sqlite")
    try:
        if companies:  # first: the rows refer to them
            _fill_companies(conn, _companies(first, count, total), sqlite)
        if sqlite:
            _fill_sqlite(conn, rows)
        else:
            _fill_postgres(conn, rows)
        if companies:
            from .fill_register import fill_register

            fill_register(conn, sqlite, first, count, total)
        _rebuild_rollup(conn, "sqlite" if sqlite else "postgresql")
    finally:
        conn.close()
    return count
