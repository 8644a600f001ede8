"""A horizontal bar chart laid out in Python, drawn as SVG by a template (no chart library)."""

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 640
LABEL_WIDTH = 250
VALUE_WIDTH = 60
ROW = 40
BAR = 26
LABEL_CHARS = 14


@dataclass(frozen=True)
class Bar:
    """One bar: its label (shortened for the chart), value, and where it sits."""

    label: str
    short_label: str
    value: int
    y: int
    width: float


@dataclass(frozen=True)
class BarChart:
    """The whole chart's geometry in SVG user units."""

    width: int
    height: int
    bar_x: int
    bar_height: int
    bars: tuple[Bar, ...]


def shorten(label: str, limit: int = LABEL_CHARS) -> str:
    """Cut a long label to fit beside its bar (the table beside the chart has it in full)."""
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(items: Sequence[tuple[str, int]]) -> BarChart:
    """Lay out one bar per (label, value), longest bar = the largest value."""
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    top = max((value for _, value in items), default=0)
    bars = tuple(
        Bar(
            label=label,
            short_label=shorten(label),
            value=value,
            y=i * ROW,
            width=round(span * value / top, 1) if top else 0,
        )
        for i, (label, value) in enumerate(items)
    )
    return BarChart(
        width=WIDTH, height=max(len(bars), 1) * ROW, bar_x=LABEL_WIDTH, bar_height=BAR, bars=bars
    )
