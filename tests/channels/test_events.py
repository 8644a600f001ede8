"""Roadshow events: officers create and edit them; agents may not."""

import html

from smeup.models import AuditEntry, Event
from tests.channels.helpers import hidden_fields, make_event
from tests.helpers import count_rows, sql

NEW = "/console/events/new"


def post_event(client, url=NEW, **changes):
    data = {
        "name": "淨零巡迴說明會（臺中場）",
        "date": "2025-10-18",
        "venue": "審計新村",
        "county": "台中市",
        "forms": ["course", "netzero"],
        **changes,
    }
    data["csrf_token"] = hidden_fields(client, url)["csrf_token"]
    return client.post(url, data=data)


def test_officer_creates_an_event_and_sees_it_listed(auth, app):
    client = auth("officer")
    response = post_event(client)
    assert response.status_code == 303
    page = client.get("/console/events/").get_data(as_text=True)
    assert "淨零巡迴說明會（臺中場）" in page and "2025-10-18" in page
    assert "淨零健檢、課程意願調查" in page
    rows = sql(app, "SELECT name, county, venue FROM event")
    assert rows == [("淨零巡迴說明會（臺中場）", "臺中市", "審計新村")]
    with app.app_context():
        from smeup.extensions import db

        event = db.session.scalar(db.select(Event))
        assert event.forms == ["netzero", "course"]  # catalogue order, whatever the tick order
    assert count_rows(app, AuditEntry) >= 1


def test_a_wrong_event_is_refused_next_to_its_fields_and_keeps_what_was_typed(auth, app):
    client = auth("officer")
    response = post_event(client, name="", date="2025-13-40", forms=[], venue="扇形車庫")
    assert response.status_code == 422
    page = html.unescape(response.get_data(as_text=True))
    assert "請填寫活動名稱" in page
    assert "日期格式不正確" in page
    assert "請至少勾選一種在活動現場開放的表單" in page
    assert 'value="扇形車庫"' in page and 'value="2025-13-40"' in page
    assert count_rows(app, Event) == 0


def test_an_unknown_form_key_is_refused(auth, app):
    response = post_event(auth("officer"), forms=["netzero", "lottery"])
    assert response.status_code == 422
    assert "請從清單中選擇表單" in response.get_data(as_text=True)
    assert count_rows(app, Event) == 0


def test_officer_edits_an_event(auth, app):
    event_id = make_event(app)
    client = auth("officer")
    url = f"/console/events/{event_id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert 'value="淨零巡迴說明會（臺中場）"' in page
    assert 'id="forms-netzero" name="forms" value="netzero" checked' in page
    response = post_event(
        client, url, name="淨零巡迴說明會（鹿港場）", county="彰化縣", forms=["sbtr"]
    )
    assert response.status_code == 303
    assert sql(app, "SELECT name, county FROM event") == [("淨零巡迴說明會（鹿港場）", "彰化縣")]


def test_agents_cannot_manage_events(auth, app):
    client = auth("agent")
    assert client.get("/console/events/").status_code == 403
    assert client.get(NEW).status_code == 403
