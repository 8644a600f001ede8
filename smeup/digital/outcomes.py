"""Outcome summary per site: shops reporting, shops grown ≥ 5 % over baseline, median changes."""

from __future__ import annotations

from sqlalchemy.orm import aliased

from ..extensions import db
from ..models.digital import MonthlyRecord, Shop, Site
from .figures import ShopOutcome, SiteOutcome, site_outcome


def outcomes_by_site() -> list[tuple[Site, SiteOutcome]]:
    """Each site's outcome summary, from its shops' baseline and latest reported months."""
    base = aliased(MonthlyRecord)
    latest = aliased(MonthlyRecord)
    latest_month = (
        db.select(db.func.max(MonthlyRecord.month))
        .where(
            MonthlyRecord.shop_id == Shop.id,
            MonthlyRecord.month > Shop.enrolled_month,
            MonthlyRecord.net_sales.is_not(None),
        )
        .correlate(Shop)
        .scalar_subquery()
    )
    reported = (
        db.select(db.func.count(MonthlyRecord.id))
        .where(MonthlyRecord.shop_id == Shop.id)
        .correlate(Shop)
        .scalar_subquery()
    )
    query = (
        db.select(
            Shop.site_id,
            reported,
            base.orders,
            base.net_sales,
            latest.orders,
            latest.net_sales,
        )
        .outerjoin(base, (base.shop_id == Shop.id) & (base.month == Shop.enrolled_month))
        .outerjoin(latest, (latest.shop_id == Shop.id) & (latest.month == latest_month))
    )
    per_site: dict[int, list] = {}
    for site_id, n_records, b_orders, b_sales, l_orders, l_sales in db.session.execute(query):
        per_site.setdefault(site_id, []).append(
            (n_records > 0, ShopOutcome(b_orders, b_sales, l_orders, l_sales))
        )
    sites = db.session.scalars(db.select(Site).order_by(Site.id)).all()
    result = []
    for site in sites:
        shops = per_site.get(site.id, [])
        if not site.active and not shops:
            continue
        result.append(
            (
                site,
                site_outcome(
                    shops=len(shops),
                    reporting=sum(1 for has, _o in shops if has),
                    outcomes=[o for _has, o in shops],
                ),
            )
        )
    return result
