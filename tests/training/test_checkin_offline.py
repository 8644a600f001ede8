"""The door's offline queue: a check-in delivered later records its arrival time, once."""

from datetime import timedelta

from smeup.extensions import db
from smeup.models.base import utcnow
from smeup.models.training import TrainingRegistration
from smeup.training import checkin
from tests.helpers import csrf_token

from .test_checkin import registered, today_session


def _deliver(client, session_id, rid, key, arrived_ms, sent_ms, token):
    return client.post(
        f"/checkin/{session_id}/offline",
        json={"key": key, "registration_id": rid, "arrived_at": arrived_ms, "sent_at": sent_ms},
        headers={"X-CSRFToken": token},
    )


def test_a_queued_check_in_is_recorded_once_with_its_arrival_time(app, client, auth):
    session_id, (rid, *_) = registered(app, 2)
    auth("agent")
    token = csrf_token(client, f"/checkin/{session_id}")
    # The tablet's clock is an hour off; it says the person came 20 minutes before sending.
    tablet_now = 1_900_000_000_000
    before = utcnow()
    first = _deliver(client, session_id, rid, "k-1", tablet_now - 20 * 60_000, tablet_now, token)
    assert first.status_code == 200 and first.json["ack"] == "k-1" and first.json["kind"] == "new"
    with app.app_context():
        stored = db.session.get(TrainingRegistration, rid)
        arrived = stored.checked_in_at
        assert stored.attended and stored.checkin_source == "offline"
    assert abs((before - timedelta(minutes=20) - arrived).total_seconds()) < 5
    again = _deliver(
        client, session_id, rid, "k-1", tablet_now - 20 * 60_000, tablet_now + 5000, token
    )
    assert again.json["ack"] == "k-1" and again.json["kind"] == "already"
    other_key = _deliver(client, session_id, rid, "k-2", tablet_now, tablet_now, token)
    assert other_key.json["kind"] == "already"
    with app.app_context():
        assert db.session.get(TrainingRegistration, rid).checked_in_at == arrived


def test_an_arrival_time_that_cannot_be_believed_is_the_delivery_time(app, client, auth):
    session_id, (rid, rid2) = registered(app, 2)
    auth("agent")
    token = csrf_token(client, f"/checkin/{session_id}")
    before = utcnow()
    # "Came" two days ago: before the door opened.
    _deliver(client, session_id, rid, "k-3", 0, 2 * 86_400_000, token)
    _deliver(client, session_id, rid2, "k-4", "noon", 5, token)
    with app.app_context():
        for registration_id in (rid, rid2):
            at = db.session.get(TrainingRegistration, registration_id).checked_in_at
            assert at >= before - timedelta(seconds=1)


def test_the_offline_endpoint_refuses_strangers_and_bad_bodies(app, client, auth):
    session_id, (rid, *_) = registered(app, 1)
    _, (elsewhere,) = registered(app, 1)
    assert client.post(f"/checkin/{session_id}/offline", json={}).status_code == 302  # login
    auth("agent")
    token = csrf_token(client, f"/checkin/{session_id}")
    assert (
        client.post(f"/checkin/{session_id}/offline", json={"key": "k"}).status_code == 400
    )  # no CSRF
    bad = client.post(
        f"/checkin/{session_id}/offline",
        data="[]",
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert bad.status_code == 400
    foreign = _deliver(client, session_id, elsewhere, "k-5", 1, 1, token)
    assert foreign.json == {"ack": "k-5", "kind": "unknown", "words": "查無此報名"}
    with app.app_context():
        assert not db.session.get(TrainingRegistration, elsewhere).attended


def test_arrival_time_is_read_from_the_door_clock_difference(app):
    with app.test_request_context():
        session = today_session()
        now = utcnow()
        assert checkin.arrival_time(session, 1000, 61_000, now) == (
            now - timedelta(minutes=1)
        ).replace(microsecond=(now.microsecond // 1000) * 1000)
        assert checkin.arrival_time(session, 61_000, 1000, now) is None  # sent before it came
        assert checkin.arrival_time(session, True, 1000, now) is None
        assert checkin.arrival_time(session, 0, 10 * 3600 * 1000, now) is None  # before the door
