"""An agent reads and writes only the shops assigned to it (the URL-map sweep, with real shops)."""

import pytest

from smeup.extensions import db
from smeup.models import User
from smeup.models.digital import MonthlyRecord
from tests.helpers import count_rows, csrf_token


@pytest.fixture
def two_shops(app, users, make_shop):
    """agent1's shop and a shop of another counsellor."""
    with app.app_context():
        other = User(username="agent2", role="agent", display_name="另一位顧問")
        other.set_password("x" * 12)
        db.session.add(other)
        db.session.commit()
    return make_shop("阿美早餐"), make_shop("別人的店", counsellor="agent2")


def shop_urls(app, shop_id):
    """Every digital URL that names a shop, with this shop (and a real month) filled in."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("digital.") and "shop_id" in rule.arguments:
            url = rule.rule.replace("<int:shop_id>", str(shop_id)).replace("<month>", "2026-05")
            methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
            found += [(method, url) for method in methods]
    return found


def test_an_agent_gets_403_on_every_url_of_a_shop_not_assigned_to_it(app, auth, two_shops):
    mine, theirs = two_shops
    client = auth("agent")
    token = csrf_token(client, f"/digital/shops/{mine}/entry")
    data = {"csrf_token": token, "key": "k" * 24, "usage": "5", "reason": "x", "month": "2026-05"}
    urls = shop_urls(app, theirs)
    assert len(urls) >= 6  # page, entry, save, reopen, edit (GET and POST)
    answers = {f"{m} {u}": client.open(u, method=m, data=data).status_code for m, u in urls}
    assert set(answers.values()) == {403}, answers
    assert count_rows(app, MonthlyRecord) == 0


def test_an_agent_opens_its_own_shop_and_its_list_shows_only_its_shops(app, auth, two_shops):
    mine, theirs = two_shops
    client = auth("agent")
    assert client.get(f"/digital/shops/{mine}").status_code == 200
    assert client.get(f"/digital/shops/{mine}/entry").status_code == 200
    listing = client.get("/digital/").get_data(as_text=True)
    assert "阿美早餐" in listing and "別人的店" not in listing
    # Officer pages stay closed to agents even for their own shop.
    assert client.get(f"/digital/shops/{mine}/edit").status_code == 403


def test_an_officer_sees_every_shop(app, auth, two_shops):
    mine, theirs = two_shops
    client = auth("officer")
    listing = client.get("/digital/").get_data(as_text=True)
    assert "阿美早餐" in listing and "別人的店" in listing
    assert client.get(f"/digital/shops/{theirs}/entry").status_code == 200
