"""Confirming an import: what the preview showed is what is written, once.

A month changed between the preview and the confirmation is not overwritten behind the officer's
back: the confirmation is refused and the new preview shown. Two confirmations of one import at
once (two tabs, two officers) apply it once, on SQLite and on PostgreSQL.
"""

import threading

from smeup.extensions import db
from smeup.models import AuditEntry
from smeup.models.digital import MonthlyRecord, RecordChange, Shop, ShopImport
from tests.digital import test_import
from tests.digital.test_entry_http import post_month
from tests.digital.test_import import HEADER, confirm_fields, upload
from tests.helpers import count_rows, login

# The fixtures test_import's tests use: today is 2026-06-05; two shops, May of one stored.
june_fifth = test_import.june_fifth
shops = test_import.shops

STALE = "預覽之後，系統中的資料有了變動"


def may_orders(app) -> int:
    with app.app_context():
        return db.session.scalar(
            db.select(MonthlyRecord.orders)
            .join(Shop)
            .where(Shop.ubn == "22099131", MonthlyRecord.month == "2026-05")
        )


def imports_audited(app) -> int:
    with app.app_context():
        return db.session.scalar(
            db.select(db.func.count()).select_from(AuditEntry).filter_by(action="digital_import")
        )


def test_a_month_changed_after_the_preview_is_not_overwritten(app, auth, users, shops):
    officer = auth("officer")
    location = upload(officer, "月報.csv", (HEADER + "22099131,,2026-05,100,10,50000\r\n").encode())
    location = location.headers["Location"]
    page = officer.get(location).get_data(as_text=True)
    assert "訂單數 20 → 10" in page
    seen = confirm_fields(page)

    # Meanwhile the counsellor types May's orders again, through the entry screen.
    counsellor = app.test_client()
    assert login(counsellor, users["agent"]).status_code == 302
    saved = post_month(
        counsellor, shops[0], "2026-05", usage="100", orders="60", net_sales="50000", confirm="1"
    )
    assert saved.status_code == 200
    assert may_orders(app) == 60

    refused = officer.post(location, data=seen)
    assert refused.status_code == 409
    html = refused.get_data(as_text=True)
    assert STALE in html and "沒有寫入任何資料" in html
    assert "訂單數 60 → 10" in html  # the new preview, from what is stored now
    assert may_orders(app) == 60
    assert imports_audited(app) == 0
    with app.app_context():
        assert db.session.scalar(db.select(ShopImport.applied_at)) is None

    # Confirming what the new preview shows writes it.
    assert officer.post(location, data=confirm_fields(html)).status_code == 303
    assert may_orders(app) == 10
    assert imports_audited(app) == 1


def test_a_confirm_without_what_the_preview_showed_is_refused(app, auth, shops):
    officer = auth("officer")
    location = upload(officer, "月報.csv", (HEADER + "22099131,,2026-05,100,10,50000\r\n").encode())
    location = location.headers["Location"]
    fields = confirm_fields(officer.get(location).get_data(as_text=True))
    del fields["seen"]
    response = officer.post(location, data=fields)
    assert response.status_code == 409 and STALE in response.get_data(as_text=True)
    assert may_orders(app) == 20


def test_two_confirmations_at_once_apply_the_import_once(app, auth, users, shops):
    officer = auth("officer")
    content = (
        HEADER + "22099131,,2026-05,100,10,50000\r\n,阿美早餐,2026-05,30,6,9000\r\n"
    ).encode()
    location = upload(officer, "月報.csv", content).headers["Location"]
    tabs = []
    for _ in range(2):
        tab = app.test_client()
        assert login(tab, users["officer"]).status_code == 302
        tabs.append((tab, confirm_fields(tab.get(location).get_data(as_text=True))))
    barrier = threading.Barrier(2)
    statuses, errors = [], []

    def press(tab, fields):
        try:
            barrier.wait(timeout=10)
            statuses.append(tab.post(location, data=fields).status_code)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=press, args=tab) for tab in tabs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == [] and statuses == [303, 303]
    assert imports_audited(app) == 1
    assert count_rows(app, RecordChange) == 1  # orders 20 → 10, written once
    assert count_rows(app, MonthlyRecord) == 2
    assert may_orders(app) == 10


def test_an_upload_kept_without_its_rows_asks_for_the_file_again(app, auth, shops):
    officer = auth("officer")
    location = upload(officer, "月報.csv", (HEADER + "22099131,,2026-05,100,10,50000\r\n").encode())
    location = location.headers["Location"]
    fields = confirm_fields(officer.get(location).get_data(as_text=True))
    with app.app_context():  # as an upload from before rows were kept
        db.session.execute(db.update(ShopImport).values(file_rows=None))
        db.session.commit()
    assert "請重新上傳一次" in officer.get(location).get_data(as_text=True)
    response = officer.post(location, data=fields)
    assert response.status_code == 409 and "請重新上傳一次" in response.get_data(as_text=True)
    assert may_orders(app) == 20 and imports_audited(app) == 0
