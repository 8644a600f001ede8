"""The kiosk's state lives on the server: the cookie holds a random id and nothing secret."""

import json

import pytest

from smeup.models.kiosk import KioskSession
from tests.channels.helpers import PIN, hidden_fields, make_event, start_kiosk
from tests.helpers import count_rows, sql

COOKIE = "smeup_session"


@pytest.fixture
def kiosk(app, client, users):
    """A test client in kiosk mode."""
    event_id = make_event(app)
    assert start_kiosk(client, users["agent"], event_id).status_code == 303
    client.event_id = event_id
    return client


def cookie_contents(app, client) -> dict:
    """What anyone holding the tablet's cookie can read (it is signed, not encrypted)."""
    raw = client.get_cookie(COOKIE).value
    return app.session_interface.get_signing_serializer(app).loads(raw)


def test_the_cookie_carries_only_a_random_id_and_the_pin_hash_stays_on_the_server(kiosk, app):
    kiosk.get("/kiosk/")
    contents = cookie_contents(app, kiosk)
    kiosk_id = contents["kiosk"]
    assert isinstance(kiosk_id, str) and len(kiosk_id) >= 40
    assert "_user_id" not in contents
    [(stored_id, pin_hash, event_id)] = sql(app, "SELECT id, pin_hash, event_id FROM kiosk_session")
    assert stored_id == kiosk_id and event_id == kiosk.event_id
    assert pin_hash.startswith("scrypt:") and PIN not in pin_hash
    readable = json.dumps(contents)
    assert pin_hash not in readable and pin_hash.split("$")[-1] not in readable
    assert "scrypt" not in readable and PIN not in readable


def test_two_tablets_get_different_ids(app, client, users):
    event_id = make_event(app)
    other = app.test_client()
    start_kiosk(client, users["agent"], event_id)
    start_kiosk(other, users["officer"], event_id)
    ids = {cookie_contents(app, c)["kiosk"] for c in (client, other)}
    assert len(ids) == 2 and count_rows(app, KioskSession) == 2


def test_leaving_ends_the_server_record_and_a_copied_tablet_cookie_is_no_kiosk(kiosk, app):
    copy = app.test_client()
    copy.set_cookie(COOKIE, kiosk.get_cookie(COOKIE).value)
    assert copy.get("/phone/").headers["Location"] == "/kiosk/"  # the copy is the kiosk, for now
    token = hidden_fields(kiosk, "/kiosk/exit")["csrf_token"]
    assert kiosk.post("/kiosk/exit", data={"csrf_token": token, "pin": PIN}).status_code == 303
    assert count_rows(app, KioskSession) == 0
    assert "尚未啟用展示機模式" in copy.get("/kiosk/").get_data(as_text=True)
    assert copy.get("/login").status_code == 200  # not sent back to a kiosk start screen
    assert copy.get("/phone/").headers["Location"].startswith("/login")
    assert "kiosk" not in cookie_contents(app, copy)  # the dead id is dropped from the cookie
