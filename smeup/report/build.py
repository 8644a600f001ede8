"""The whole report for a period and county: each figure beside the previous period's."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ..clock import TAIPEI_OFFSET
from .definitions import DEFINITIONS, STRATEGIES, line_format
from .figures import across, digital, innovation, local, netzero
from .figures.base import Scope, Table
from .period import Period, quarter_of


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    value: float | int | None
    previous: float | int | None
    fmt: str
    link: tuple[str, dict] | None

    @property
    def change(self) -> float | None:
        """value − previous (percentage points for a share), or None when either is missing."""
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


@dataclass(frozen=True)
class ShownTable:
    key: str
    title: str
    definition: str
    rows: list[Row]


@dataclass
class Section:
    key: str
    title: str
    tables: list[ShownTable] = field(default_factory=list)


@dataclass
class Report:
    period: Period
    previous: Period
    county: str | None
    sections: list[Section]
    served_by_county: dict[str, int]

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def table(self, key: str) -> ShownTable:
        return next(t for s in self.sections for t in s.tables if t.key == key)


def _strategy_tables(scope: Scope, now: datetime) -> tuple[dict[str, list[Table]], dict]:
    this_month = (now + TAIPEI_OFFSET).strftime("%Y-%m")
    across_tables, by_county = across.tables(scope)
    return {
        "netzero": netzero.checks(scope),
        "digital": digital.tables(scope, now, this_month),
        "innovation": innovation.tables(scope),
        "local": local.tables(scope),
        "across": across_tables,
    }, by_county


def _combine(current: Table, previous: Table | None) -> ShownTable:
    before = {line.key: line.value for line in (previous.lines if previous else [])}
    rows = [
        Row(
            line.key,
            line.label,
            line.value,
            before.get(line.key, 0 if line_format(current.key, line.key) == "int" else None),
            line_format(current.key, line.key),
            line.link,
        )
        for line in current.lines
    ]
    if current.sparse:
        rows = [r for r in rows if r.value or r.previous]
    if current.top is not None:
        rows = rows[: current.top]
    d = DEFINITIONS[current.key]
    return ShownTable(current.key, d.title, d.text, rows)


def build(period: Period, county: str | None, now: datetime) -> Report:
    """Every figure of the period beside the previous period's (report.md)."""
    previous = period.previous()
    now_tables, by_county = _strategy_tables(Scope(period, county), now)
    then_tables, _ = _strategy_tables(Scope(previous, county), now)
    sections = []
    for key, title in STRATEGIES:
        then = {t.key: t for t in then_tables[key]}
        sections.append(
            Section(key, title, [_combine(t, then.get(t.key)) for t in now_tables[key]])
        )
    return Report(period, previous, county, sections, by_county)


@dataclass(frozen=True)
class Headline:
    period: Period
    figures: list[tuple[str, str, float | int | None, str]]  # strategy, label, value, fmt


def headline(now: datetime) -> Headline:
    """The current quarter's headline figures of the four strategies, for the dashboard.

    Only figures read from rollups or small tables: the dashboard opens it on every visit, so
    it must not count distinct companies over a quarter of submissions (the report does).
    """
    period = quarter_of((now + TAIPEI_OFFSET).date())
    scope = Scope(period)
    count, tonnes = netzero.totals(scope)
    shops = digital.shops(scope).lines[0].value
    sessions = {line.key: line.value for line in digital.training(scope, now).lines}
    nav = innovation.tables(scope)[0].lines[0].value
    sbtr = sum(line.value for line in local.tables(scope)[0].lines)
    return Headline(
        period,
        [
            ("淨零排放", "淨零健檢件數", count, "int"),
            ("淨零排放", "估算總排放量（公噸 CO2e）", tonnes, "dec"),
            ("數位轉型", "陪伴輔導店家", shops, "int"),
            ("數位轉型", "課程出席率", sessions["rate"], "pct"),
            ("創新加值", "補助與獎勵導航", nav, "int"),
            ("在地共榮", "SBTR 提案", sbtr, "int"),
        ],
    )
