"""Trend charts as geometry: panels stacked on one month axis (no dual y-axes), and index lines.

The SVG markup is in digital/_trend_svg.html; no style attributes (CSP), only shapes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..charts import nice_max
from .months import short_label

WIDTH = 640
LEFT = 78  # room for tick labels such as 1,200,000
RIGHT = 12
# A phone draws the chart at about its own width (340 px in 358): every text stays ≥ 12 px.
NARROW_WIDTH = 340
NARROW_LEFT = 54  # tick labels in 萬 (120萬) are short
NARROW_LABELS = 6  # month labels on a phone
FONT = 13
SMALL_FONT = 12  # the "n 家" counts; never below 11 px once drawn (digital.md, issue 24)
PANEL_HEIGHT = 130
PANEL_GAP = 34
AXIS_HEIGHT = 26
INDEX_LEAST_SPAN = 20  # a flat index still gets an axis of 100–120, not 100–101
PALETTE = ("#0b5394", "#b45f06", "#38761d", "#741b47", "#45818e", "#7f6000", "#990000", "#3d85c6")


@dataclass(frozen=True)
class Bar:
    """One column with its tooltip."""

    x: float
    y: float
    w: float
    h: float
    title: str


@dataclass(frozen=True)
class Line:
    """One series as polyline segments (broken where a month is missing) and its dots."""

    colour: str
    label: str
    segments: list[str]
    dots: list[tuple[float, float, str]]


@dataclass
class Panel:
    """One horizontal band of the chart with its own y scale."""

    title: str
    top: float
    height: float
    ticks: list[tuple[float, str]] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    reference_y: float | None = None  # the 100 line of an index panel
    counts: list[tuple[float, str]] = field(default_factory=list)  # x, "n 家" under the panel


@dataclass(frozen=True)
class TrendChart:
    """Everything the SVG template draws."""

    width: int
    height: int
    left: float
    right: float
    panels: list[Panel]
    x_labels: list[tuple[float, str, str]]  # x, month, a second line or ""
    font: int = FONT
    small_font: int = SMALL_FONT


def _fmt(value: float) -> str:
    return f"{value:,.0f}"


def _compact(value: float) -> str:
    """A short tick label for a phone: 120萬 for 1,200,000, 12,000 stays."""
    if value >= 100_000:
        return f"{value / 10_000:,.4g}萬"
    return _fmt(value)


def _scale(
    values: Sequence[float | None],
    top: float,
    height: float,
    floor: float = 0,
    least: float = 0,
    compact: bool = False,
):
    """A y scale from floor to a round top, with round ticks (a span of 5×10ⁿ gets fifths)."""
    span = nice_max(max(max([v for v in values if v is not None] or [floor + 1]) - floor, least))
    steps = 5 if f"{span:g}"[0] == "5" else 4

    def y(value: float) -> float:
        return top + height - (value - floor) / span * height

    fmt = _compact if compact else _fmt
    ticks = [(y(floor + span * i / steps), fmt(floor + span * i / steps)) for i in range(steps + 1)]
    return y, ticks


def _index_floor(low: float, high: float) -> float:
    """An index is read around 100: its axis starts at a round tick below the lowest value."""
    span = nice_max(max(high - low, INDEX_LEAST_SPAN))
    for _ in range(3):
        step = span / (5 if f"{span:g}"[0] == "5" else 4)
        # One step of room below the lowest value, so a line never sits on the axis.
        floor = max(0.0, (math.ceil(low / step) - 1) * step)
        if floor + span >= high:
            return floor
        span = nice_max(high - floor)
    return 0.0


def _band(months: Sequence[str], width: int = WIDTH, left: int = LEFT) -> tuple[float, list]:
    band = (width - left - RIGHT) / max(1, len(months))
    return band, [left + band * (i + 0.5) for i in range(len(months))]


def _frame(narrow: bool) -> tuple[int, int]:
    return (NARROW_WIDTH, NARROW_LEFT) if narrow else (WIDTH, LEFT)


def _line(xs, ys, values, colour, label, suffix="") -> Line:
    segments, current, dots = [], [], []
    for x, value, y in zip(xs, values, ys, strict=True):
        if value is None:
            if current:
                segments.append(" ".join(current))
            current = []
            continue
        current.append(f"{x:.1f},{y:.1f}")
        dots.append((x, y, f"{label} {_fmt(value)}{suffix}"))
    if current:
        segments.append(" ".join(current))
    return Line(colour, label, segments, dots)


def _step(months: Sequence[str], narrow: bool) -> int:
    """Every how many months a label is drawn: at most ~12 (6 on a phone) so none collide."""
    most = NARROW_LABELS if narrow else 12
    return max(1, -(-len(months) // most))


def _x_labels(months: Sequence[str], xs: list[float], narrow: bool = False) -> list:
    step = _step(months, narrow)
    return [
        (x, short_label(m), "")
        for i, (x, m) in enumerate(zip(xs, months, strict=True))
        if i % step == 0
    ]


def _counts(xs: list[float], reporting: Sequence[int], narrow: bool) -> list[tuple[float, str]]:
    """How many shops each month of a panel sums ("3 家"), on the labelled months."""
    step = _step(xs, narrow)
    return [
        (x, f"{n} 家") for i, (x, n) in enumerate(zip(xs, reporting, strict=True)) if i % step == 0
    ]


def orders_and_sales(
    months: Sequence[str],
    orders: Sequence[int | None],
    sales: Sequence[int | None],
    reporting: tuple[Sequence[int], Sequence[int]] | None = None,
    narrow: bool = False,
) -> TrendChart:
    """Two aligned panels on one month axis: orders as bars above, net sales as a line below.

    A site's sums rise and fall with how many shops reported, so `reporting` (shops reporting
    orders, shops reporting net sales: counted per metric) is printed under each panel.
    `narrow` draws it for a phone: a narrower frame, short tick labels, fewer month labels.
    """
    width, left = _frame(narrow)
    band, xs = _band(months, width, left)
    gap = PANEL_GAP + (16 if reporting else 0)
    top = 24
    orders_panel = Panel("訂單數（筆）", top, PANEL_HEIGHT)
    y, orders_panel.ticks = _scale(orders, top, PANEL_HEIGHT, compact=narrow)
    bar_w = band * 0.6
    for x, month, value in zip(xs, months, orders, strict=True):
        if value is not None:
            orders_panel.bars.append(
                Bar(
                    x - bar_w / 2,
                    y(value),
                    bar_w,
                    top + PANEL_HEIGHT - y(value),
                    f"{month} 訂單 {_fmt(value)} 筆",
                )
            )
    top2 = top + PANEL_HEIGHT + gap
    sales_panel = Panel("淨銷售額（元）", top2, PANEL_HEIGHT)
    y2, sales_panel.ticks = _scale(sales, top2, PANEL_HEIGHT, compact=narrow)
    ys = [y2(v) if v is not None else 0 for v in sales]
    sales_panel.lines.append(_line(xs, ys, sales, PALETTE[1], "淨銷售額", " 元"))
    if reporting:
        orders_panel.counts = _counts(xs, reporting[0], narrow)
        sales_panel.counts = _counts(xs, reporting[1], narrow)
    bottom = top2 + PANEL_HEIGHT + (16 if reporting else 0)
    return TrendChart(
        width,
        int(bottom + AXIS_HEIGHT),
        left,
        width - RIGHT,
        [orders_panel, sales_panel],
        _x_labels(months, xs, narrow),
    )


def index_lines(
    months: Sequence[str], series: dict[str, Sequence[float | None]], narrow: bool = False
) -> TrendChart:
    """One panel of index lines (baseline month = 100), one line per series."""
    width, left = _frame(narrow)
    _band_w, xs = _band(months, width, left)
    top = 24
    values = [v for s in series.values() for v in s if v is not None]
    panel = Panel("指數（基準月 = 100）", top, PANEL_HEIGHT * 1.4)
    floor = _index_floor(min([*values, 100]), max([*values, 100]))
    y, panel.ticks = _scale([*values, 100], top, panel.height, floor, INDEX_LEAST_SPAN)
    panel.reference_y = y(100)
    for i, (label, points) in enumerate(series.items()):
        ys = [y(v) if v is not None else 0 for v in points]
        panel.lines.append(_line(xs, ys, points, PALETTE[i % len(PALETTE)], label))
    bottom = top + panel.height
    return TrendChart(
        width,
        int(bottom + AXIS_HEIGHT),
        left,
        width - RIGHT,
        [panel],
        _x_labels(months, xs, narrow),
    )
