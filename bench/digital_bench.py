"""數位轉型 benchmarks: a 10,000-row import preview and the site × month grid over 4,800 records.

Each beside its reference on this machine, in this run: reading the same file with the csv
module / openpyxl read-only (what no import can beat), and the grid's bare GROUP BY through
the DB-API. In-process (no HTTP server): the preview's work is parsing and one diff.
"""

from __future__ import annotations

import csv
import io
import random
import statistics
import tempfile
import time

from .database import dbapi_connect, sqlalchemy_url
from .report import Row
from .server import BENCH_SECRET

IMPORT_ROWS = 10_000
BIG_IMPORT_ROWS = 100_000  # quality.md: ≤ 12× the cost of 10,000 (linear)
LINEAR_LIMIT = 12.0
SHOPS = 200
IMPORT_SHOPS = 2_000  # the files name 2,000 shops: 5 months each at 10,000 rows, 50 at 100,000
MONTHS = 24
PREVIEW_MIN_SHARE = 0.3  # quality.md: the preview at ≥ 0.3 of reading the file alone
GRID_LIMIT_S = 1.0


def _app(url: str):
    from smeup import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": sqlalchemy_url(url),
            "SECRET_KEY": BENCH_SECRET,
            "SMEUP_ENV": "development",
            "RATELIMIT_ENABLED": False,
            "INSTANCE_PATH": tempfile.mkdtemp(prefix="smeup-bench-instance-"),
        }
    )


def _seed(app) -> list[str]:
    """200 shops over the four sites with 24 months each; returns the shop names."""
    from smeup.digital.months import add_months
    from smeup.extensions import db
    from smeup.models.digital import MonthlyRecord, Shop, Site
    from smeup.reference.sites import ensure_seeded_sites

    rng = random.Random(13)  # noqa: S311 - bench data
    with app.app_context():
        ensure_seeded_sites()
        db.session.flush()
        site_ids = list(db.session.scalars(db.select(Site.id)))
        shops = [
            Shop(
                site_id=site_ids[i % len(site_ids)],
                name=f"效能測試店{i:03d}",
                tool_category="pos",
                usage_unit="交易筆數",
                enrolled_month="2024-01",
                phone="",
                vendor="",
                status="active",
            )
            for i in range(SHOPS)
        ]
        db.session.add_all(shops)
        db.session.flush()
        db.session.add_all(
            MonthlyRecord(
                shop_id=shop.id,
                month=add_months("2024-01", m),
                usage=rng.randint(10, 500),
                orders=rng.randint(10, 500),
                net_sales=rng.randint(1000, 900_000),
                visit_note="",
            )
            for shop in shops
            for m in range(MONTHS)
        )
        db.session.commit()
        return [s.name for s in shops]


def _import_shops(app) -> list[str]:
    """2,000 shops the import files name: the 200 with 24 months stored, and 1,800 without."""
    from smeup.extensions import db
    from smeup.models.digital import Shop, Site

    with app.app_context():
        site_ids = list(db.session.scalars(db.select(Site.id)))
        db.session.add_all(
            Shop(
                site_id=site_ids[i % len(site_ids)],
                name=f"匯入測試店{i:04d}",
                tool_category="pos",
                usage_unit="交易筆數",
                enrolled_month="2022-01",
                phone="",
                vendor="",
                status="active",
            )
            for i in range(IMPORT_SHOPS - SHOPS)
        )
        db.session.commit()
        return list(db.session.scalars(db.select(Shop.name).order_by(Shop.id)))


