"""An outbox entry is the tablet's word only for the answers: the server's kiosk session decides
the event, the form must be one that event offers and that was open when the entry was captured,
and a capture time outside the kiosk session's lifetime is flagged, not believed."""

from datetime import datetime, timedelta

import pytest

from smeup.extensions import db
from smeup.surveys.demo import seed
from tests.channels.conftest import OPENING
from tests.channels.helpers import make_event, netzero_answers, start_kiosk
from tests.channels.outbox_helpers import (
    course_entry_answers,
    editor_fields,
    netzero_entry_answers,
    now_ms,
    seal,
    send_entry,
)
from tests.helpers import login, sql

MINUTE_MS = 60_000
DAY_MS = 24 * 60 * MINUTE_MS


@pytest.fixture
def sbtr_event(app):
    """Another event that offers only the SBTR application (online only, never the outbox)."""
    return make_event(app, name="城鄉創生說明會（花蓮場）", forms=("sbtr",), county="花蓮縣")


@pytest.fixture
def kiosk(client, users, event_id, clock):
    """A tablet in kiosk mode for `event_id` since the opening, 25 minutes ago."""
    assert start_kiosk(client, users["agent"], event_id).status_code == 303
    clock.shift(timedelta(minutes=25))
    return client


@pytest.fixture
def officer(app, users):
    """A signed-in officer's browser, signed in when asked (staff sessions last 30 minutes)."""

    def sign_in():
        browser = app.test_client()
        assert login(browser, users["officer"]).status_code == 302
        return browser

    return sign_in


def _held(app) -> list[tuple]:
    return sql(app, "SELECT kind, event_id, detail FROM outbox_hold ORDER BY id")


def _held_section(officer) -> str:
    page = officer.get("/console/events/").get_data(as_text=True)
    assert "離線資料待人工處理" in page
    return page.split("離線資料待人工處理", 1)[1]


def test_the_kiosk_session_decides_the_event_not_the_entry(
    kiosk, event_id, sbtr_event, app, officer
):
    # A tablet of event 1 sends a check that names event 2 (which does not even offer it).
    answers = netzero_entry_answers(
        netzero_answers(), captured=now_ms() - 10 * MINUTE_MS, event_id=sbtr_event
    )
    entry = seal(app, answers)
    reply = send_entry(kiosk, entry, sent_at=now_ms())
    assert reply.json.get("ack") == entry["key"]  # in the server's custody: the tablet may drop it
    assert sql(app, f"SELECT count(*) FROM submission WHERE event_id = {sbtr_event}") == [(0,)]
    assert sql(app, "SELECT count(*) FROM submission") == [(0,)]
    [(kind, held_event, detail)] = _held(app)
    assert (kind, held_event) == ("event", event_id)
    assert "活動" in detail
    section = _held_section(officer())
    assert entry["key"] in section and "活動不符" in section


def test_an_entry_with_the_kiosk_event_or_none_is_stored_under_the_kiosk_event(
    kiosk, event_id, app
):
    for claimed in (event_id, str(event_id), None):
        answers = netzero_entry_answers(
            netzero_answers(), captured=now_ms() - 5 * MINUTE_MS, event_id=claimed
        )
        assert send_entry(kiosk, seal(app, answers), sent_at=now_ms()).status_code == 200
    assert sql(app, "SELECT event_id FROM submission") == [(event_id,)] * 3
    assert _held(app) == []


def test_a_form_the_kiosk_event_does_not_offer_is_held_for_an_officer(
    client, users, sbtr_event, app, clock, officer
):
    # The SBTR event's tablet: a net-zero check made for it (its event, a forged form) is held.
    assert start_kiosk(client, users["agent"], sbtr_event).status_code == 303
    clock.shift(timedelta(minutes=20))
    answers = netzero_entry_answers(
        netzero_answers(), captured=now_ms() - 5 * MINUTE_MS, event_id=sbtr_event
    )
    entry = seal(app, answers)
    reply = send_entry(client, entry, sent_at=now_ms())
    assert reply.status_code == 422 and reply.json == {"ack": entry["key"], "held": "form"}
    assert sql(app, "SELECT count(*) FROM submission") == [(0,)]
    [(kind, held_event, detail)] = _held(app)
    assert (kind, held_event) == ("form", sbtr_event) and "淨零健檢" in detail
    assert "此活動未開放的表單" in _held_section(officer())


