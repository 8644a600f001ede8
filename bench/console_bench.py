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
from .report import Row
from .web import Session


def _search(text: str) -> str:
    return "/console/netzero/?q=" + quote(text)


# A filled row below the smallest fill (bench/__main__.py: console_small is 1,000 with --quick).
COMPANY_ROW = 321

# name → (database URL → path). The searches are the first keystrokes of the active search:
# one character of a name (1 row in 23 of bench/fill.py's), two digits of a 統一編號 (1 in
# 100), so both sizes show a full page.
CONSOLE_PAGES: dict[str, Callable[[str], str]] = {
    "dashboard": lambda _url: "/console/",
    "list page 1": lambda _url: "/console/netzero/",
    "county + level filter": lambda _url: (
        "/console/netzero/?county=" + quote("臺中市") + "&urgency=" + quote("高")
    ),
    "name search": lambda _url: _search(fill.company_name(4)[:1]),
    "統一編號 prefix search": lambda _url: _search(fill.ubn(4321)[:2]),
    "page 500": lambda _url: "/console/netzero/?page=500",
    # The register: one company's page (its header, emissions over the years and timeline), of
    # a row that both fills hold (--quick's small fill has 1,000 rows: row 4321's company was
    # missing there, and the run crashed on its 404).
    "company page": lambda _url: f"/console/companies/{fill.company_id(COMPANY_ROW)}",
}


def _fetch_ms(session: Session, name: str, path: str) -> float:
    started = time.perf_counter()
    answer = session.get(path)
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
