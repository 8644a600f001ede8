"""The site × month grid: a metric's sum over each site's shops, with how many shops reported."""

from __future__ import annotations

from dataclasses import dataclass

from ..extensions import db
from ..models.digital import MonthlyRecord, Shop, Site
from .figures import METRICS
from .months import add_months, months_between

SPANS = (3, 6, 12, 24)


@dataclass(frozen=True)
class Cell:
    """A sum and how many shops it adds up (n 家回報); total None when nobody reported."""

    total: int | None
    reporting: int


@dataclass(frozen=True)
class Grid:
    """Rows of sites by columns of months, plus a total row."""

    metric: str
    months: list[str]
    rows: list[tuple[Site, list[Cell]]]
    totals: list[Cell]


def latest_month() -> str | None:
    """The latest month any shop reported."""
    return db.session.scalar(db.select(db.func.max(MonthlyRecord.month)))


def metric_column(metric: str):
    """The record column of a metric (usage, orders, net_sales)."""
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}")
    return getattr(MonthlyRecord, metric)


def site_month_grid(metric: str, last: str, span: int) -> Grid:
    """The grid of `span` months ending with `last`; one grouped query, never rows in Python."""
    months = months_between(add_months(last, -(span - 1)), last)
    column = metric_column(metric)
    query = (
        db.select(Shop.site_id, MonthlyRecord.month, db.func.sum(column), db.func.count(column))
        .join(Shop, Shop.id == MonthlyRecord.shop_id)
        .where(MonthlyRecord.month >= months[0], MonthlyRecord.month <= months[-1])
        .group_by(Shop.site_id, MonthlyRecord.month)
    )
    found = {(site_id, month): (total, n) for site_id, month, total, n in db.session.execute(query)}
    sites = db.session.scalars(db.select(Site).order_by(Site.id)).all()
    rows = []
    for site in sites:
        cells = [_cell(*found.get((site.id, m), (None, 0))) for m in months]
        if site.active or any(c.reporting for c in cells):
            rows.append((site, cells))
    totals = [
        _cell(
            sum(int(c.total) for _s, cells in rows if (c := cells[i]).total is not None)
            if any(cells[i].reporting for _s, cells in rows)
            else None,
            sum(cells[i].reporting for _s, cells in rows),
        )
        for i in range(len(months))
    ]
    return Grid(metric, months, rows, totals)


def _cell(total, reporting: int) -> Cell:
    return Cell(None if not reporting else int(total or 0), reporting)
