"""The outbox's server side: client-made keys, encrypted entries, once-only storage, holds."""

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from smeup.outbox.delivery import server_time
from tests.channels.helpers import hidden_fields, netzero_answers, start_kiosk
from tests.channels.outbox_helpers import netzero_entry_answers, outbox_token, seal, send_entry
from tests.helpers import sql

MINUTE_MS = 60_000


@pytest.fixture
def kiosk(client, users, event_id, clock):
    """A tablet in kiosk mode for 40 minutes (entries captured since are believed)."""
    assert start_kiosk(client, users["agent"], event_id).status_code == 303
    clock.shift(timedelta(minutes=40))
    return client


def _now_ms() -> int:
    return int(datetime.now(UTC).timestamp() * 1000)


def test_a_client_made_uuid_is_accepted_as_the_submission_key(kiosk, event_id, app):
    hidden = hidden_fields(kiosk, "/netzero/")
    key = str(uuid.uuid4())
    answers = {**netzero_answers(), **hidden, "submission_key": key}
    first = kiosk.post("/netzero/", data=answers)
    again = kiosk.post("/netzero/", data=answers)
    assert first.status_code == again.status_code == 303
    assert first.headers["Location"] == again.headers["Location"]
    assert sql(app, "SELECT submission_key, channel, via_outbox FROM submission") == [
        (key, "roadshow", False)
    ]


def test_an_entry_decrypts_and_is_stored_once_with_capture_time_and_via_outbox(
    kiosk, event_id, app
):
    # The tablet's clock is an hour fast; the visitor pressed 送出 37 minutes before sending.
    tablet_now = _now_ms() + 60 * MINUTE_MS
    answers = netzero_entry_answers(
        netzero_answers(), captured=tablet_now - 37 * MINUTE_MS, event_id=event_id
    )
    entry = seal(app, answers)
    first = send_entry(kiosk, entry, sent_at=tablet_now, pending=2)
    second = send_entry(kiosk, entry, sent_at=tablet_now + 1000, pending=2)
    assert first.status_code == second.status_code == 200
    assert first.json == second.json == {"ack": entry["key"]}
    rows = sql(
        app, "SELECT channel, event_id, via_outbox, captured_at, submitted_at FROM submission"
    )
    assert len(rows) == 1
    channel, stored_event, via_outbox, captured_at, submitted_at = rows[0]
    assert (channel, stored_event, bool(via_outbox)) == ("roadshow", event_id, True)
    captured_at, submitted_at = _as_datetime(captured_at), _as_datetime(submitted_at)
    assert abs((submitted_at - captured_at) - timedelta(minutes=37)) < timedelta(seconds=5)
    assert sql(app, "SELECT outbox_pending FROM kiosk_session") == [(1,)]


def test_the_same_key_with_other_answers_is_a_409_and_held_for_staff(kiosk, event_id, app):
    key = str(uuid.uuid4())
    now = _now_ms()
    original = netzero_entry_answers(netzero_answers(), captured=now, event_id=event_id)
    changed = netzero_entry_answers(
        netzero_answers(company_name="另一家公司"), captured=now, event_id=event_id
    )
    assert send_entry(kiosk, seal(app, original, key), sent_at=now).status_code == 200
    reply = send_entry(kiosk, seal(app, changed, key), sent_at=now)
    assert reply.status_code == 409 and "ack" not in reply.json
    assert sql(app, "SELECT company_name FROM submission") == [("綠能五金有限公司",)]
    assert sql(app, "SELECT submission_key, kind FROM outbox_hold") == [(key, "conflict")]


def test_a_tampered_entry_is_refused_and_kept_for_staff(kiosk, event_id, app):
    now = _now_ms()
    entry = seal(app, netzero_entry_answers(netzero_answers(), captured=now, event_id=event_id))
    data = bytearray(entry["data"].encode())
    data[10] = ord("A") if data[10] != ord("A") else ord("B")  # one changed character
    tampered = {**entry, "data": data.decode()}
    reply = send_entry(kiosk, tampered, sent_at=now)
    assert reply.status_code == 422
    assert reply.json == {"ack": entry["key"], "held": "tampered"}
    assert sql(app, "SELECT count(*) FROM submission") == [(0,)]
    held = sql(app, "SELECT submission_key, kind, payload FROM outbox_hold")
    assert [(k, kind) for k, kind, _ in held] == [(entry["key"], "tampered")]
    assert json.loads(held[0][2])["data"] == tampered["data"]


