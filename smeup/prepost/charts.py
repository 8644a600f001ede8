"""The results page's charts as geometry (markup in prepost/_charts.html; no style attributes).

Per item: the share answering right before and after (the brochure's 前後測比較圖). Per person:
a slope chart up to SLOPE_LIMIT matched people, dot pairs sorted by gain beyond.

Drawn for a phone: the viewBox is WIDTH units wide and the CSS lets a chart grow to at most
MAX_RENDERED px, so on a 390 px phone (about 350 px of chart) a FONT-unit text is still
FONT × 350 / WIDTH ≥ 11 CSS px (quality.md; issue 24), and at most FONT × MAX_RENDERED / WIDTH.
"""

from __future__ import annotations

from dataclasses import dataclass

from .figures import Pair
from .results import ItemShare

WIDTH = 360
FONT = 14
MAX_RENDERED = 480  # prepost.css .chart-svg max-width (30rem)
SLOPE_LIMIT = 30
PRE_COLOUR = "#7f7f7f"
POST_COLOUR = "#0b5394"
DOWN_COLOUR = "#b45f06"


@dataclass(frozen=True)
class Mark:
    """A shape with its tooltip: a bar (x, y, w, h) or a line/dots (x1, y1, x2, y2)."""

    x: float
    y: float
    w: float
    h: float
    colour: str
    title: str


@dataclass(frozen=True)
class Chart:
    """A chart's size, axis ticks (position, label), row labels and marks."""

    height: float
    ticks: list[tuple[float, str]]
    labels: list[tuple[float, float, str]]
    bars: list[Mark]
    lines: list[Mark]
    dots: list[Mark]
    kind: str
    width: float = WIDTH
    font: float = FONT
    grid: tuple[float, float] = (0, WIDTH)  # slope chart: x from and to of the tick lines


def _pct(share: float | None) -> str:
    return "—" if share is None else f"{share:.0%}"


def item_chart(shares: list[ItemShare]) -> Chart:
    """Horizontal bar pairs: per item the share right in the 前測 (grey) and 後測 (blue)."""
    left, right, row = 64, WIDTH - 22, 40
    span = right - left
    ticks = [(left + span * p / 100, f"{p}%") for p in (0, 25, 50, 75, 100)]
    bars, labels = [], []
    for i, s in enumerate(shares):
        top = 10 + i * row
        labels.append((left - 8, top + 20, f"第{s.position}題"))
        for j, (share, colour, word) in enumerate(
            ((s.share_pre, PRE_COLOUR, "前測"), (s.share_post, POST_COLOUR, "後測"))
        ):
            w = span * (share or 0)
            bars.append(
                Mark(
                    left, top + j * 15, w, 13, colour, f"第{s.position}題 {word}答對 {_pct(share)}"
                )
            )
    return Chart(20 + len(shares) * row + 20, ticks, labels, bars, [], [], "items")


def person_chart(pairs: tuple[Pair, ...], names: dict[str, str], max_score: float) -> Chart:
    """A slope chart (≤ SLOPE_LIMIT people) or dot pairs sorted by gain (more)."""
    if len(pairs) <= SLOPE_LIMIT:
        return _slope(pairs, names, max_score)
    return _dot_pairs(pairs, names, max_score)


def _slope(pairs, names, max_score) -> Chart:
    top, bottom, x_pre, x_post = 16, 296, 120, 290
    scale = (bottom - top) / (max_score or 1)
    ticks = [(bottom - scale * max_score * p / 4, f"{max_score * p / 4:g}") for p in range(5)]
    lines, dots = [], []
    for pair in pairs:
        y1, y2 = bottom - scale * pair.pre, bottom - scale * pair.post
        colour = POST_COLOUR if pair.gain >= 0 else DOWN_COLOUR
        who = names.get(pair.person, "")
        tip = f"{who}：前測 {pair.pre:g} → 後測 {pair.post:g}"
        lines.append(Mark(x_pre, y1, x_post, y2, colour, tip))
        dots += [Mark(x_pre, y1, 4, 0, PRE_COLOUR, tip), Mark(x_post, y2, 4, 0, colour, tip)]
    labels = [(x_pre, bottom + 22, "前測"), (x_post, bottom + 22, "後測")]
    return Chart(bottom + 32, ticks, labels, [], lines, dots, "slope", grid=(70, WIDTH - 20))


def _dot_pairs(pairs, names, max_score) -> Chart:
    left, right, row = 22, WIDTH - 22, 12
    scale = (right - left) / (max_score or 1)
    ordered = sorted(pairs, key=lambda p: (p.gain, p.person))
    ticks = [(left + scale * max_score * p / 4, f"{max_score * p / 4:g}") for p in range(5)]
    lines, dots = [], []
    for i, pair in enumerate(ordered):
        y = 10 + i * row
        x1, x2 = left + scale * pair.pre, left + scale * pair.post
        colour = POST_COLOUR if pair.gain >= 0 else DOWN_COLOUR
        tip = f"{names.get(pair.person, '')}：前測 {pair.pre:g} → 後測 {pair.post:g}"
        lines.append(Mark(x1, y, x2, y, colour, tip))
        dots += [Mark(x1, y, 3.5, 0, PRE_COLOUR, tip), Mark(x2, y, 3.5, 0, colour, tip)]
    return Chart(20 + len(ordered) * row + 20, ticks, [], [], lines, dots, "dots")
