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
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime, timedelta
from decimal import Decimal

from smeup.forms.company import COMPANY_FIELDS
from smeup.models.search_key import bigrams, name_key
from smeup.rollups import rebuild_sql

from .database import dbapi_connect

SUBMISSION_COLUMNS = [
    "id",
    "form_type",
    "channel",
    "event_id",
    "entered_by_id",
    "submitted_at",
    "status",
    "submission_key",
    "content_hash",
    "result_token",
    *COMPANY_FIELDS,
    "call_note",
    "segment",
    "name_key",
    "company_id",
]
COMPANY_COLUMNS = [
    "id",
    "ubn",
    "name",
    "name_key",
    "county",
    "contact_name",
    "contact_phone",
    "latest_at",
    "created_at",
]
NETZERO_COLUMNS = [
    "submission_id",
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
    "breakdown",
    "factor_version",
    "rules_version",
]
COUNTIES = ("臺北市", "新北市", "桃園市", "臺中市", "臺南市", "高雄市", "彰化縣", "花蓮縣")
NAMES = ("永豐精密工業股份有限公司", '大成"食品"有限公司', "台灣, 鋼鐵 企業社", "=HYPERLINK 公司")
# Names vary from their first character on, as real ones do (a prefix search must not match a
# quarter of the table); every 50th row has one of NAMES, which exports must neutralise.
PLACES = "東西南北中新大永金福寶宏嘉瑞順興全華豐益昌信誠"
WORDS = ("光", "陽", "泰", "達", "勝", "茂", "隆", "源", "成", "發", "利", "和", "安")
KINDS = ("精密工業", "食品", "紡織", "機械", "電子", "塑膠", "貿易")
COMPANIES = 600_000  # distinct 統一編號: a company submits about twice in a million rows
START = datetime(2026, 1, 1)
BATCH = 20_000
YEAR_SECONDS = 365 * 86_400

# The realistic fill (companies=True). Names: place (2 characters), word, trade, form.
PLACE_CHARS = "東西南北中新大永金福寶宏嘉瑞順興全華豐益昌信誠台臺鴻聯合太正光明國泰富貴吉祥德安康樂美佳億萬千百友群"
TRADES = ("五金", "精密", "食品", "紡織", "機械", "電子", "塑膠", "貿易")
FORMS = ("有限公司", "股份有限公司", "企業社", "行", "商號")
SHOP_KINDS = ("小吃店", "五金行", "美髮院", "早餐店", "文具行", "水電行")
BIG, LARGE = 1, range(2, 7)  # the company with a tenth of the rows; five with 0.5 % each
UNLINKED_ROWS = (3, 6, 9)  # n % 10: rows without a 統一編號
ITEMS = {"itri": ("diagnosis", "健檢診斷"), "pidc": ("knowledge", "知識擴散")}
REFERRAL_STATUSES = ("待轉介",) * 6 + ("已轉介",) * 2 + ("已聯繫", "已完成")


def _variants(count: int = 48) -> list[dict]:
    """Answers and their assessment, computed by the app's own domain code."""
    from smeup.netzero.store import build_check

    out = []
    for i in range(count):
        answers = {
            "data_year": 2024 - i % 3,
            "electricity_kwh": Decimal(50_000 + 7_919 * i).quantize(Decimal("0.01")),
            "natural_gas_m3": Decimal(i * 130),
            "lpg_kg": Decimal(0 if i % 2 else 400),
            "diesel_l": Decimal(i * 25),
            "gasoline_l": Decimal(0),
            "fuel_oil_l": Decimal(0 if i % 5 else 1200),
            "cbam_export": i % 7 == 0,
            "supply_chain_request": ("none", "requested", "deadline")[i % 3],
            "listed_company": i % 11 == 0,
            "supplier_to_listed": i % 2 == 0,
            "has_inventory": i % 4 == 0,
            "has_target": i % 6 == 0,
            "employees": 5 + i * 7,
            "industry": "CFGJ"[i % 4],
            "paid_in_capital": 1_000_000 * (i + 1),
        }
        check = build_check(answers)
        out.append({c: getattr(check, c) for c in NETZERO_COLUMNS[1:]} | {"_a": answers})
    return out


