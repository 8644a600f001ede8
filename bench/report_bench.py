"""成果報告 (report.md) at two sizes: the report's latency with 10,000 and 1,000,000 submissions.

quality.md: with 1,000,000 submissions the programme report may take at most 2× what it takes
with 10,000, under the same server settings. As the console's bench (console_bench.py), two
servers run side by side, one per database size, and a signed-in officer fetches each page from
them in turns; the median counts. bench/fill.py with companies=True (the register's fill)
spreads its rows over 2026, so each quarter holds about a quarter of them at either size:

- "quarter" is 115年第1季 (the officer's real case: a quarter of a national programme, about
  2,500 rows at 10,000 and 250,000 at 1,000,000);
- "one day" is 2026-01-01 (about 27 rows and 2,700): the cost of the report's fixed part;
- "headline" is the dashboard's box (the current quarter of the machine's clock).

  python -m bench.report_bench --db sqlite --big 100000     # run on its own
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from . import fill, server
from .database import DEFAULT_POSTGRES, create_postgres, create_schema, drop_postgres, sqlite_url
from .report import Row, print_table
from .web import Session

REPORT_PAGES = {
    "quarter": "/console/report/?period=q:2026-1",
    "quarter, one county": "/console/report/?period=q:2026-1&county=" + quote("臺中市"),
    "one day": "/console/report/?from=2026-01-01&to=2026-01-01",
    "headline": "/console/report/headline",
}


def _fetch_ms(session: Session, path: str) -> float:
    started = time.perf_counter()
    answer = session.get(path)
    elapsed = (time.perf_counter() - started) * 1000
    if answer.status != 200:
        raise RuntimeError(f"GET {path} answered {answer.status}")
    return elapsed


def side_by_side(small: Session, big: Session, repeats: int) -> tuple[dict, dict]:
    """Median milliseconds per page on the small and the big server, fetched in turns."""
    at_small, at_big = {}, {}
    for name, path in REPORT_PAGES.items():
        times: dict[int, list[float]] = {0: [], 1: []}
        for session in (small, big):
            _fetch_ms(session, path)  # warm-up
        for _ in range(repeats):
            for side, session in enumerate((small, big)):
                times[side].append(_fetch_ms(session, path))
        at_small[name] = statistics.median(times[0])
        at_big[name] = statistics.median(times[1])
    return at_small, at_big


def rows(db: str, small: int, big: int, at_small: dict, at_big: dict) -> list[Row]:
    """One row per page: latency at `big` beside latency at `small`, target ≤ 2×."""
    out = []
    for name, big_ms in at_big.items():
        small_ms = at_small[name]
        ratio = big_ms / small_ms if small_ms else float("inf")
        out.append(
            Row(
                f"report {name}: {big:,} vs {small:,} rows",
                db,
                "1",
                f"{big_ms:.1f} ms",
                f"{small_ms:.1f} ms",
                f"{ratio:.2f}×",
                "≤ 2×",
                ratio <= 2,
            )
        )
    return out


def _small_database(url: str) -> str:
    if url.startswith("sqlite:///"):
        return sqlite_url(Path(url[len("sqlite:///") :]).with_name("report-small.sqlite3"))
    return create_postgres("smeup_bench_report_small", url)


def _officer_again(url: str) -> None:
    """A kept database's bench officer gets this run's password (server.OFFICER is per run)."""
    from smeup import create_app
    from smeup.extensions import db
    from smeup.models import User

    from .database import sqlalchemy_url

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": sqlalchemy_url(url),
            "SECRET_KEY": server.BENCH_SECRET,
            "SMEUP_ENV": "development",
            "INSTANCE_PATH": tempfile.mkdtemp(prefix="smeup-bench-instance-"),
        }
    )
    with app.app_context():
        db.session.scalar(db.select(User).filter_by(username=server.OFFICER[0])).set_password(
            server.OFFICER[1]
        )
        db.session.commit()
        db.engine.dispose()


def report(
    url: str, db: str, small_rows: int, big_rows: int, repeats: int, notes: list, reuse=False
) -> list:
    """The report's pages with small_rows and big_rows submissions, side by side.

    reuse: the two SQLite files of an earlier run are kept as they are (no new fill).
    """
    small_url = _small_database(url)
    try:
        if reuse:
            _officer_again(small_url)
            _officer_again(url)
        else:
            create_schema(small_url)
            fill.fill(small_url, small_rows, companies=True)
            create_schema(url)
            started = time.perf_counter()
            fill.fill(url, big_rows, companies=True)
            notes.append(
                f"{db}: report database filled with {big_rows:,} rows in "
                f"{time.perf_counter() - started:.0f} s"
            )
        with (
            server.start("wsgi:app", server.app_env(small_url), workers=1) as small_app,
            server.start("wsgi:app", server.app_env(url), workers=1, timeout=300) as big_app,
        ):
            sessions = []
            for app in (small_app, big_app):
                session = Session(app.url)
                session.login(*server.OFFICER)
                sessions.append(session)
            at_small, at_big = side_by_side(*sessions, repeats=repeats)
    finally:
        if small_url.startswith("postgresql"):
            drop_postgres(small_url)
    return rows(db, small_rows, big_rows, at_small, at_big)


def run(url: str, db: str, s, notes: list[str]) -> list[Row]:
    """For bench/__main__.py: the console's sizes (s.console_small, s.console_rows)."""
    return report(url, db, s.console_small, s.console_rows, 5 if s.quick else 11, notes)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.report_bench")
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--big", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=11)
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES)
    parser.add_argument("--reuse", help="a kept report.sqlite3 (its report-small beside it)")
    args = parser.parse_args(argv)
    notes: list[str] = []
    if args.reuse:
        url = sqlite_url(Path(args.reuse))
    elif args.db == "sqlite":
        url = sqlite_url(Path(tempfile.mkdtemp(prefix="smeup-bench-")) / "report.sqlite3")
    else:
        url = create_postgres("smeup_bench_report", args.postgres_url)
    try:
        table = report(url, args.db, args.small, args.big, args.repeats, notes, bool(args.reuse))
    finally:
        if args.db == "postgres":
            drop_postgres(url)
    print_table(table, f"smeup report bench — {args.db}")
    for note in notes:
        print(f"  * {note}")
    return 0 if all(r.passed for r in table) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
