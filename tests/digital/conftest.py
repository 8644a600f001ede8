"""Fixtures for the digital programme: the seeded sites and shops assigned to counsellors."""

import pytest

from smeup.extensions import db
from smeup.models import User
from smeup.models.digital import Shop, Site


@pytest.fixture
def sites(app):
    """The four seeded sites; returns {name: id}."""
    from smeup.reference.sites import ensure_seeded_sites

    with app.app_context():
        ensure_seeded_sites()
        db.session.commit()
        return {s.name: s.id for s in db.session.scalars(db.select(Site))}


@pytest.fixture
def make_shop(app, sites):
    """make_shop(name, counsellor='agent1', **fields) → the new shop's id."""

    def make(name="小林咖啡", counsellor="agent1", site="審計新村", **fields):
        with app.app_context():
            user = db.session.scalar(db.select(User).filter_by(username=counsellor))
            shop = Shop(
                site_id=sites[site],
                name=name,
                tool_category=fields.pop("tool_category", "pos"),
                usage_unit=fields.pop("usage_unit", "交易筆數"),
                enrolled_month=fields.pop("enrolled_month", "2026-05"),
                counsellor_id=user.id if user else None,
                **fields,
            )
            db.session.add(shop)
            db.session.commit()
            return shop.id

    return make


def save_months(app, values: dict) -> None:
    """Store {shop id: {month: (usage, orders, net sales)}}, each entered the month after."""
    from datetime import date

    from smeup.digital.months import add_months
    from smeup.digital.records import MonthValues, save_month

    with app.app_context():
        for shop_id, months in values.items():
            for month, (usage, orders, sales) in months.items():
                year, number = map(int, add_months(month, 1).split("-"))
                save_month(
                    db.session.get(Shop, shop_id),
                    month,
                    MonthValues(usage=usage, orders=orders, net_sales=sales),
                    user_id=None,
                    key=f"{shop_id}-{month}-key-padding-xx",
                    today=date(year, number, 1),
                    lock_days=10,
                )
