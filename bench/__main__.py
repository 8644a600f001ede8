"""`python -m bench` (make bench): measure quality.md's speed targets and print one table.

Every rate is a ratio to a reference run beside it on this machine, in this run.
  python -m bench                  # SQLite and PostgreSQL, 1,000,000 exported rows
  python -m bench --quick          # a smoke test: short runs, 20,000 rows
  python -m bench --rows 200000 --db sqlite --skip pages
  python -m bench --db sqlite --only console   # the console at 10,000 and 1,000,000 rows
  python -m bench --only training --only report  # 實戰培訓 pages, the 成果報告
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
import traceback
from pathlib import Path

import psycopg

from . import digital_bench, report_bench, runs, training_bench
from .database import DEFAULT_POSTGRES, create_postgres, create_schema, drop_postgres, sqlite_url
from .report import Row, print_table, save

PARTS = ("load", "exports", "pages", "console", "digital", "report", "training")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="short runs, 20,000 rows")
    parser.add_argument("--rows", type=int, help="rows in the big export (default 1,000,000)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (make run: 2)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=float, help="seconds per load measurement (10)")
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("SMEUP_BENCH_POSTGRES_URL", DEFAULT_POSTGRES),
        help="a PostgreSQL server; the database smeup_bench is (re)created on it",
    )
    parser.add_argument("--skip", action="append", choices=PARTS, default=[])
    parser.add_argument("--only", action="append", choices=PARTS, help="run only these parts")
    parser.add_argument(
        "--console-rows",
        type=int,
        help="submissions for the console's big run (default 1,000,000; quick 20,000)",
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    return parser.parse_args(argv)


def settings(args: argparse.Namespace) -> runs.Settings:
    rows = args.rows or (20_000 if args.quick else 1_000_000)
    return runs.Settings(
        workers=args.workers,
        seconds=args.seconds or (3 if args.quick else 10),
        connections=args.connections,
        rows=rows,
        small_rows=min(10_000, max(1, rows // 10)),
        quick=args.quick,
        rounds=1 if args.quick else 3,
        console_small=1_000 if args.quick else 10_000,
        console_rows=args.console_rows or (20_000 if args.quick else 1_000_000),
    )


def databases(args: argparse.Namespace, notes: list[str]) -> list[tuple[str, str]]:
    """(name, url) of each database to run on; PostgreSQL is skipped (noted) when unreachable."""
    chosen = []
    if args.db in ("sqlite", "both"):
        folder = Path(tempfile.mkdtemp(prefix="smeup-bench-"))
        chosen.append(("sqlite", sqlite_url(folder / "bench.sqlite3")))
    if args.db in ("postgres", "both"):
        try:
            name = os.environ.get("SMEUP_BENCH_POSTGRES_DB", "smeup_bench")
            chosen.append(("postgres", create_postgres(name, args.postgres_url)))
        except psycopg.OperationalError as exc:
            notes.append(f"PostgreSQL skipped: {args.postgres_url} unreachable ({exc})")
    return chosen


def _guarded(run, *args, label: str = ""):
    """Run one part; a crash becomes a FAIL row (and a traceback) instead of losing the table."""
    try:
        return run(*args)
    except Exception as exc:  # noqa: BLE001 - report and go on with the other parts
        traceback.print_exc()
        name = label or args[1]
        return [
            Row(
                f"{run.__name__} crashed: {type(exc).__name__}",
                name,
                "—",
                str(exc)[:60],
                passed=False,
            )
        ]


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.only:
        args.skip = [p for p in PARTS if p not in args.only]
    s = settings(args)
    notes: list[str] = []
    rows = []
    started = time.perf_counter()
    pages_done = False
    for name, url in databases(args, notes):
        print(f"== {name}: {url}", flush=True)
        create_schema(url)
        if "load" not in args.skip:
            print("   request rates (wrk)...", flush=True)
            rows += _guarded(runs.request_rates, url, name, s, notes)
        if "pages" not in args.skip and not pages_done:  # the same on every database
            print("   page weight (chromium)...", flush=True)
            create_schema(url)
            rows += _guarded(runs.pages, url, notes, label=f"{name} pages")
            pages_done = True
        if "exports" not in args.skip:
            print(f"   exports ({s.rows:,} rows)...", flush=True)
            rows += _guarded(runs.exports, url, name, s, notes)
        if "console" not in args.skip:
            print(f"   console ({s.console_small:,} and {s.console_rows:,} rows)...", flush=True)
            rows += _guarded(runs.console, url, name, s, notes)
        if "digital" not in args.skip:
            print("   數位轉型 import preview and grid...", flush=True)
            create_schema(url)
            rows += _guarded(digital_bench.digital, url, name, s.rounds)
        if "report" not in args.skip:
            print(f"   成果報告 ({s.console_small:,} and {s.console_rows:,} rows)...", flush=True)
            rows += _guarded(report_bench.run, url, name, s, notes)
        if "training" not in args.skip:
            print("   實戰培訓 pages (1,000 and 100,000 registrations)...", flush=True)
            create_schema(url)
            rows += _guarded(training_bench.training, url, name, s.rounds)
        if name == "postgres":
            drop_postgres(url)
    header = (
        f"smeup bench — {platform.node()}, {os.cpu_count()} CPUs, gunicorn sync workers "
        f"(load: {s.workers}, exports: 1), wrk {s.connections} connections × {s.seconds:g} s, "
        f"{time.perf_counter() - started:.0f} s in all"
    )
    print_table(rows, header)
    for note in notes:
        print(f"  * {note}")
    path = save(rows, notes, {"settings": s.__dict__, "argv": argv})
    print(f"\nsaved to {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    return 1 if args.strict and any(r.passed is False for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
