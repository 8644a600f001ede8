"""What the company register's timeline shows of a company's shops: enrolment and each month.

The register (smeup/register/, built in parallel) cannot be imported from here yet; its company
page calls shop_records_for_ubn(ubn) and merges the items into its own timeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..company.ubn import normalise_ubn
from ..extensions import db
from ..models.digital import MonthlyRecord, Shop, Site
from .months import first_day, label


@dataclass(frozen=True)
class TimelineItem:
    """One dated line on a company's timeline, with the shop it concerns."""

    on: date
    kind: str  # digital_enrolment | digital_month
    shop_id: int
    text: str


def shop_records_for_ubn(ubn: str) -> list[TimelineItem]:
    """A company's shops (by 統一編號): their enrolment and each reported month, oldest first."""
    ubn = normalise_ubn(ubn or "")
    if not ubn:
        return []
    shops = db.session.execute(
        db.select(Shop.id, Shop.name, Shop.enrolled_month, Site.name)
        .join(Site, Site.id == Shop.site_id)
        .where(Shop.ubn == ubn)
    ).all()
    items = [
        TimelineItem(
            first_day(enrolled),
            "digital_enrolment",
            shop_id,
            f"{name} 加入數位轉型陪伴輔導（{site}）",
        )
        for shop_id, name, enrolled, site in shops
    ]
    names = {shop_id: name for shop_id, name, _e, _s in shops}
    records = db.session.execute(
        db.select(
            MonthlyRecord.shop_id,
            MonthlyRecord.month,
            MonthlyRecord.usage,
            MonthlyRecord.orders,
            MonthlyRecord.net_sales,
        ).where(MonthlyRecord.shop_id.in_(list(names)))
    ).all()
    for shop_id, month, usage, orders, sales in records:
        figures = "、".join(
            f"{text} {value:,}"
            for text, value in (("使用量", usage), ("訂單", orders), ("淨銷售額", sales))
            if value is not None
        )
        items.append(
            TimelineItem(
                first_day(month),
                "digital_month",
                shop_id,
                f"{names[shop_id]} {label(month)}：{figures or '未回報'}",
            )
        )
    return sorted(items, key=lambda item: (item.on, item.kind != "digital_enrolment", item.shop_id))
