"""The companies behind the benchmark fill's rows: row n's name, 統一編號, phone and company.

The plain fill names a company per row (every 50th one of NAMES, which exports must
neutralise) with a 統一編號 that a few rows share. The realistic fill (companies=True) draws
its rows from a register of about 0.3 × rows companies (`company_of`): BIG with a tenth of
all rows, the five LARGE ones with 0.5 % each; rows n % 10 in UNLINKED_ROWS carry no 統一編號
(a shop's form, or a registered company's without its number). Every value is fixed by n and
the fill's size, so every run fills the same.
"""

from __future__ import annotations

COUNTIES = ("臺北市", "新北市", "桃園市", "臺中市", "臺南市", "高雄市", "彰化縣", "花蓮縣")
NAMES = ("永豐精密工業股份有限公司", '大成"食品"有限公司', "台灣, 鋼鐵 企業社", "=HYPERLINK 公司")
# Names vary from their first character on, as real ones do (a prefix search must not match a
# quarter of the table); every 50th row has one of NAMES, which exports must neutralise.
PLACES = "東西南北中新大永金福寶宏嘉瑞順興全華豐益昌信誠"
WORDS = ("光", "陽", "泰", "達", "勝", "茂", "隆", "源", "成", "發", "利", "和", "安")
KINDS = ("精密工業", "食品", "紡織", "機械", "電子", "塑膠", "貿易")
COMPANIES = 600_000  # distinct 統一編號: a company submits about twice in a million rows

# The realistic fill (companies=True). Names: place (2 characters), word, trade, form.
PLACE_CHARS = "東西南北中新大永金福寶宏嘉瑞順興全華豐益昌信誠台臺鴻聯合太正光明國泰富貴吉祥德安康樂美佳億萬千百友群"
TRADES = ("五金", "精密", "食品", "紡織", "機械", "電子", "塑膠", "貿易")
FORMS = ("有限公司", "股份有限公司", "企業社", "行", "商號")
SHOP_KINDS = ("小吃店", "五金行", "美髮院", "早餐店", "文具行", "水電行")
BIG, LARGE = 1, range(2, 7)  # the company with a tenth of the rows; five with 0.5 % each
UNLINKED_ROWS = (3, 6, 9)  # n % 10: rows without a 統一編號


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
