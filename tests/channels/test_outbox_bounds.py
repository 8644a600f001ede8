"""The outbox cannot be flooded: per kiosk session it holds a bounded number of entries it could
not store, takes bounded bodies and believes only a sane pending count; an honest tablet that
was offline all day still delivers every entry. Nothing is acknowledged unless stored or held."""

import base64
import json
import os
import uuid
from datetime import timedelta

import pytest

from smeup.outbox.delivery import MAX_BODY_BYTES, MAX_HELD_PER_KIOSK, MAX_PENDING
from tests.channels.helpers import netzero_answers, start_kiosk
from tests.channels.outbox_helpers import (
    netzero_entry_answers,
    now_ms,
    outbox_token,
    seal,
    send_entry,
)
from tests.helpers import sql

MINUTE_MS = 60_000


@pytest.fixture
def kiosk(client, users, event_id, clock):
    assert start_kiosk(client, users["agent"], event_id).status_code == 303
    clock.shift(timedelta(minutes=20))
    return client


def _garbage_entry() -> dict:
    """An entry that does not decrypt (random bytes where the sealed parts belong)."""
    b64 = lambda raw: base64.b64encode(raw).decode()  # noqa: E731
    return {
        "key": str(uuid.uuid4()),
        "iv": b64(os.urandom(12)),
        "wrapped": b64(os.urandom(384)),
        "data": b64(os.urandom(2000)),
    }


def _held_count(app) -> int:
    return sql(app, "SELECT count(*) FROM outbox_hold")[0][0]


def test_tampered_posts_fill_at_most_the_hold_cap_and_nothing_past_it_is_acknowledged(
    kiosk, client, event_id, app, users, clock
):
    assert 20 <= MAX_HELD_PER_KIOSK <= 500
    token = outbox_token(kiosk)[0]
    replies = [
        send_entry(kiosk, _garbage_entry(), sent_at=now_ms(), token=token)
        for _ in range(MAX_HELD_PER_KIOSK + 30)
    ]
    held = [r for r in replies if r.status_code == 422]
    refused = [r for r in replies if r.status_code != 422]
    assert len(held) == MAX_HELD_PER_KIOSK == _held_count(app)
    assert all(r.json["held"] == "tampered" and "ack" in r.json for r in held)
    # Past the cap: refused, not stored, not acknowledged (the tablet keeps them).
    assert len(refused) == 30
    assert all(r.status_code == 429 and "ack" not in r.json for r in refused)

    # The same tampered entry sent again and again is one held row, acknowledged each time.
    other = app.test_client()
    assert start_kiosk(other, users["agent"], event_id).status_code == 303
    same = _garbage_entry()
    token = outbox_token(other)[0]
    for _ in range(5):
        reply = send_entry(other, same, sent_at=now_ms(), token=token)
        assert reply.status_code == 422 and reply.json["ack"] == same["key"]
    assert _held_count(app) == MAX_HELD_PER_KIOSK + 1  # the cap is per kiosk session

    # The flooding kiosk's real entries are still stored: the cap is on what cannot be stored.
    answers = netzero_entry_answers(netzero_answers(), captured=now_ms(), event_id=event_id)
    entry = seal(app, answers)
    assert send_entry(kiosk, entry, sent_at=now_ms()).json == {"ack": entry["key"]}


def test_a_body_over_the_bound_is_refused_with_413_and_nothing_held(kiosk, event_id, app):
    entry = _garbage_entry()
    entry["data"] = base64.b64encode(os.urandom(MAX_BODY_BYTES)).decode()
    reply = send_entry(kiosk, entry, sent_at=now_ms())
    assert reply.status_code == 413
    assert "ack" not in (reply.json or {})
    assert _held_count(app) == 0
    # A real entry, every text field at its longest, is a tenth of the bound.
    longest = netzero_answers(
        company_name="長" * 100, contact_name="名" * 50, contact_email="a" * 242 + "@example.com"
    )
    entry = seal(app, netzero_entry_answers(longest, captured=now_ms(), event_id=event_id))
    assert len(json.dumps({"entry": entry, "sent_at": now_ms(), "pending": 999})) * 10 < (
        MAX_BODY_BYTES
    )
    assert send_entry(kiosk, entry, sent_at=now_ms()).status_code == 200


def test_one_entry_per_post(kiosk, event_id, app):
    entries = [
        seal(app, netzero_entry_answers(netzero_answers(), captured=now_ms(), event_id=event_id))
        for _ in range(3)
    ]
    token = outbox_token(kiosk)[0]
    body = {"entries": entries, "sent_at": now_ms(), "pending": 3}
    reply = kiosk.post("/kiosk/outbox", json=body, headers={"X-CSRFToken": token})
    assert reply.status_code == 400 and "ack" not in reply.json
    nested = "[" * 20_000  # within the size bound, deeper than any parser's recursion
    headers = {"X-CSRFToken": token, "Content-Type": "application/json"}
    assert kiosk.post("/kiosk/outbox", data=nested, headers=headers).status_code == 400
    assert sql(app, "SELECT count(*) FROM submission") == [(0,)]


@pytest.mark.parametrize(
    ("reported", "stored"),
    [(999_999, MAX_PENDING), (-5, 0), (True, 0), ("7", 0), (3.5, 0), (4, 3)],
)
def test_the_reported_pending_count_is_clamped_to_a_sane_range(
    kiosk, event_id, app, reported, stored
):
    assert 500 <= MAX_PENDING <= 10_000
    answers = netzero_entry_answers(netzero_answers(), captured=now_ms(), event_id=event_id)
    assert (
        send_entry(kiosk, seal(app, answers), sent_at=now_ms(), pending=reported).status_code == 200
    )
    assert sql(app, "SELECT outbox_pending FROM kiosk_session") == [(stored,)]


def test_an_honest_tablet_offline_all_day_delivers_all_200_entries(
    client, users, event_id, app, clock
):
    assert start_kiosk(client, users["agent"], event_id).status_code == 303
    entries = []
    for n in range(200):  # one visitor every three minutes for ten hours, every send failing
        clock.shift(timedelta(minutes=3))
        company = f"第{n:03d}號來賓有限公司"
        answers = netzero_entry_answers(
            netzero_answers(company_name=company), captured=now_ms(), event_id=event_id
        )
        entries.append(seal(app, answers))
    clock.shift(timedelta(minutes=10))
    token = outbox_token(client)[0]
    pending = len(entries)
    for entry in entries:  # the sender: one entry per post, in one run
        reply = send_entry(client, entry, sent_at=now_ms(), pending=pending, token=token)
        assert reply.status_code == 200 and reply.json == {"ack": entry["key"]}
        pending -= 1
    assert sql(app, "SELECT count(*) FROM submission WHERE via_outbox") == [(200,)]
    assert sql(app, "SELECT count(*) FROM submission WHERE captured_at IS NULL") == [(0,)]
    assert _held_count(app) == 0
    assert sql(app, "SELECT outbox_pending FROM kiosk_session") == [(0,)]


def test_a_kiosk_offline_for_an_hour_can_still_deliver(kiosk, event_id, app, clock):
    """The kiosk cookie outlives the staff sessions' 30 minutes (smeup/session_cookie.py)."""
    answers = netzero_entry_answers(netzero_answers(), captured=now_ms(), event_id=event_id)
    entry = seal(app, answers)
    clock.shift(timedelta(hours=1))  # no request reaches the server meanwhile
    assert kiosk.get("/kiosk/outbox/token").status_code == 200
    assert send_entry(kiosk, entry, sent_at=now_ms()).json == {"ack": entry["key"]}
