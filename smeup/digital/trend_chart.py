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


@dataclass(frozen=True)
class TrendChart:
    """Everything the SVG template draws."""

    width: int
    height: int
    left: float
    right: float
    panels: list[Panel]
    x_labels: list[tuple[float, str, str]]  # x, month, a second line (shops reporting) or ""


def _fmt(value: float) -> str:
    return f"{value:,.0f}"


def _scale(
    values: Sequence[float | None], top: float, height: float, floor: float = 0, least: float = 0
):
    """A y scale from floor to a round top, with round ticks (a span of 5×10ⁿ gets fifths)."""
    span = nice_max(max(max([v for v in values if v is not None] or [floor + 1]) - floor, least))
    steps = 5 if f"{span:g}"[0] == "5" else 4

    def y(value: float) -> float:
        return top + height - (value - floor) / span * height

    ticks = [
        (y(floor + span * i / steps), _fmt(floor + span * i / steps)) for i in range(steps + 1)
    ]
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


def _band(months: Sequence[str]) -> tuple[float, list[float]]:
    band = (WIDTH - LEFT - RIGHT) / max(1, len(months))
    return band, [LEFT + band * (i + 0.5) for i in range(len(months))]


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


def _x_labels(
    months: Sequence[str], xs: list[float], reporting: Sequence[int] | None = None
) -> list[tuple[float, str, str]]:
    step = max(1, -(-len(months) // 12))  # at most ~12 labels so they never collide
    return [
        (x, short_label(m), f"{reporting[i]} 家" if reporting else "")
        for i, (x, m) in enumerate(zip(xs, months, strict=True))
        if i % step == 0
    ]


def orders_and_sales(
    months: Sequence[str],
    orders: Sequence[int | None],
    sales: Sequence[int | None],
    reporting: Sequence[int] | None = None,
) -> TrendChart:
    """Two aligned panels on one month axis: orders as bars above, net sales as a line below.

    A site's sums rise and fall with how many shops reported, so `reporting` is printed under
    each month.
    """
    band, xs = _band(months)
    top = 24
    orders_panel = Panel("訂單數（筆）", top, PANEL_HEIGHT)
    y, orders_panel.ticks = _scale(orders, top, PANEL_HEIGHT)
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
    top2 = top + PANEL_HEIGHT + PANEL_GAP
    sales_panel = Panel("淨銷售額（元）", top2, PANEL_HEIGHT)
    y2, sales_panel.ticks = _scale(sales, top2, PANEL_HEIGHT)
    ys = [y2(v) if v is not None else 0 for v in sales]
    sales_panel.lines.append(_line(xs, ys, sales, PALETTE[1], "淨銷售額", " 元"))
    bottom = top2 + PANEL_HEIGHT
    return TrendChart(
        WIDTH,
        int(bottom + AXIS_HEIGHT + (16 if reporting else 0)),
        LEFT,
        WIDTH - RIGHT,
        [orders_panel, sales_panel],
        _x_labels(months, xs, reporting),
    )


def index_lines(months: Sequence[str], series: dict[str, Sequence[float | None]]) -> TrendChart:
    """One panel of index lines (baseline month = 100), one line per series."""
    _band_w, xs = _band(months)
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
        WIDTH, int(bottom + AXIS_HEIGHT), LEFT, WIDTH - RIGHT, [panel], _x_labels(months, xs)
    )
