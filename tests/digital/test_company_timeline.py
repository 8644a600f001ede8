"""The company page's timeline shows the company's shops: enrolment and each reported month."""

import html
from datetime import date

from smeup.digital.records import MonthValues
from smeup.extensions import db
from smeup.models.register import Company
from tests.digital.test_records import save
from tests.register.conftest import store


def test_the_company_page_lists_the_shop_enrolment_and_its_months(app, auth, users, make_shop):
    with app.test_request_context():
        store()  # a net-zero check of 22099131 makes the company
    shop_id = make_shop(ubn="22099131", enrolled_month="2026-05")
    with app.app_context():
        save(shop_id, "2026-06", MonthValues(usage=150, orders=12), "k" * 24, date(2026, 7, 2))
        company_id = db.session.scalar(db.select(Company.id).filter_by(ubn="22099131"))
    page = html.unescape(auth("officer").get(f"/console/companies/{company_id}").get_data(True))
    timeline = page[page.index("歷程") :]
    assert "小林咖啡 加入數位轉型陪伴輔導（審計新村）" in timeline
    assert "小林咖啡 2026年6月：使用量 150、訂單 12" in timeline
    # newest first: the June record stands above the enrolment in May
    assert timeline.index("2026年6月") < timeline.index("加入數位轉型陪伴輔導")
    assert f'href="/digital/shops/{shop_id}"' in timeline
