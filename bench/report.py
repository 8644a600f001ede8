"""The results table `make bench` prints, and its JSON copy in bench/results/."""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass
class Row:
    """One line of the table: a measurement beside its reference and target."""

    what: str
    database: str
    workers: str
    measured: str
    reference: str = "—"
    ratio: str = "—"
    target: str = "—"
    passed: bool | None = None  # None: informative, no target

    @property
    def verdict(self) -> str:
        return {True: "PASS", False: "FAIL", None: "info"}[self.passed]


def ratio_row(
    what: str,
    database: str,
    workers: int,
    measured: float,
    reference: float,
    unit: str,
    minimum: float,
) -> Row:
    """A rate compared with its reference: passes when measured/reference ≥ minimum."""
    ratio = measured / reference if reference else 0.0
    return Row(
        what,
        database,
        str(workers),
        f"{measured:,.0f} {unit}",
        f"{reference:,.0f} {unit}",
        f"{ratio:.2f}",
        f"≥ {minimum:g}",
        ratio >= minimum,
    )


def limit_row(
    what: str, database: str, workers: str, value: float, unit: str, limit: float | None, fmt=".0f"
) -> Row:
    """A value with an upper limit (None: informative only)."""
    return Row(
        what,
        database,
        str(workers),
        f"{value:{fmt}} {unit}",
        target=f"≤ {limit:g} {unit}" if limit is not None else "—",
        passed=(value <= limit) if limit is not None else None,
    )


def print_table(rows: list[Row], header_note: str) -> None:
    """Print the rows as an aligned text table."""
    titles = ("what", "db", "workers", "measured", "reference", "ratio", "target", "result")
    cells = [
        (r.what, r.database, r.workers, r.measured, r.reference, r.ratio, r.target, r.verdict)
        for r in rows
    ]
    widths = [max(_width(str(c[i])) for c in [titles, *cells]) for i in range(len(titles))]
    print()
    print(header_note)
    line = "  ".join(_pad(t, w) for t, w in zip(titles, widths, strict=True))
    print(line)
    print("-" * _width(line))
    for c in cells:
        print("  ".join(_pad(str(v), w) for v, w in zip(c, widths, strict=True)))
    failed = sum(1 for r in rows if r.passed is False)
    print(f"\n{sum(1 for r in rows if r.passed)} passed, {failed} failed")


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def save(rows: list[Row], notes: list[str], meta: dict) -> Path:
    """Write the run to bench/results/<time>.json (ignored by git)."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / time.strftime("bench-%Y%m%d-%H%M%S.json")
    path.write_text(
        json.dumps(
            {"meta": meta, "rows": [asdict(r) for r in rows], "notes": notes},
            ensure_ascii=False,
            indent=1,
        )
    )
    return path
