"""The three benchmark runs: request rates, exports, page weight. Each returns table rows."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from . import console_bench, export_bench, fill, load, page_weight, server
from .database import create_postgres, create_schema, drop_postgres, sqlite_url
from .report import Row, limit_row, ratio_row

MB = 1024  # KiB per MiB


@dataclass(frozen=True)
class Settings:
    """What one `python -m bench` run was asked for."""

    workers: int
    seconds: float
    connections: int
    rows: int
    small_rows: int
    quick: bool
    rounds: int = 3
    console_small: int = 10_000
    console_rows: int = 1_000_000


def request_rates(url: str, db: str, s: Settings, notes: list[str]) -> list[Row]:
    """GET the form and POST a check under wrk, each against the bare-Flask reference.

    The machine is shared, so the three are measured in interleaved rounds and the median
    round counts: a burst of someone else's work hits app and reference alike.
    """
    env = server.app_env(url)
    w = s.workers
    options = {"connections": s.connections, "seconds": s.seconds}
    refs, gets, ref_posts, posts, minimal_posts = [], [], [], [], []
    stored = answered = 0
    _reference_table(url)
    with (
        server.start("bench.reference_app:app", env, workers=w, ready_path="/") as ref,
        server.start("bench.minimal_post_app:app", env, workers=w) as minimal,
        server.start("wsgi:app", env, workers=w) as app,
    ):
        load.get_load(ref.url + "/", connections=s.connections, seconds=2)
        load.get_load(app.url + "/netzero/", connections=s.connections, seconds=2)
        for _round in range(s.rounds):
            refs.append(load.get_load(ref.url + "/", **options))
            gets.append(load.get_load(app.url + "/netzero/", **options))
            before = _rows(url)
            posts.append(load.post_load(app.url + "/netzero/", **options))
            time.sleep(0.5)  # let requests still in flight when wrk stopped finish
            stored += _rows(url) - before
            answered += posts[-1].requests
            ref_posts.append(
                load.post_load(app.url + "/netzero/", target_url=ref.url + "/submit", **options)
            )
            minimal_posts.append(
                load.post_load(
                    app.url + "/netzero/", target_url=minimal.url + "/minimal-post", **options
                )
            )
        tracebacks = sum(srv.log().count("Traceback") for srv in (app, ref, minimal))
    reference, got, posted = _median(refs), _median(gets), _median(posts)
    ref_posted, minimal_posted = _median(ref_posts), _median(minimal_posts)
    unit = "req/s"
    rows = [
        Row(
            "reference: bare Flask GET",
            db,
            str(w),
            f"{reference.rps:,.0f} {unit}",
            target=f"p99 {reference.p99_ms:.0f} ms",
        ),
        ratio_row(
            "GET net-zero form (blank page cached)", db, w, got.rps, reference.rps, unit, 0.2
        ),
        limit_row("GET net-zero form p99", db, str(w), got.p99_ms, "ms", 100),
        Row(
            "reference: the same stack's minimal POST (form, CSRF, limit, ORM insert)",
            db,
            str(w),
            f"{minimal_posted.rps:,.0f} {unit}",
            target=f"p99 {minimal_posted.p99_ms:.0f} ms",
        ),
        # quality.md, revised 2026-12-07: the minimal route of the same stack is the reference.
        ratio_row("POST valid check", db, w, posted.rps, minimal_posted.rps, unit, 0.5),
        limit_row(
            "POST valid check p99 (× its own median)",
            db,
            str(w),
            posted.p99_ms / posted.p50_ms if posted.p50_ms else 0.0,
            "×",
            2.5,
            ".2f",
        ),
        Row(
            "info: bare Flask POST, form read, 1 row inserted",
            db,
            str(w),
            f"{ref_posted.rps:,.0f} {unit}",
            f"{posted.rps:,.0f} {unit}",
            f"{posted.rps / ref_posted.rps:.2f}" if ref_posted.rps else "—",
        ),
    ]
    notes.append(
        f"{db}: rounds (req/s) reference {_spread(refs)}, GET {_spread(gets)}, "
        f"reference POST {_spread(ref_posts)}, minimal POST {_spread(minimal_posts)}, "
        f"POST {_spread(posts)}"
    )
    errors = sum(r.errors for r in gets + posts + ref_posts + minimal_posts)
    if errors or tracebacks:
        notes.append(
            f"{db}: {errors} non-2xx/3xx or socket errors under load, "
            f"{tracebacks} tracebacks in the gunicorn log"
        )
    # wrk stops counting with requests still in flight: those may be stored unanswered.
    if not answered <= stored <= answered + s.connections * s.rounds:
        notes.append(f"{db}: POST was answered {answered} times but {stored} rows were stored")
    return rows


def _reference_table(url: str) -> None:
    from .database import dbapi_connect
    from .reference_app import create_table

    conn = dbapi_connect(url)
    try:
        create_table(conn, "sqlite" if url.startswith("sqlite") else "postgresql")
    finally:
        conn.close()


def _median(results: list[load.LoadResult]) -> load.LoadResult:
    return sorted(results, key=lambda r: r.rps)[len(results) // 2]


def _spread(results: list[load.LoadResult]) -> str:
    return "/".join(f"{r.rps:,.0f}" for r in results)


def _rows(url: str) -> int:
    from .database import count

    return count(url, "submission")


def console(url: str, db: str, s: Settings, notes: list[str]) -> list[Row]:
    """The console's pages with s.console_small and s.console_rows submissions, side by side."""
    small_url = _small_database(url)
    try:
        create_schema(small_url)
        fill.fill(small_url, s.console_small, companies=True)
        create_schema(url)
        started = time.perf_counter()
        fill.fill(url, s.console_rows, companies=True)
        notes.append(
            f"{db}: console database filled with {s.console_rows:,} rows in "
            f"{time.perf_counter() - started:.0f} s"
        )
        repeats = 5 if s.quick else 15
        with (
            server.start("wsgi:app", server.app_env(small_url), workers=1) as small_app,
            server.start("wsgi:app", server.app_env(url), workers=1) as big_app,
        ):
            sides = []
            for app, at in ((small_app, small_url), (big_app, url)):
                session = export_bench.Session(app.url)
                session.login(*server.OFFICER)
                sides.append((session, at))
            small, big = console_bench.side_by_side(*sides, repeats=repeats)
    finally:
        if small_url.startswith("postgresql"):
            drop_postgres(small_url)
    return console_bench.rows(db, s.console_small, s.console_rows, small, big)


