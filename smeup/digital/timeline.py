"""What the company register's timeline shows of a company's shops: enrolment and each month.

The digital room talks to the register (architecture.md): it adds its lines as a timeline source.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from ..clock import TAIPEI_OFFSET
from ..company.ubn import normalise_ubn
from ..extensions import db
from ..models.digital import MonthlyRecord, Shop, Site
from ..register.timeline import Event, add_timeline_source
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


@add_timeline_source
def company_timeline(company) -> list[Event]:
    """The company's shops as timeline events, dated at Taipei midnight of their day (stored UTC)."""
    return [
        Event(datetime.combine(item.on, time()) - TAIPEI_OFFSET, "digital", None, item)
        for item in shop_records_for_ubn(company.ubn)
    ]
