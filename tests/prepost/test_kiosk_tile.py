"""Finding a test: the open tests' list, and the kiosk start-screen tile that leads to it."""

import html

from smeup.extensions import db
from tests.channels.helpers import make_event, start_kiosk
from tests.prepost.conftest import build_test


def test_the_list_shows_open_tests_and_not_closed_ones(app, client):
    with app.app_context():
        open_id = build_test("post")
        closed_id = build_test(None)
        db.session.commit()
    page = html.unescape(client.get("/tests/").get_data(as_text=True))
    assert f'href="/tests/{open_id}"' in page and "後測開放中" in page
    assert f'href="/tests/{closed_id}"' not in page


def test_a_roadshow_offering_tests_shows_their_tile_and_a_visitor_reaches_the_test(
    app, client, users
):
    with app.app_context():
        test_id = build_test("pre")
    event_id = make_event(app, forms=("netzero", "prepost"))
    assert start_kiosk(client, users["agent"], event_id).status_code in (302, 303)
    start = html.unescape(client.get("/kiosk/").get_data(as_text=True))
    assert 'href="/tests/"' in start and "課程前測／後測" in start
    listing = client.get("/tests/").get_data(as_text=True)
    assert f'href="/tests/{test_id}"' in listing
    assert client.get(f"/tests/{test_id}").status_code == 200
