"""Small server-side SVG charts for every room: the geometry here, the markup in macros/chart.html.

No chart library and no style attributes (CSP): only SVG shapes with presentation attributes.

Each chart is also drawn for a phone (`Chart.narrow`, NARROW_WIDTH units wide): the SVG scales
to its box, so a 460-unit drawing squeezed into a 315 px phone column drew 13-unit text at 9 px.
The macro puts both drawings in the figure and console.css shows the one drawn for the figure's
width (a container query), so chart text stays at least 11 CSS px (issue 24).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

FONT = 13  # px in the SVG's own units
BAR_GAP = 0.3  # share of each band left empty between columns
# The phone drawing: shown below a 25rem (400 px) figure, where the wide one would draw its
# 13-unit text under 11 px. 300 units in a 315 px column (390 px phone) is about 13.6 px.
NARROW_WIDTH = 300
DATE_LABEL = "00/00"  # the widest date tick, for spacing them


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
    font: int = FONT
    narrow: Chart | None = None  # the same chart drawn for a phone (None: only this one)


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


def fit_text(text: str, room: float, size: int = FONT) -> str:
    """The text, cut with … to fit `room` units (the table under each chart has it in full)."""
    if text_width(text, size) <= room:
        return text
    while text and text_width(text, size) + size > room:  # a CJK font draws … one em wide
        text = text[:-1]
    return text + "…" if text else ""


def _date_ticks(count: int, band: float, every: int = 5) -> list[int]:
    """Which columns get a date label: every `every` (more when bands are thin) and the last,
    dropping a stepped label that would touch the last one."""
    room = text_width(DATE_LABEL) + 6
    step = max(every, math.ceil(room / band)) if band > 0 else every
    ticks = list(range(0, count, step))
    if count and ticks[-1] != count - 1:
        if (count - 1 - ticks[-1]) * band < room and len(ticks) > 1:
            ticks.pop()
        ticks.append(count - 1)
    return ticks


def stacked_columns(
    days: Sequence[date],
    series: dict[str, Sequence[int]],
    colours: dict[str, str],
    labels: dict[str, str],
    width: int = 460,
    height: int = 200,
    narrow_width: int | None = NARROW_WIDTH,
) -> Chart:
    """One column per day, stacked by series (e.g. by form), with a y axis and date ticks.

    Also drawn `narrow_width` units wide for a phone (`chart.narrow`) unless that is None."""
    totals = [sum(values) for values in zip(*series.values(), strict=True)] or [0]
    top_value = nice_max(max(totals))
    # room for the widest y label (e.g. 1,000) and the last date label
    left = max(40 if width > NARROW_WIDTH else 30, text_width(_number(top_value)) + 10)
    right, top, bottom = (20 if width > NARROW_WIDTH else 18), 10, 26
    plot_w, plot_h = width - left - right, height - top - bottom
    band = plot_w / max(len(days), 1)
    narrow = None
    if narrow_width and narrow_width < width:
        narrow = stacked_columns(days, series, colours, labels, narrow_width, height, None)
    chart = Chart(width, height, plot_left=left, plot_right=width - right, narrow=narrow)
    ticks = set(_date_ticks(len(days), band))
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
        if i in ticks:
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
    narrow_width: int | None = NARROW_WIDTH,
) -> Chart:
    """One horizontal bar per row (label on the left), stacked by series, value at its end.

    A label too long for its room is cut with …. Also drawn `narrow_width` units wide for a
    phone (`chart.narrow`) unless that is None."""
    label_w = max([text_width(label) for label, _ in rows] or [0]) + 12
    totals = [sum(v.values()) for _, v in rows]
    value_w = max([56] + [text_width(_number(t)) + 12 for t in totals])
    left = min(label_w, width * 0.45)
    plot_w = width - left - value_w
    height = max(len(rows), 1) * row_height + 8
    top_value = nice_max(max(totals or [0]))
    narrow = None
    if narrow_width and narrow_width < width:
        narrow = stacked_bars(rows, colours, labels, narrow_width, row_height, legend, None)
    chart = Chart(width, int(height), plot_left=left, plot_right=left + plot_w, narrow=narrow)
    for i, (label, values) in enumerate(rows):
        y = 4 + i * row_height
        shown = fit_text(label, left - 12)
        chart.texts.append(Text(left - 8, y + row_height / 2 + FONT / 3, shown, "end"))
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
