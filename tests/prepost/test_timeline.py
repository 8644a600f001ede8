"""The company page's timeline shows each participant's counted 前測/後測 scores."""

import html

from smeup.extensions import db
from smeup.models.register import Company
from tests.prepost.test_taking_http import item_ids, open_as, send
from tests.register.conftest import store


def test_the_company_page_shows_each_participants_scores(app, auth, client, course_test, make_shop):
    with app.test_request_context():
        store()  # a net-zero check of 22099131 makes the company
    shop = make_shop(ubn="22099131", name="阿明麵店")
    ids = item_ids(app, course_test)
    send(client, course_test, shop, {ids[0]: ["A"]}, name="王阿明")
    send(client, course_test, shop, {ids[2]: ["F"]}, name="王阿明")  # a repeat: not counted
    open_as(app, course_test, "post")
    send(client, course_test, shop, {ids[0]: ["A"], ids[1]: ["A", "C"]}, name="王阿明")
    with app.app_context():
        company_id = db.session.scalar(db.select(Company.id).filter_by(ubn="22099131"))
    page = html.unescape(auth("officer").get(f"/console/companies/{company_id}").get_data(True))
    timeline = page[page.index("歷程") :]
    assert "王阿明「數位行銷入門測驗」前測 2 / 6 分" in timeline
    assert "王阿明「數位行銷入門測驗」後測 5 / 6 分" in timeline
    assert "前測 1 / 6 分" not in timeline
    assert timeline.index("後測 5") < timeline.index("前測 2")  # newest first
    assert f'href="/console/tests/{course_test}/results"' in timeline
