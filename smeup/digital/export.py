"""Export rows of monthly records (exports.md): shop, site, 統一編號, month, the three values."""

from __future__ import annotations

from collections.abc import Iterator

from ..exports.columns import Cell, Column, header, select_columns
from ..extensions import db
from ..models.digital import MonthlyRecord, Shop, Site

BATCH_ROWS = 5000
COLUMNS = (
    (Column("shop_id", "店家編號"), Shop.id),
    (Column("shop_name", "店家名稱"), Shop.name),
    (Column("site", "場域"), Site.name),
    (Column("ubn", "統一編號"), Shop.ubn),
    (Column("contact_phone", "店家電話", personal=True), Shop.phone),
    (Column("month", "月份"), MonthlyRecord.month),
    (Column("usage", "使用量"), MonthlyRecord.usage),
    (Column("usage_unit", "使用量單位"), Shop.usage_unit),
    (Column("orders", "訂單數"), MonthlyRecord.orders),
    (Column("net_sales", "淨銷售額"), MonthlyRecord.net_sales),
    (Column("visit_date", "訪視日期"), MonthlyRecord.visit_date),
)


def _chosen(personal: bool):
    keep = {c.key for c in select_columns([c for c, _sql in COLUMNS], personal)}
    return [(c, sql) for c, sql in COLUMNS if c.key in keep]


def export_header(personal: bool, chinese: bool) -> list[str]:
    """The header row: keys, or zh-Hant labels."""
    return header([c for c, _sql in _chosen(personal)], chinese)


def export_rows(personal: bool, site_id: int | None = None) -> Iterator[list[Cell]]:
    """Every monthly record (of one site when given), by site, shop and month, in batches."""
    chosen = _chosen(personal)
    query = (
        db.select(*(sql for _c, sql in chosen))
        .select_from(MonthlyRecord)
        .join(Shop, Shop.id == MonthlyRecord.shop_id)
        .join(Site, Site.id == Shop.site_id)
        .order_by(Site.id, Shop.id, MonthlyRecord.month)
    )
    if site_id:
        query = query.where(Shop.site_id == site_id)
    result = db.session.connection().execute(query.execution_options(yield_per=BATCH_ROWS))
    text_columns = {i for i, (c, _s) in enumerate(chosen) if c.key in ("ubn", "contact_phone")}
    try:
        for batch in result.partitions():
            for row in batch:
                yield [
                    ("" if v is None else v) if i in text_columns else v for i, v in enumerate(row)
                ]
    finally:
        result.close()
