"""Small server-side SVG charts for every room: the geometry here, the markup in macros/chart.html.

No chart library and no style attributes (CSP): only SVG shapes with presentation attributes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

FONT = 13  # px in the SVG's own units
BAR_GAP = 0.3  # share of each band left empty between columns


@dataclass(frozen=True)
class Shape:
    """A rectangle with a tooltip."""

    x: float
    y: float
    w: float
    h: float
    fill: str
    title: str


@dataclass(frozen=True)
class Text:
    """A text label; anchor is start, middle or end."""

    x: float
    y: float
    text: str
    anchor: str = "start"


@dataclass(frozen=True)
class Chart:
    """Everything the SVG template draws."""

    width: int
    height: int
    shapes: list[Shape] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    gridlines: list[float] = field(default_factory=list)  # y positions
    legend: list[tuple[str, str]] = field(default_factory=list)  # (colour, label)
    plot_left: float = 0
    plot_right: float = 0


def nice_max(value: float) -> float:
    """A round axis maximum ≥ value: 1, 2, 5 × 10^n."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def text_width(text: str, size: int = FONT) -> float:
    """Rough rendered width: CJK characters one em, others about half."""
    return sum(size if ord(ch) > 0x2E7F else size * 0.6 for ch in text)


def stacked_columns(
    days: Sequence[date],
    series: dict[str, Sequence[int]],
    colours: dict[str, str],
    labels: dict[str, str],
    width: int = 460,
    height: int = 200,
) -> Chart:
    """One column per day, stacked by series (e.g. by form), with a y axis and date ticks."""
    left, right, top, bottom = 40, 20, 10, 26  # room for the last date label
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(values) for values in zip(*series.values(), strict=True)] or [0]
    top_value = nice_max(max(totals))
    band = plot_w / max(len(days), 1)
    chart = Chart(width, height, plot_left=left, plot_right=width - right)
    # A half-way gridline only where it is a whole number: counts have no halves.
    fractions = (0, 0.5, 1) if (top_value / 2).is_integer() else (0, 1)
    for fraction in fractions:
        y = top + plot_h * (1 - fraction)
        chart.gridlines.append(y)
        chart.texts.append(Text(left - 6, y + FONT / 3, _number(top_value * fraction), "end"))
    for i, day in enumerate(days):
        x = left + i * band + band * BAR_GAP / 2
        base = top + plot_h
        for key, values in series.items():
            value = values[i]
            if not value:
                continue
            h = plot_h * value / top_value
            base -= h
            title = f"{day:%m/%d} {labels[key]} {value} 件"
            chart.shapes.append(Shape(x, base, band * (1 - BAR_GAP), h, colours[key], title))
        if i % 5 == 0 or i == len(days) - 1:
            chart.texts.append(
                Text(x + band * (1 - BAR_GAP) / 2, height - 8, f"{day:%m/%d}", "middle")
            )
    chart.legend.extend((colours[k], labels[k]) for k in series)
    return chart


def stacked_bars(
    rows: Sequence[tuple[str, dict[str, float]]],
    colours: dict[str, str],
    labels: dict[str, str],
    width: int = 440,
    row_height: int = 28,
    legend: bool = True,
) -> Chart:
    """One horizontal bar per row (label on the left), stacked by series, value at its end."""
    label_w = max([text_width(label) for label, _ in rows] or [0]) + 12
    value_w = 56
    left = min(label_w, width * 0.45)
    plot_w = width - left - value_w
    height = max(len(rows), 1) * row_height + 8
    top_value = nice_max(max([sum(v.values()) for _, v in rows] or [0]))
    chart = Chart(width, int(height), plot_left=left, plot_right=left + plot_w)
    for i, (label, values) in enumerate(rows):
        y = 4 + i * row_height
        chart.texts.append(Text(left - 8, y + row_height / 2 + FONT / 3, label, "end"))
        x = left
        for key, value in values.items():
            if not value:
                continue
            w = plot_w * value / top_value
            title = f"{label} {labels.get(key, key)} {_number(value)}"
            chart.shapes.append(Shape(x, y + 4, w, row_height - 10, colours[key], title))
            x += w
        total = sum(values.values())
        chart.texts.append(Text(x + 6, y + row_height / 2 + FONT / 3, _number(total)))
    if legend:
        chart.legend.extend((colours[k], labels[k]) for k in colours)
    return chart
