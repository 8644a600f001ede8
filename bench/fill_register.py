"""The realistic fill's register rows beside the submissions (bench/fill.py, companies=True):
referrals with their opening moves, status changes, notes, 數位轉型 shops and their months.

Row n of the fill decides its own: a referral to 工研院 when n % 10 == 1 (100,000 in a million
rows), to 塑膠中心 when n % 20 == 2, in every status; a status change when n % 50 == 5, a note
when n % 100 == 7. A shop for every 100th company, enrolled in January, with 12 months.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from .fill_companies import (
    _mix,
    company_of,
    register_name,
    register_phone,
    register_size,
    register_ubn,
)
from .fill_rows import submitted_at
from .fill_write import _sqlite_values

REFERRAL = [
    "id",
    "company_id",
    "submission_id",
    "item_key",
    "item_title",
    "unit",
    "status",
    "check_at",
    "created_at",
    "moved_at",
    "days_to_contact",
]
MOVE = ["id", "referral_id", "company_id", "from_status", "to_status", "at"]
# Status changes and notes carry their form's company (written here, so the database's
# trigger finds it right: smeup/models/company_copies.py).
STATUS = ["id", "submission_id", "company_id", "from_status", "to_status", "at"]
NOTE = ["id", "submission_id", "company_id", "text", "at"]
SITE = ["id", "name", "county", "active", "created_at"]
SHOP = [
    "id",
    "site_id",
    "name",
    "ubn",
    "phone",
    "tool_category",
    "vendor",
    "usage_unit",
    "enrolled_month",
    "status",
    "created_at",
]
MONTH = ["id", "shop_id", "month", "usage", "orders", "net_sales", "visit_note", "created_at",
         "updated_at"]  # fmt: skip
ITEMS = {"itri": ("diagnosis", "健檢診斷"), "pidc": ("knowledge", "知識擴散")}
REFERRAL_STATUSES = ("待轉介",) * 6 + ("已轉介",) * 2 + ("已聯繫", "已完成")


def _unit(n: int) -> str | None:
    if n % 10 == 1:
        return "itri"
    if n % 20 == 2:
        return "pidc"
    return None


def _days_to_contact(n: int) -> float:
    """Days from check to 已聯繫 as real ones fall: to the second, most within a week or two,
    a tail to three weeks (0.2 + 20·u², u spread evenly over the rows)."""
    u = (n * 7919 % 9973) / 9973
    return round(0.2 + 20 * u * u, 5)


def _tables(first: int, count: int, total: int) -> dict[str, tuple[list[str], list[tuple]]]:
    referrals, moves, statuses, notes = [], [], [], []
    for n in range(first, first + count):
        at = submitted_at(n, total, True)
        company = company_of(n, total)
        unit = _unit(n)
        if unit:
            key, title = ITEMS[unit]
            status = REFERRAL_STATUSES[n // 20 % len(REFERRAL_STATUSES)]
            if company is not None and company < 7:  # one open per item and unit, as the
                status = "已完成"  # register keeps it: the many rows of a big company closed
            opened = at + timedelta(hours=4)
            days = _days_to_contact(n) if status in ("已聯繫", "已完成") else None
            referrals.append((n, company, n, key, title, unit, status, at, opened, opened, days))
            moves.append((n, n, company, None, "待轉介", opened))
        if n % 50 == 5:
            statuses.append((n, n, company, "已收件", "處理中", at + timedelta(days=2)))
        if n % 100 == 7:
            notes.append((n, n, company, "已電話聯繫，下週回訪", at + timedelta(days=1)))
    out = {
        "referral": (REFERRAL, referrals),
        "referral_move": (MOVE, moves),
        "status_change": (STATUS, statuses),
        "submission_note": (NOTE, notes),
    }
    if first == 1:
        out.update(_shops(total))
    return out


def _shops(total: int) -> dict[str, tuple[list[str], list[tuple]]]:
    made = datetime(2026, 1, 5)
    sites = [(1, "鹿港", "彰化縣", True, made)]
    shops, months = [], []
    for c in range(7, register_size(total), 100):
        shop = len(shops) + 1
        shops.append(
            (shop, 1, register_name(c), register_ubn(c), register_phone(c),
             "pos", "", "交易筆數", "2026-01", "active", made)
        )  # fmt: skip
        for m in range(1, 13):
            sales = 100_000 + _mix(shop * 12 + m) % 50_000
            months.append(
                (len(months) + 1, shop, f"2026-{m:02d}", 300 + m, 200 + m, sales, "", made, made)
            )
    return {"site": (SITE, sites), "shop": (SHOP, shops), "monthly_record": (MONTH, months)}


def fill_register(conn, sqlite: bool, first: int, count: int, total: int) -> None:
    """Insert the register rows of fill rows first .. first+count-1."""
    tables = _tables(first, count, total)
    for table, (columns, rows) in tables.items():
        if not rows:
            continue
        if sqlite:
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"  # noqa: S608, E501
            conn.executemany(sql, [_sqlite_values(r) for r in rows])
            conn.commit()
            continue
        cur = conn.cursor()
        with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        conn.commit()
        cur.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: E501
        )
        conn.commit()
    if sqlite:
        conn.execute("ANALYZE")
        conn.commit()
    else:
        conn.autocommit = True
        cur = conn.cursor()
        for table in (*tables, "company", "submission"):
            cur.execute(f"VACUUM ANALYZE {table}")
        conn.autocommit = False