def test_an_entry_moved_to_another_key_does_not_decrypt(kiosk, event_id, app):
    now = _now_ms()
    entry = seal(app, netzero_entry_answers(netzero_answers(), captured=now, event_id=event_id))
    moved = {**entry, "key": str(uuid.uuid4())}
    assert send_entry(kiosk, moved, sent_at=now).json["held"] == "tampered"
    assert sql(app, "SELECT count(*) FROM submission") == [(0,)]


def test_answers_that_fail_the_form_rules_are_held_with_the_reason(kiosk, event_id, app):
    now = _now_ms()
    bad = netzero_entry_answers(netzero_answers(contact_phone=""), captured=now, event_id=event_id)
    entry = seal(app, bad)
    reply = send_entry(kiosk, entry, sent_at=now)
    assert reply.status_code == 422 and reply.json["held"] == "invalid"
    assert sql(app, "SELECT count(*) FROM submission") == [(0,)]
    [(kind, payload, detail)] = sql(app, "SELECT kind, payload, detail FROM outbox_hold")
    assert kind == "invalid" and "contact_phone" in detail and "綠能五金有限公司" in payload


def test_delivery_needs_kiosk_mode_and_a_csrf_token(client, kiosk, event_id, app):
    now = _now_ms()
    entry = seal(app, netzero_entry_answers(netzero_answers(), captured=now, event_id=event_id))
    no_token = kiosk.post("/kiosk/outbox", json={"entry": entry, "sent_at": now})
    assert no_token.status_code == 400
    stranger = app.test_client()
    assert stranger.get("/kiosk/outbox/token").status_code == 409
    assert sql(app, "SELECT count(*) FROM submission") == [(0,)]
    token, server_now = outbox_token(kiosk)
    assert abs(server_now - _now_ms()) < 60_000
    assert send_entry(kiosk, entry, sent_at=now, token=token).status_code == 200


def test_capture_time_is_never_after_arrival():
    now = datetime(2026, 11, 30, 7, 0, 0)
    assert server_time(5_000, 65_000, now) == now - timedelta(minutes=1)
    assert server_time(70_000, 65_000, now) == now  # captured "after" it was sent: arrival
    assert server_time("x", 65_000, now) is None


def _as_datetime(value) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def test_officers_see_how_long_an_entry_waited_filter_by_it_and_see_tablet_queues(
    kiosk, event_id, app, users
):
    from tests.helpers import login

    now = _now_ms()
    answers = netzero_entry_answers(
        netzero_answers(company_name="晚到企業有限公司"),
        captured=now - 37 * MINUTE_MS - 20_000,
        event_id=event_id,
    )
    assert send_entry(kiosk, seal(app, answers), sent_at=now, pending=3).status_code == 200
    officer = app.test_client()
    login(officer, users["officer"])
    [(submission_id,)] = sql(app, "SELECT id FROM submission")
    detail = officer.get(f"/console/netzero/{submission_id}").get_data(as_text=True)
    assert "離線暫存 37 分鐘" in detail and "填寫時間" in detail and "收到時間" in detail
    late = officer.get("/console/netzero/?via=outbox").get_data(as_text=True)
    direct = officer.get("/console/netzero/?via=direct").get_data(as_text=True)
    assert "晚到企業有限公司" in late and "晚到企業有限公司" not in direct
    events = officer.get("/console/events/").get_data(as_text=True)
    assert "待送 2 筆" in events


@pytest.fixture
def survey_id(app, clock):
    """The demo course survey, open since before the kiosk started."""
    from smeup.extensions import db
    from smeup.surveys.demo import seed

    with app.app_context():
        survey_id = seed().id
        db.session.commit()
    return survey_id


def test_a_course_survey_entry_is_stored_through_the_survey_rules(survey_id, kiosk, event_id, app):
    company = {k: v for k, v in netzero_answers().items() if k in COURSE_COMPANY_FIELDS}
    ranks = ["brand", "channels", "copy", "social", "events"]
    fields = {**company, "location": "扇形車庫"}
    fields.update({f"rank_{i}": code for i, code in enumerate(ranks, start=1)})
    now = _now_ms()
    answers = {
        "path": f"/surveys/{survey_id}",
        "fields": [[k, v] for k, v in fields.items()],
        "captured": now - 5 * MINUTE_MS,
        "event": event_id,
    }
    reply = send_entry(kiosk, seal(app, answers), sent_at=now)
    assert reply.status_code == 200, reply.json
    assert sql(app, "SELECT form_type, event_id, via_outbox FROM submission") == [
        ("course", event_id, True)
    ]
    assert sql(app, "SELECT location FROM course_response") == [("扇形車庫",)]


COURSE_COMPANY_FIELDS = (
    "company_name",
    "ubn",
    "county",
    "industry",
    "employees",
    "paid_in_capital",
    "contact_name",
    "contact_phone",
    "contact_email",
    "consent",
)
