"""`flask seed-demo` fills the four sites with shops and several months, once."""

from smeup.extensions import db
from smeup.models.digital import MonthlyRecord, Shop, Site


def test_seed_demo_fills_every_site_with_shops_and_months(app, runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert runner.invoke(args=["seed-demo"]).exit_code == 0  # twice adds nothing
    with app.app_context():
        per_site = db.session.execute(
            db.select(
                Site.name,
                db.func.count(db.distinct(Shop.id)),
                db.func.count(db.distinct(MonthlyRecord.month)),
            )
            .join(Shop, Shop.site_id == Site.id)
            .join(MonthlyRecord, MonthlyRecord.shop_id == Shop.id)
            .group_by(Site.name)
        ).all()
        assert db.session.scalar(db.select(db.func.count()).select_from(Shop)) == 20
    assert {name for name, _shops, _months in per_site} == {
        "審計新村",
        "扇形車庫",
        "台東樂活",
        "鹿港",
    }
    assert all(shops == 5 and months >= 3 for _name, shops, months in per_site)
