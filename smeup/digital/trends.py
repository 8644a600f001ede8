"""Trend data of a shop or a site: month series read with one query each, and their charts."""

from __future__ import annotations

from dataclasses import dataclass

from ..extensions import db
from ..models.digital import MonthlyRecord, Shop
from .figures import index_series
from .months import months_between
from .trend_chart import TrendChart, index_lines, orders_and_sales

INDEX_LINES_MAX = 8  # more lines than this are unreadable; the table holds every shop


@dataclass(frozen=True)
class Trend:
    """Month series with their charts (each drawn wide and for a phone).

    `reporting` is, per metric (usage, orders, net_sales), how many shops each month sums: a
    month with orders but no net sales from a shop counts it for orders only.
    `usage_unit` is the unit a site's usage sums (None when its shops count usage in several
    units: then usage is not summed).
    """

    months: list[str]
    usage: list[int | None]
    orders: list[int | None]
    sales: list[int | None]
    chart: TrendChart
    index: TrendChart
    index_rows: dict[str, list[float | None]]
    reporting: dict[str, list[int]] | None = None
    chart_narrow: TrendChart | None = None
    index_narrow: TrendChart | None = None
    usage_unit: str | None = None


def _series(by_month: dict, months: list[str], position: int) -> list:
    return [by_month[m][position] if m in by_month else None for m in months]


def shop_trend(shop: Shop) -> Trend | None:
    """A shop's usage, orders and net sales by month, indexed to its enrolled month."""
    rows = db.session.execute(
        db.select(
            MonthlyRecord.month, MonthlyRecord.usage, MonthlyRecord.orders, MonthlyRecord.net_sales
        )
        .where(MonthlyRecord.shop_id == shop.id)
        .order_by(MonthlyRecord.month)
    ).all()
    if not rows:
        return None
    by_month = {r.month: (r.usage, r.orders, r.net_sales) for r in rows}
    months = months_between(min(shop.enrolled_month, rows[0].month), rows[-1].month)
    usage, orders, sales = (_series(by_month, months, i) for i in range(3))
    base = by_month.get(shop.enrolled_month, (None, None, None))
    index_rows = {
        "使用量": index_series(usage, base[0]),
        "訂單數": index_series(orders, base[1]),
        "淨銷售額": index_series(sales, base[2]),
    }
    return Trend(
        months,
        usage,
        orders,
        sales,
        orders_and_sales(months, orders, sales),
        index_lines(months, index_rows),
        index_rows,
        chart_narrow=orders_and_sales(months, orders, sales, narrow=True),
        index_narrow=index_lines(months, index_rows, narrow=True),
        usage_unit=shop.usage_unit,
    )


def site_trend(site_id: int) -> Trend | None:
    """A site's sums by month (with shops reporting, per metric) and each shop's net-sales index.

    Usage is summed only when the site's shops count it in one unit (登入天數 and 交易筆數 do
    not add up).
    """
    units = db.session.scalars(
        db.select(Shop.usage_unit).where(Shop.site_id == site_id).distinct()
    ).all()
    unit = units[0] if len(units) == 1 else None
    sums = db.session.execute(
        db.select(
            MonthlyRecord.month,
            db.func.sum(MonthlyRecord.usage),
            db.func.sum(MonthlyRecord.orders),
            db.func.sum(MonthlyRecord.net_sales),
            db.func.count(MonthlyRecord.usage),
            db.func.count(MonthlyRecord.orders),
            db.func.count(MonthlyRecord.net_sales),
        )
        .join(Shop, Shop.id == MonthlyRecord.shop_id)
        .where(Shop.site_id == site_id)
        .group_by(MonthlyRecord.month)
        .order_by(MonthlyRecord.month)
    ).all()
    if not sums:
        return None
    by_month = {m: (_int(u), _int(o), _int(s), nu, no, ns) for m, u, o, s, nu, no, ns in sums}
    months = months_between(sums[0][0], sums[-1][0])
    usage, orders, sales, *counts = (_series(by_month, months, i) for i in range(6))
    if unit is None:
        usage = [None for _ in months]
    reporting = {
        metric: [n or 0 for n in series]
        for metric, series in zip(("usage", "orders", "net_sales"), counts, strict=True)
    }
    per_panel = (reporting["orders"], reporting["net_sales"])
    index_rows = _shop_indices(site_id, months)
    lines = dict(list(index_rows.items())[:INDEX_LINES_MAX])
    return Trend(
        months,
        usage,
        orders,
        sales,
        orders_and_sales(months, orders, sales, per_panel),
        index_lines(months, lines),
        index_rows,
        reporting,
        chart_narrow=orders_and_sales(months, orders, sales, per_panel, narrow=True),
        index_narrow=index_lines(months, lines, narrow=True),
        usage_unit=unit,
    )


def _int(value) -> int | None:
    return None if value is None else int(value)


def _shop_indices(site_id: int, months: list[str]) -> dict[str, list[float | None]]:
    """Each shop's net sales as an index of its enrolled month (shops without a baseline left out)."""
    rows = db.session.execute(
        db.select(
            Shop.id, Shop.name, Shop.enrolled_month, MonthlyRecord.month, MonthlyRecord.net_sales
        )
        .join(MonthlyRecord, MonthlyRecord.shop_id == Shop.id)
        .where(Shop.site_id == site_id, MonthlyRecord.net_sales.is_not(None))
        .order_by(Shop.id)
    ).all()
    shops: dict[int, tuple[str, str, dict[str, int]]] = {}
    for shop_id, name, enrolled, month, sales in rows:
        shops.setdefault(shop_id, (name, enrolled, {}))[2][month] = sales
    result = {}
    for name, enrolled, values in shops.values():
        if values.get(enrolled):
            result[name] = index_series([values.get(m) for m in months], values[enrolled])
    return result
