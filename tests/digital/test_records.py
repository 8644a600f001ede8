"""Saving a shop-month: the first save, changes kept with who and when, replays, locks."""

from datetime import date

import pytest

from smeup.digital.locks import reopen_until
from smeup.digital.records import MonthLocked, MonthValues, save_month
from smeup.extensions import db
from smeup.models import User
from smeup.models.digital import MonthlyRecord, MonthReopening, RecordChange, Shop
from tests.helpers import count_rows

TODAY = date(2026, 6, 5)


def save(shop_id, month, values, key, today=TODAY):
    shop = db.session.get(Shop, shop_id)
    user = db.session.scalar(db.select(User).filter_by(username="agent1"))
    return save_month(shop, month, values, user_id=user.id, key=key, today=today, lock_days=10)


def test_first_save_keeps_no_history_later_changes_keep_old_new_who(app, users, make_shop):
    shop_id = make_shop()
    with app.app_context():
        first = save(shop_id, "2026-05", MonthValues(usage=120, orders=40), "k" * 24)
        assert first.changed == ("usage", "orders")
        again = save(shop_id, "2026-05", MonthValues(usage=150, orders=40), "m" * 24)
        assert again.changed == ("usage",)
        change = db.session.scalar(db.select(RecordChange))
        assert (change.field, change.old_value, change.new_value) == ("usage", "120", "150")
        assert change.changed_by.username == "agent1"
        # Blank means "not reported": clearing a value is a change, stored as None, not 0.
        save(shop_id, "2026-05", MonthValues(usage=150), "n" * 24)
        record = db.session.scalar(db.select(MonthlyRecord))
        assert record.orders is None
    assert count_rows(app, RecordChange) == 2


def test_the_same_key_twice_stores_once(app, users, make_shop):
    shop_id = make_shop()
    with app.app_context():
        save(shop_id, "2026-05", MonthValues(usage=120), "k" * 24)
        replay = save(shop_id, "2026-05", MonthValues(usage=120), "k" * 24)
        assert replay.replay
    assert count_rows(app, MonthlyRecord) == 1
    assert count_rows(app, RecordChange) == 0


def test_a_locked_month_refuses_until_an_officer_reopens_it(app, users, make_shop):
    shop_id = make_shop()
    late = date(2026, 6, 11)
    with app.app_context():
        with pytest.raises(MonthLocked, match="2026-06-11 鎖定"):
            save(shop_id, "2026-05", MonthValues(usage=1), "k" * 24, today=late)
        db.session.add(
            MonthReopening(
                shop_id=shop_id, month="2026-05", reason="補登", open_until=reopen_until(late, 7)
            )
        )
        db.session.commit()
        save(shop_id, "2026-05", MonthValues(usage=1), "k" * 24, today=late)
        # The reopening lasts seven days, then the month locks again.
        with pytest.raises(MonthLocked):
            save(shop_id, "2026-05", MonthValues(usage=2), "m" * 24, today=date(2026, 6, 18))
    assert count_rows(app, MonthlyRecord) == 1


def test_a_company_timeline_gets_its_shops_enrolment_and_months(app, users, make_shop):
    from smeup.digital.timeline import shop_records_for_ubn

    shop_id = make_shop(ubn="22099131", enrolled_month="2026-05")
    make_shop("別家", ubn="04595257")
    with app.app_context():
        save(shop_id, "2026-05", MonthValues(usage=120, net_sales=5000), "k" * 24)
        items = shop_records_for_ubn("22099131")
        assert shop_records_for_ubn("") == []
    assert [(i.on, i.kind) for i in items] == [
        (date(2026, 5, 1), "digital_enrolment"),
        (date(2026, 5, 1), "digital_month"),
    ]
    assert items[1].text == "小林咖啡 2026年5月：使用量 120、淨銷售額 5,000"


def test_a_save_and_its_audit_entry_are_stored_together_or_not_at_all(app, users, make_shop):
    shop_id = make_shop()

    def audit_fails(_changed):
        raise RuntimeError("audit log unavailable")

    with app.app_context():
        shop = db.session.get(Shop, shop_id)
        with pytest.raises(RuntimeError):
            save_month(
                shop,
                "2026-05",
                MonthValues(usage=120),
                user_id=None,
                key="k" * 24,
                today=TODAY,
                lock_days=10,
                on_change=audit_fails,
            )
    assert count_rows(app, MonthlyRecord) == 0
