"""The officer console at two sizes: each page's latency with few and with many submissions.

quality.md: with 1,000,000 submissions each page may take at most 2× what it takes with
10,000, on the same server. Pages are fetched one at a time by a signed-in officer; the
median of several fetches counts.

Other features add their console pages to CONSOLE_PAGES (name → function of the database URL
returning a path), e.g. the company register's "company page".
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


# name → (database URL → path). The search terms match about 1 row in 2,000 (names) and in
# 10,000 (統一編號 prefixes) of bench/fill.py's rows, as a real company's name or number does.
CONSOLE_PAGES: dict[str, Callable[[str], str]] = {
    "dashboard": lambda _url: "/console/",
    "list page 1": lambda _url: "/console/netzero/",
    "county + level filter": lambda _url: (
        "/console/netzero/?county=" + quote("臺中市") + "&urgency=" + quote("高")
    ),
    "name search": lambda _url: _search(fill.company_name(7 * 23 + 4)[:3]),
    "統一編號 prefix search": lambda _url: _search(fill.ubn(4321)[:4]),
    "page 500": lambda _url: "/console/netzero/?page=500",
}


def register_page(name: str, path_of: Callable[[str], str]) -> None:
    """Add a console page to the benchmark (the register helper's "company page", say)."""
    CONSOLE_PAGES[name] = path_of


def page_latencies(session: Session, url: str, repeats: int) -> dict[str, float]:
    """Median milliseconds per page (after one warm-up fetch), in CONSOLE_PAGES order."""
    out = {}
    for name, path_of in CONSOLE_PAGES.items():
        path = path_of(url)
        first = session.get(path)
        if first.status != 200:
            raise RuntimeError(f"{name}: GET {path} answered {first.status}")
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            answer = session.get(path)
            times.append((time.perf_counter() - started) * 1000)
            if answer.status != 200:
                raise RuntimeError(f"{name}: GET {path} answered {answer.status}")
        out[name] = statistics.median(times)
    return out


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