def company_name(n: int) -> str:
    """The company name of filled row n (the plain fill)."""
    if n % 50 == 0:
        return f"{NAMES[n // 50 % len(NAMES)]}{n}"
    place = PLACES[n % len(PLACES)]
    word = WORDS[n // len(PLACES) % len(WORDS)]
    return f"{place}{word}{KINDS[n // 7 % len(KINDS)]}股份有限公司{n}"


def ubn(n: int) -> str:
    """The 統一編號 of filled row n: spread over all prefixes, each shared by a few rows."""
    return f"{(n % COMPANIES) * 7_919_017 % 10**8:08d}"


def _mix(n: int, salt: int = 0) -> int:
    """A fixed pseudo-random number of n (the same on every run)."""
    return ((n + salt * 1_000_003) * 2_654_435_761) % 2**32


def register_size(total: int) -> int:
    """Companies in the realistic fill of `total` rows (about 0.3 × rows)."""
    return max(20, total * 3 // 10)


def company_of(n: int, total: int) -> int | None:
    """The company (id) filled row n belongs to in the realistic fill; None: no 統一編號."""
    if n % 10 in UNLINKED_ROWS:
        return None
    r = _mix(n) % 1000
    if r < 143:  # a tenth of all rows: 1/7 of the linked ones
        return BIG
    if r < 179:  # 0.5 % of all rows each
        return LARGE[r % len(LARGE)]
    return 7 + _mix(n, 1) % (register_size(total) - 6)


def register_name(c: int) -> str:
    """The name of the realistic fill's company c (words repeat; whole names rarely)."""
    m = _mix(c, 2)
    p = len(PLACE_CHARS)
    chars = PLACE_CHARS[m % p] + PLACE_CHARS[m // p % p]
    m //= p * p
    trade = TRADES[c % len(TRADES)]
    return f"{chars}{WORDS[m % len(WORDS)]}{trade}{FORMS[m // len(WORDS) % len(FORMS)]}"


def register_ubn(c: int) -> str:
    """The 統一編號 of company c (distinct for every c)."""
    return f"{c * 7_919_017 % 10**8:08d}"


def register_phone(c: int) -> str:
    return f"0{2 + c % 7}{_mix(c, 3) % 10**8:08d}"


def company_id(n: int) -> int:
    """The register's company of filled row n (one per 統一編號)."""
    return n % COMPANIES + 1


def block(n: int, total: int, companies: bool) -> tuple[str, str | None, str, int | None]:
    """Row n's (company name, 統一編號, contact phone, company id)."""
    if not companies:
        return company_name(n), ubn(n), f"09{n % 100_000_000:08d}", None
    c = company_of(n, total)
    if c is not None:
        return register_name(c), register_ubn(c), register_phone(c), c
    shops = max(1, total // 10)  # each shop fills about 3 forms
    shop = _mix(n, 4) % shops
    if shop % 3 == 0:  # a registered company's form without its number
        c = 7 + _mix(shop, 5) % (register_size(total) - 6)
        return register_name(c), None, register_phone(c), None
    m = _mix(shop, 6)
    p = len(PLACE_CHARS)
    name = f"{PLACE_CHARS[m % p]}{PLACE_CHARS[m // p % p]}{SHOP_KINDS[m // (p * p) % 6]}"
    return name, None, f"09{_mix(shop, 7) % 10**8:08d}", None


def submitted_at(n: int, total: int, companies: bool) -> datetime:
    """Rows 7 s apart (plain fill), or spread over a year (the realistic fill)."""
    if companies:
        return START + timedelta(seconds=n * YEAR_SECONDS // max(total, 1))
    return START + timedelta(seconds=n * 7)


def _companies(first_id: int, count: int, total: int) -> list[tuple]:
    """Company rows for rows first_id..: each named after the latest of its rows here."""
    latest: dict[int, tuple] = {}
    for n in range(first_id, first_id + count):
        name, number, phone, c = block(n, total, True)
        if c is None:
            continue
        at = submitted_at(n, total, True)
        county = COUNTIES[c % len(COUNTIES)]
        latest[c] = (c, number, name, name_key(name), county, "王小明", phone, at, at)
    return list(latest.values())


def _rows(
    first_id: int, count: int, status: str, variants: list[dict], companies: bool, total: int
):
    """(submission row, netzero row) pairs for ids first_id .. first_id+count-1."""
    salt = secrets.token_hex(4)
    for n in range(first_id, first_id + count):
        v = variants[n % len(variants)]
        a = v["_a"]
        name, number, phone, c = block(n, total, companies)
        submission = (
            n,
            "netzero",
            "roadshow" if n % 10 == 0 else "web",
            None,
            None,
            submitted_at(n, total, companies),
            status,
            f"fill{salt}{n:012d}",
            "0" * 64,
            f"tok{salt}{n:012d}",
            name,
            number,
            COUNTIES[n % len(COUNTIES)],
            a["industry"],
            a["employees"],
            a["paid_in_capital"],
            "王小明",
            phone,
            f"user{n}@example.com",
            True,
            None,
            v["urgency"],
            name_key(name),
            c if companies else None,
        )
        check = (
            n,
            *(v[c] for c in NETZERO_COLUMNS[1:18]),
            json.dumps(v["urgency_reasons"], ensure_ascii=False),
            json.dumps(v["prescriptions"], ensure_ascii=False),
            json.dumps(v["breakdown"], ensure_ascii=False),
            v["factor_version"],
            v["rules_version"],
        )
        yield submission, check


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