def _files(names: list[str], count: int = IMPORT_ROWS) -> tuple[bytes, bytes]:
    """The same `count` rows as CSV and XLSX: every shop's latest months up to 2026-10, so
    the 200 shops with stored months have some of them already and the rest are new."""
    import xlsxwriter

    from smeup.digital.months import add_months

    rng = random.Random(7)  # noqa: S311 - bench data
    header = ["店家名稱", "月份", "使用量", "訂單數", "淨銷售額"]
    months = count // len(names)
    rows = []
    for i in range(count):
        name = names[i % len(names)]
        month = add_months("2026-10", -(i // len(names)) if months else 0)
        rows.append([name, month, rng.randint(1, 900), rng.randint(1, 900), rng.randint(1, 10**6)])
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows([header, *rows])
    xlsx = io.BytesIO()
    book = xlsxwriter.Workbook(xlsx, {"in_memory": True})
    sheet = book.add_worksheet()
    for r, row in enumerate([header, *rows]):
        sheet.write_row(r, 0, row)
    book.close()
    return text.getvalue().encode("utf-8-sig"), xlsx.getvalue()


def _best(run, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times) if rounds < 3 else statistics.median(times)


def _row(what, db, measured, reference, limit) -> Row:
    """The grid: time against a bound (quality.md sets no ratio for it)."""
    return Row(
        what,
        db,
        "1",
        f"{measured:.2f} s",
        f"{reference:.3f} s",
        f"{measured / reference:.1f}×" if reference else "—",
        f"< {limit:g} s",
        measured < limit,
    )


def _share_row(what, db, measured, reference) -> Row:
    """An import preview: its rows/s as a share of the reference's (quality.md: ≥ 0.3)."""
    share = reference / measured if measured else 0.0
    return Row(
        what,
        db,
        "1",
        f"{IMPORT_ROWS / measured:,.0f} rows/s",
        f"{IMPORT_ROWS / reference:,.0f} rows/s",
        f"{share:.3f}",
        f"≥ {PREVIEW_MIN_SHARE}",
        share >= PREVIEW_MIN_SHARE,
    )


def _info_share_row(what, db, measured, reference) -> Row:
    """The CSV preview beside a bare parse: printed for information (quality.md, revised)."""
    row = _share_row(what, db, measured, reference)
    row.target, row.passed = "—", None
    return row


def _linear_row(what, db, big, small) -> Row:
    """100,000 rows against 10,000 of the same file: ≤ 12× (linear, matching batched)."""
    ratio = big / small if small else 0.0
    return Row(
        what,
        db,
        "1",
        f"{big:.2f} s",
        f"{small:.3f} s",
        f"{ratio:.1f}×",
        f"≤ {LINEAR_LIMIT:g}×",
        ratio <= LINEAR_LIMIT,
    )


def digital(url: str, db: str, rounds: int) -> list[Row]:
    """Import preview (CSV and XLSX) and the grid, each beside its reference."""
    from datetime import date

    from openpyxl import load_workbook

    from smeup.digital.grid import site_month_grid
    from smeup.digital.import_file import read_file
    from smeup.digital.importing import preview

    app = _app(url)
    _seed(app)
    names = _import_shops(app)
    csv_bytes, xlsx_bytes = _files(names)
    big_csv, big_xlsx = _files(names, BIG_IMPORT_ROWS)
    today = date(2026, 11, 30)

    def preview_of(name: str, content: bytes, count: int = IMPORT_ROWS):
        with app.app_context():
            result = preview(read_file(name, content), today, 10)
            assert len(result.rows) == count

    def read_csv_module():
        assert sum(1 for _ in csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig")))) > IMPORT_ROWS

    def read_openpyxl():
        book = load_workbook(io.BytesIO(xlsx_bytes), read_only=True)
        assert sum(1 for _ in book.worksheets[0].iter_rows(values_only=True)) > IMPORT_ROWS
        book.close()

    def grid_page():
        with app.test_request_context(), app.app_context():
            grid = site_month_grid("net_sales", "2025-12", MONTHS)
            assert sum(c.reporting for c in grid.totals) == SHOPS * MONTHS

    def grid_sql():
        conn = dbapi_connect(url)
        try:
            cur = conn.cursor()
            cur.execute(
                "SELECT s.site_id, r.month, sum(r.net_sales), count(r.net_sales)"
                " FROM monthly_record r JOIN shop s ON s.id = r.shop_id"
                " WHERE r.month BETWEEN '2024-01' AND '2025-12' GROUP BY s.site_id, r.month"
            )
            assert len(cur.fetchall()) == 4 * MONTHS
        finally:
            conn.close()

    small_csv = _best(lambda: preview_of("m.csv", csv_bytes), rounds)
    small_xlsx = _best(lambda: preview_of("m.xlsx", xlsx_bytes), rounds)
    big_rounds = max(1, min(rounds, 3))
    rows = [
        _info_share_row(
            f"import preview, {IMPORT_ROWS:,}-row CSV (info: a bare csv parse)",
            db,
            small_csv,
            _best(read_csv_module, rounds),
        ),
        _share_row(
            f"import preview, {IMPORT_ROWS:,}-row XLSX (ref: openpyxl read-only)",
            db,
            small_xlsx,
            _best(read_openpyxl, rounds),
        ),
        _linear_row(
            "import preview CSV, 100,000 rows (ref: the same at 10,000)",
            db,
            _best(lambda: preview_of("b.csv", big_csv, BIG_IMPORT_ROWS), big_rounds),
            small_csv,
        ),
        _linear_row(
            "import preview XLSX, 100,000 rows (ref: the same at 10,000)",
            db,
            _best(lambda: preview_of("b.xlsx", big_xlsx, BIG_IMPORT_ROWS), big_rounds),
            small_xlsx,
        ),
        _row(
            f"site × month grid, {SHOPS} shops × {MONTHS} months (ref: bare GROUP BY)",
            db,
            _best(grid_page, rounds),
            _best(grid_sql, rounds),
            GRID_LIMIT_S,
        ),
    ]
    with app.app_context():
        from smeup.extensions import db as sqla

        sqla.engine.dispose()
    return rows
