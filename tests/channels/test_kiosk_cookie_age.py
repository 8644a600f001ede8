"""A kiosk tablet stays a kiosk through a long Wi-Fi outage; staff sessions still end in 30 minutes.

A tablet that reached no page for over 30 minutes (the venue's Wi-Fi down) came back as a
stranger: its cookie had aged past the staff session lifetime, so its outbox could deliver
nothing until staff started kiosk mode again, and then under a new kiosk session.
"""

from datetime import timedelta

from tests.channels.helpers import start_kiosk
from tests.helpers import login

EVENT_NAME = "淨零巡迴說明會（臺中場）"  # make_event's default


def is_kiosk_start_screen(client) -> bool:
    page = client.get("/kiosk/")
    return page.status_code == 200 and EVENT_NAME in page.get_data(as_text=True)


def test_a_tablet_offline_for_hours_is_still_the_kiosk_when_the_network_is_back(
    client, users, event_id, clock
):
    assert start_kiosk(client, users["agent"], event_id).status_code == 303
    assert is_kiosk_start_screen(client)
    clock.shift(timedelta(hours=9))  # the whole day without a request reaching the server
    assert is_kiosk_start_screen(client)
    assert client.get("/kiosk/outbox/token").status_code == 200


def test_a_kiosk_cookie_older_than_the_offline_days_opens_nothing(
    client, users, event_id, clock, app
):
    assert start_kiosk(client, users["agent"], event_id).status_code == 303
    clock.shift(timedelta(days=app.config["SMEUP_KIOSK_OFFLINE_DAYS"], minutes=1))
    assert not is_kiosk_start_screen(client)


def test_the_kiosk_lifetime_does_not_stretch_a_staff_session(client, users, clock):
    assert login(client, users["officer"]).status_code == 302
    assert client.get("/console/").status_code == 200
    clock.shift(timedelta(minutes=31))
    assert client.get("/console/").status_code == 302  # back to the login page
