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
    """A sum, how many shops it adds up and how many were expected to (n/m 家回報).

    total is None when nobody reported; expected counts the shops in the programme that month
    (enrolled by then and 輔導中, plus any other shop that reported).
    """

    total: int | None
    reporting: int
    expected: int = 0


@dataclass(frozen=True)
class Grid:
    """Rows of sites by columns of months, plus a total row."""

    metric: str
    months: list[str]
    rows: list[tuple[Site, list[Cell]]]
    totals: list[Cell]
    unit: str | None = None  # the usage unit summed (usage adds up only within one unit)


def usage_units() -> list[str]:
    """The usage units shops count in, most shops first."""
    count = db.func.count(Shop.id)
    return list(
        db.session.scalars(
            db.select(Shop.usage_unit)
            .group_by(Shop.usage_unit)
            .order_by(count.desc(), Shop.usage_unit)
        )
    )


def latest_month() -> str | None:
    """The latest month any shop reported."""
    return db.session.scalar(db.select(db.func.max(MonthlyRecord.month)))


def metric_column(metric: str):
    """The record column of a metric (usage, orders, net_sales)."""
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}")
    return getattr(MonthlyRecord, metric)


def site_month_grid(metric: str, last: str, span: int, unit: str | None = None) -> Grid:
    """The grid of `span` months ending with `last`; grouped queries, never rows in Python.

    Usage is counted in each shop's own unit, so it is summed over the shops of one `unit`
    only (required for usage); orders and net sales add up over every shop.
    """
    if metric == "usage" and not unit:
        raise ValueError("usage adds up only within one usage unit")
    if metric != "usage":
        unit = None
    months = months_between(add_months(last, -(span - 1)), last)
    column = metric_column(metric)
    in_unit = [Shop.usage_unit == unit] if unit else []
    query = (
        db.select(
            Shop.site_id,
            MonthlyRecord.month,
            db.func.sum(column),
            db.func.count(column),
            db.func.count(column).filter(Shop.status != "active"),
        )
        .join(Shop, Shop.id == MonthlyRecord.shop_id)
        .where(MonthlyRecord.month >= months[0], MonthlyRecord.month <= months[-1], *in_unit)
        .group_by(Shop.site_id, MonthlyRecord.month)
    )
    found = {(s, m): (total, n, other) for s, m, total, n, other in db.session.execute(query)}
    # Shops expected to report: 輔導中 and enrolled by the month (one small grouped query).
    enrolled: dict[int, list[tuple[str, int]]] = {}
    for site_id, month, n in db.session.execute(
        db.select(Shop.site_id, Shop.enrolled_month, db.func.count(Shop.id))
        .where(Shop.status == "active", *in_unit)
        .group_by(Shop.site_id, Shop.enrolled_month)
    ):
        enrolled.setdefault(site_id, []).append((month, n))

    def expected(site_id: int, month: str) -> int:
        return sum(n for since, n in enrolled.get(site_id, []) if since <= month)

    sites = db.session.scalars(db.select(Site).order_by(Site.id)).all()
    rows = []
    for site in sites:
        cells = []
        for m in months:
            total, n, other = found.get((site.id, m), (None, 0, 0))
            cells.append(_cell(total, n, expected(site.id, m) + (other or 0)))
        if site.active or any(c.reporting for c in cells):
            rows.append((site, cells))
    totals = [
        _cell(
            sum(int(c.total) for _s, cells in rows if (c := cells[i]).total is not None),
            sum(cells[i].reporting for _s, cells in rows),
            sum(cells[i].expected for _s, cells in rows),
        )
        for i in range(len(months))
    ]
    return Grid(metric, months, rows, totals, unit)


def _cell(total, reporting: int, expected: int) -> Cell:
    return Cell(None if not reporting else int(total or 0), reporting, max(expected, reporting))