def test_an_entry_naming_an_unknown_event_is_held_not_stored_without_an_event(kiosk, event_id, app):
    answers = netzero_entry_answers(
        netzero_answers(), captured=now_ms() - 5 * MINUTE_MS, event_id=99999
    )
    entry = seal(app, answers)
    reply = send_entry(kiosk, entry, sent_at=now_ms())
    assert reply.status_code == 422 and reply.json == {"ack": entry["key"], "held": "event"}
    assert sql(app, "SELECT count(*) FROM submission") == [(0,)]
    [(kind, held_event, detail)] = _held(app)
    assert (kind, held_event) == ("event", event_id) and "99999" in detail


def _close_survey(officer, survey_id: int) -> None:
    url = f"/console/surveys/{survey_id}/edit"
    data = editor_fields(officer, url)
    data.pop("is_open")
    reply = officer.post(url, data={**data, "action": "save"})
    assert reply.status_code == 303, reply.get_data(as_text=True)[:1000]
    assert officer.get(f"/surveys/{survey_id}").status_code == 410


def test_a_survey_closed_before_the_capture_is_held_one_closed_after_is_stored(
    client, users, event_id, app, clock, officer
):
    with app.app_context():
        survey_id = seed().id
        db.session.commit()
    assert start_kiosk(client, users["agent"], event_id).status_code == 303
    clock.shift(timedelta(minutes=5))
    answered_while_open = now_ms()
    clock.shift(timedelta(minutes=5))
    _close_survey(officer(), survey_id)  # 09:10: the officer closes the survey
    clock.shift(timedelta(minutes=5))
    answered_after_close = now_ms()  # the tablet, offline, still showed the form it kept
    clock.shift(timedelta(minutes=10))
    late = seal(
        app, course_entry_answers(survey_id, captured=answered_after_close, event_id=event_id)
    )
    reply = send_entry(client, late, sent_at=now_ms())
    assert reply.status_code == 422 and reply.json == {"ack": late["key"], "held": "closed"}
    assert sql(app, "SELECT count(*) FROM course_response") == [(0,)]
    [(kind, held_event, detail)] = _held(app)
    assert (kind, held_event) == ("closed", event_id) and "已截止" in detail
    assert "問卷填寫時已截止" in _held_section(officer())

    early = seal(
        app, course_entry_answers(survey_id, captured=answered_while_open, event_id=event_id)
    )
    assert send_entry(client, early, sent_at=now_ms()).json == {"ack": early["key"]}
    assert sql(app, "SELECT submission_key FROM submission") == [(early["key"],)]


def test_a_capture_time_five_years_back_is_flagged_not_shown_as_1825_days(
    kiosk, event_id, app, officer
):
    sent = now_ms()
    answers = netzero_entry_answers(
        netzero_answers(company_name="時光機企業社"),
        captured=sent - 5 * 365 * DAY_MS,
        event_id=event_id,
    )
    entry = seal(app, answers)
    reply = send_entry(kiosk, entry, sent_at=sent)
    assert reply.status_code == 200 and reply.json == {"ack": entry["key"]}  # the answers count
    [(submission_id, captured_at)] = sql(app, "SELECT id, captured_at FROM submission")
    detail = officer().get(f"/console/netzero/{submission_id}").get_data(as_text=True)
    listing = officer().get("/console/netzero/?via=outbox").get_data(as_text=True)
    for page in (detail, listing):
        assert "1825 天" not in page
        assert "填寫時間無法確認" in page  # the flag
    assert "時光機企業社" in listing
    assert captured_at is None  # not believed: the arrival time stands


def test_a_capture_time_in_the_future_is_flagged_too(kiosk, event_id, app, officer):
    sent = now_ms()
    answers = netzero_entry_answers(netzero_answers(), captured=sent + DAY_MS, event_id=event_id)
    assert send_entry(kiosk, seal(app, answers), sent_at=sent).status_code == 200
    [(submission_id, captured_at)] = sql(app, "SELECT id, captured_at FROM submission")
    assert captured_at is None
    detail = officer().get(f"/console/netzero/{submission_id}").get_data(as_text=True)
    assert "填寫時間無法確認" in detail


def test_a_capture_time_within_the_kiosk_session_is_believed(kiosk, event_id, app):
    sent = now_ms()
    answers = netzero_entry_answers(
        netzero_answers(), captured=sent - 20 * MINUTE_MS, event_id=event_id
    )
    assert send_entry(kiosk, seal(app, answers), sent_at=sent).status_code == 200
    [(captured_at,)] = sql(app, "SELECT captured_at FROM submission")
    captured_at = (
        captured_at if isinstance(captured_at, datetime) else datetime.fromisoformat(captured_at)
    )
    assert captured_at == (OPENING + timedelta(minutes=5)).replace(tzinfo=None)