def _small_database(url: str) -> str:
    """A second database beside `url` for the small console run."""
    if url.startswith("sqlite:///"):
        return sqlite_url(Path(url[len("sqlite:///") :]).with_name("console-small.sqlite3"))
    return create_postgres(url.rsplit("/", 1)[1] + "_small", url)


def exports(url: str, db: str, s: Settings, notes: list[str]) -> list[Row]:
    """CSV and XLSX exports at s.small_rows then s.rows, with memory, first byte and references."""
    create_schema(url)  # a clean table: only filled rows
    fill.fill(url, s.small_rows)
    env = server.app_env(url)
    # One worker each, so the serving process is known; a long timeout: see the notes.
    start = {"workers": 1, "timeout": 3600}
    with (
        server.start("wsgi:app", env, **start) as csv_app,
        server.start("wsgi:app", env, **start) as xlsx_app,
    ):
        sessions = {}
        for fmt, app in (("csv", csv_app), ("xlsx", xlsx_app)):
            session = export_bench.Session(app.url)
            session.login(*server.OFFICER)
            sessions[fmt] = session
        small = {
            fmt: _export(sessions[fmt], fmt, app)
            for fmt, app in (("csv", csv_app), ("xlsx", xlsx_app))
        }
        started = time.perf_counter()
        fill.fill(url, s.rows + s.rows // 9)  # every tenth row is filtered out
        notes.append(
            f"{db}: filled {s.rows + s.rows // 9:,} rows in {time.perf_counter() - started:.0f} s"
        )
        expected = export_bench.expected_rows(url)
        # Each reference runs right after the app's export, so both see the same machine.
        big = {"csv": _export(sessions["csv"], "csv", csv_app)}
        columns = export_bench.csv_header(big["csv"][0])
        ref_csv = export_bench.reference_csv(url, columns)
        tool = export_bench.tool_csv(url, columns)
        big["xlsx"] = _export(sessions["xlsx"], "xlsx", xlsx_app)
        ref_xlsx = export_bench.reference_xlsx(url, columns)
    return _export_rows(db, expected, small, big, ref_csv, ref_xlsx, tool, notes)


def _export(session, fmt: str, app: server.Server):
    pid = app.worker_pids()[0]
    server.reset_peak(pid)  # the peak of this export, not of the worker's start
    got = export_bench.app_export(session, fmt)
    return got, server.vm_kib(pid)


def _export_rows(db, expected, small, big, ref_csv, ref_xlsx, tool, notes) -> list[Row]:
    csv_got, csv_mem = big["csv"]
    xlsx_got, xlsx_mem = big["xlsx"]
    exported = csv_got.crlf - 1
    if exported != expected:
        notes.append(
            f"{db}: the CSV export held {exported:,} rows, the filter matches {expected:,}"
        )
    n = f"{expected:,} rows"
    csv_rate = expected / csv_got.total_s
    xlsx_rate = expected / xlsx_got.total_s
    rows = [
        ratio_row(f"CSV export {n} (HTTP)", db, 1, csv_rate, ref_csv.rows_per_s, "rows/s", 0.6),
        _growth_row("CSV export: peak memory growth", db, small["csv"][1], csv_mem),
        limit_row("CSV export: first byte", db, "1", csv_got.first_byte_s, "s", 1, ".2f"),
        ratio_row(f"XLSX export {n} (HTTP)", db, 1, xlsx_rate, ref_xlsx.rows_per_s, "rows/s", 0.6),
        _growth_row("XLSX export: peak memory growth", db, small["xlsx"][1], xlsx_mem),
        limit_row("XLSX export: first byte", db, "1", xlsx_got.first_byte_s, "s", 1, ".2f"),
    ]
    if tool is not None:
        name = "sqlite3 -csv" if db == "sqlite" else "psql \\copy csv"
        rows.append(
            Row(
                f"CSV export vs {name}",
                db,
                "1",
                f"{csv_rate:,.0f} rows/s",
                f"{tool.rows_per_s:,.0f} rows/s",
                f"{csv_rate / tool.rows_per_s:.2f}",
            )
        )
    for fmt, got in (("CSV", csv_got), ("XLSX", xlsx_got)):
        if got.total_s > 30:
            notes.append(
                f"{db}: the {fmt} export took {got.total_s:.0f} s: a sync worker at gunicorn's "
                "default --timeout 30 would be killed mid-download (make run and the README's "
                "deploy line use threads and --timeout 300)"
            )
    return rows


def _growth_row(what: str, db: str, small: dict, big: dict) -> Row:
    growth = (big["VmHWM"] - small["VmHWM"]) / MB
    return Row(
        what,
        db,
        "1",
        f"{growth:+.1f} MB",
        f"peak {small['VmHWM'] / MB:.0f} → {big['VmHWM'] / MB:.0f} MB",
        target="< 50 MB",
        passed=growth < 50,
    )


def pages(url: str, notes: list[str]) -> list[Row]:
    """Page weight of the forms and the throttled time until the form can be typed into."""
    from playwright.sync_api import sync_playwright

    from .database import first_survey_id

    env = server.app_env(url)
    with server.start("wsgi:app", env, workers=2) as app, sync_playwright() as pw:
        browser = page_weight.launch(pw)
        try:
            first, again = page_weight.measure_weight(browser, app.url + "/netzero/")
            rows = [
                limit_row(
                    "net-zero form, first visit", "—", "2", first.total / 1000, "KB", 60, ".1f"
                ),
                limit_row(
                    "net-zero form, repeat visit", "—", "2", again.total / 1000, "KB", 10, ".1f"
                ),
            ]
            survey = first_survey_id(url)
            if survey is not None:
                ranking, _ = page_weight.measure_weight(
                    browser, f"{app.url}/surveys/{survey}", repeat=False
                )
                rows.append(
                    limit_row(
                        "ranking survey, first visit",
                        "—",
                        "2",
                        ranking.total / 1000,
                        "KB",
                        80,
                        ".1f",
                    )
                )
            else:
                notes.append("no survey in the database: ranking page not measured")
            timings = sorted(
                (page_weight.measure_typable(browser, app.url + "/netzero/") for _ in range(3)),
                key=lambda t: t.typable,
            )
            timing = timings[1]  # the median of three cold loads
        finally:
            browser.close()
    rows.append(
        limit_row(
            "form typable (4× CPU, fast 3G)", "—", "2", timing.typable / 1000, "s", 1.5, ".2f"
        )
    )
    notes.append(
        f"throttled load: first contentful paint {timing.first_contentful_paint:.0f} ms, "
        f"DOMContentLoaded {timing.dom_content_loaded:.0f} ms (median of 3; all: "
        + ", ".join(f"{t.typable:.0f}" for t in timings)
        + " ms)"
    )
    if not first.compressed:
        notes.append(
            "no response is compressed (no Content-Encoding): first visit "
            + ", ".join(f"{u.rsplit('/', 1)[-1][:40]} {b / 1000:.1f} KB" for u, b, _ in first.items)
        )
    return rows
