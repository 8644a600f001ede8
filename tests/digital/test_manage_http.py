"""Officers manage sites and shops: the seeded sites, a shop's fields, the employee warning."""

from smeup.extensions import db
from smeup.models import User
from smeup.models.digital import Shop
from tests.helpers import count_rows, csrf_token


def shop_form(client, sites, **changes):
    with client.application.app_context():
        agent = db.session.scalar(db.select(User).filter_by(username="agent1"))
    data = {
        "csrf_token": csrf_token(client, "/digital/shops/new"),
        "site_id": str(sites["鹿港"]),
        "name": "鹿港老街麵線",
        "ubn": "",
        "phone": "04-777-1234",
        "employees": "4",
        "tool_category": "pos",
        "vendor": "雲收銀股份有限公司",
        "usage_unit": "交易筆數",
        "enrolled_month": "115/05",
        "counsellor_id": str(agent.id),
        "status": "active",
    }
    data.update(changes)
    return client.post("/digital/shops/new", data=data)


def test_the_four_sites_are_listed(auth, sites):
    html = auth("officer").get("/digital/sites/").get_data(as_text=True)
    for name in ("審計新村", "扇形車庫", "台東樂活", "鹿港"):
        assert name in html


def test_an_officer_adds_a_shop_with_a_roc_month_and_assigns_a_counsellor(app, auth, sites):
    client = auth("officer")
    response = shop_form(client, sites)
    assert response.status_code == 303
    with app.app_context():
        shop = db.session.scalar(db.select(Shop))
        assert (shop.enrolled_month, shop.ubn, shop.counsellor.username) == (
            "2026-05",
            None,
            "agent1",
        )


def test_more_than_nine_employees_is_allowed_with_a_visible_warning(app, auth, sites):
    client = auth("officer")
    response = shop_form(client, sites, employees="12", ubn="22099131")
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "超過本計畫對象的 9 人" in page


def test_bad_fields_are_refused_and_kept(app, auth, sites):
    client = auth("officer")
    response = shop_form(client, sites, ubn="12345678", enrolled_month="2026-13", name="")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "統一編號檢查碼不符" in html
    assert "1 到 12" in html
    assert "請填寫店家名稱" in html
    assert 'value="2026-13"' in html
    assert count_rows(app, Shop) == 0


def test_a_new_course_survey_starts_with_the_active_sites_as_its_locations(app, auth, sites):
    client = auth("officer")
    token = csrf_token(client, "/digital/sites/new")
    client.post(
        f"/digital/sites/{sites['鹿港']}/edit",
        data={"csrf_token": token, "name": "鹿港", "county": "彰化縣", "active": "no"},
    )
    html = client.get("/console/surveys/new").get_data(as_text=True)
    textarea = html.split('name="locations"')[1].split("</textarea>")[0]
    assert "審計新村\n扇形車庫\n台東樂活" in textarea
    assert "鹿港" not in textarea  # an inactive site is not offered
