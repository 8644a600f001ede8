"""Demo shops and months for `flask seed-demo`: the four sites fill the grid and the trends.

Safe to run twice: shops are added only when there are none.
"""

from __future__ import annotations

import random

from .. import clock
from ..extensions import db
from ..models import User
from ..models.digital import MonthlyRecord, Shop, Site
from ..reference.digital import TOOL_CATEGORIES, USAGE_UNITS
from ..reference.sites import ensure_seeded_sites
from .months import add_months, month_of, months_between

FIRST_MONTH = "2026-05"  # the brochure's table starts in 5月
SHOP_NAMES = {
    "審計新村": ("小林手作甜點", "森日咖啡", "審計選物店", "木匠工作室", "青鳥書屋"),
    "扇形車庫": ("車庫麵線", "扇形文創", "老街冰果室", "鐵道便當", "月台花店"),
    "台東樂活": ("卑南小米酒", "鹿野茶園", "海岸民宿", "池上米舖", "都蘭衝浪店"),
    "鹿港": ("鹿港麵茶", "老街牛舌餅", "龍山香鋪", "九曲巷茶屋", "天后宮燈籠"),
}
DEMO_UBNS = ("22099131", "04595257", None, "12345675", None)


def _counsellors() -> list[int | None]:
    agent = db.session.scalar(db.select(User.id).filter_by(username="agent"))
    officer = db.session.scalar(db.select(User.id).filter_by(username="officer"))
    return [agent, officer]


def seed() -> None:
    """Add twenty shops across the four sites and their months since May (deterministic)."""
    ensure_seeded_sites()
    db.session.flush()
    if db.session.scalar(db.select(Shop.id).limit(1)) is not None:
        return
    rng = random.Random(13)  # noqa: S311 - demo numbers, not secrets
    last = add_months(month_of(clock.taipei_today()), -1)
    months = months_between(FIRST_MONTH, max(last, add_months(FIRST_MONTH, 2)))
    counsellors = _counsellors()
    categories = list(TOOL_CATEGORIES)
    sites = {s.name: s for s in db.session.scalars(db.select(Site))}
    for site_name, names in SHOP_NAMES.items():
        for i, name in enumerate(names):
            shop = Shop(
                site_id=sites[site_name].id,
                name=name,
                ubn=DEMO_UBNS[i] if site_name == "審計新村" else None,
                phone="",
                employees=rng.randint(1, 12),
                tool_category=categories[(i * 3 + len(site_name)) % len(categories)],
                vendor=f"示範雲端廠商{i + 1}",
                usage_unit=USAGE_UNITS[i % len(USAGE_UNITS)],
                enrolled_month=FIRST_MONTH,
                counsellor_id=counsellors[i % 2],
                status="active",
            )
            db.session.add(shop)
            db.session.flush()
            _months(shop, months, rng)


def _months(shop: Shop, months: list[str], rng: random.Random) -> None:
    """Usage growing ~50 % a month at first (the brochure's 100 → 150 → 200), sales a little."""
    usage = rng.randint(15, 25)
    orders = rng.randint(40, 200)
    sales = orders * rng.randint(250, 600)
    for n, month in enumerate(months):
        skipped = rng.random() < 0.08 and n > 0  # some months are not reported
        if not skipped:
            db.session.add(
                MonthlyRecord(
                    shop_id=shop.id,
                    month=month,
                    usage=usage,
                    orders=orders,
                    net_sales=sales,
                    visit_note="",
                )
            )
        usage = int(usage * rng.uniform(1.2, 1.6) if n < 3 else usage * rng.uniform(0.95, 1.15))
        orders = int(orders * rng.uniform(0.97, 1.12))
        sales = int(sales * rng.uniform(0.96, 1.10))
