"""The officer console at two sizes: each page's latency with few and with many submissions.

quality.md: with 1,000,000 submissions each page may take at most 2× what it takes with
10,000, under the same server settings. Two servers run side by side (one per database
size); a signed-in officer fetches each page from them in turns; the median counts.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from urllib.parse import quote

from . import fill
from .database import dbapi_connect
from .report import Row
from .web import Session


def _search(text: str) -> str:
    return "/console/netzero/?q=" + quote(text)


# The realistic fill (bench/fill.py, companies=True) holds different companies at each size: the
# register's pages pick theirs from each database (once per database, before the timing).
PICKS = {
    # a company with 2 forms, as most have
    "typical": "SELECT company_id FROM submission WHERE company_id > 6 GROUP BY company_id "
    "HAVING count(*) = 2 ORDER BY company_id LIMIT 1",
    # a company whose name unlinked forms carry too (its suggested matches are not empty)
    "matched": "SELECT min(c.id) FROM company c WHERE c.id > 6 AND EXISTS (SELECT 1 FROM "
    "submission s WHERE s.company_id IS NULL AND s.company_name = c.name)",
    # an unlinked form whose company is in the register (its page suggests it)
    "unlinked": "SELECT max(s.id) FROM submission s JOIN company c ON c.name = s.company_name "
    "WHERE s.company_id IS NULL",
}
_picked: dict[tuple[str, str], int] = {}


def pick(url: str, what: str) -> int:
    """The id PICKS[what] finds in the database of `url`."""
    if (url, what) not in _picked:
        conn = dbapi_connect(url)
        try:
            cur = conn.cursor()
            cur.execute(PICKS[what])
            _picked[url, what] = cur.fetchone()[0]
        finally:
            conn.close()
    return _picked[url, what]


def _companies(text: str) -> str:
    return "/console/companies/?q=" + quote(text)


# name → (database URL → path). The searches are the first keystrokes of the active search:
# one character of a name, two digits of a 統一編號, so both sizes show a full page.
CONSOLE_PAGES: dict[str, Callable[[str], str]] = {
    "dashboard": lambda _url: "/console/",
    "list page 1": lambda _url: "/console/netzero/",
    "county + level filter": lambda _url: (
        "/console/netzero/?county=" + quote("臺中市") + "&urgency=" + quote("高")
    ),
    "name search": lambda _url: _search(fill.register_name(7)[:1]),
    "統一編號 prefix search": lambda _url: _search(fill.register_ubn(4321)[:2]),
    "page 500": lambda _url: "/console/netzero/?page=500",
    # The register (issue 30): a company's page (header, emissions, timeline, referrals,
    # suggested unlinked forms) for a company of 2 forms, one of 0.5 % of all rows (50 forms at
    # 10,000 rows: a full timeline page at both sizes) and the one with a tenth of them (1,000
    # at 10,000 rows, 100,000 at 1,000,000).
    "company page": lambda url: f"/console/companies/{pick(url, 'typical')}",
    "company page, unlinked matches": lambda url: f"/console/companies/{pick(url, 'matched')}",
    "company page, 0.5 % of rows": lambda _url: f"/console/companies/{fill.LARGE[0]}",
    "company page, 10 % of rows": lambda _url: f"/console/companies/{fill.BIG}",
    "timeline, older page (htmx)": lambda _url: (
        f"/console/companies/{fill.BIG}/timeline?before=2026-07-01T00:00:00_0_0"
    ),
    "submission page, suggested companies": lambda url: f"/console/netzero/{pick(url, 'unlinked')}",
    "merge form": lambda url: f"/console/companies/{pick(url, 'matched')}/merge",
    "companies search 五金 (2 characters)": lambda _url: _companies("五金"),
    # no name holds it: the walk reads its whole budget (search.WALK companies, newest first)
    "companies search, absent 2 characters": lambda _url: _companies("鑫鑫"),
    "companies search, common 3 characters": lambda _url: _companies("五金有"),
    "companies search, rare 3 characters": lambda _url: _companies(fill.register_name(7)[:3]),
    "phone lookup 五金": lambda _url: "/phone/lookup?q=" + quote("五金"),
    "phone lookup, shop name": lambda _url: "/phone/lookup?q=" + quote("早餐店"),
    "referral queue 工研院": lambda _url: "/console/referrals/itri/",
}

# Sent as htmx sends them (the timeline's older page answers a fragment only to htmx).
HEADERS = {"timeline, older page (htmx)": {"HX-Request": "true"}}


def _fetch_ms(session: Session, name: str, path: str) -> float:
    started = time.perf_counter()
    answer = session.get(path, headers=HEADERS.get(name))
    elapsed = (time.perf_counter() - started) * 1000
    if answer.status != 200:
        raise RuntimeError(f"{name}: GET {path} answered {answer.status}")
    return elapsed


def side_by_side(
    small: tuple[Session, str], big: tuple[Session, str], repeats: int
) -> tuple[dict[str, float], dict[str, float]]:
    """Median milliseconds per page on the small and the big server, fetched in turns.

    Turns (small, big, small, big ...) mean a burst of other work on this shared machine
    slows both alike, so the ratio holds where absolute times wander.
    """
    at_small, at_big = {}, {}
    for name, path_of in CONSOLE_PAGES.items():
        times: dict[int, list[float]] = {0: [], 1: []}
        for session, url in (small, big):
            _fetch_ms(session, name, path_of(url))  # warm-up
        for _ in range(repeats):
            for side, (session, url) in enumerate((small, big)):
                times[side].append(_fetch_ms(session, name, path_of(url)))
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
                f"console {name}: {big:,} vs {small:,} rows",
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
