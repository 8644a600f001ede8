"""An officer moves a session's time or place: everyone holding a seat or a waitlist place is told
by e-mail, with the revised calendar file (received by a real SMTP server started here)."""

from datetime import UTC, datetime, timedelta

import time_machine
from icalendar import Calendar

from smeup.clock import TAIPEI
from smeup.extensions import db
from smeup.models.base import utcnow
from smeup.models.training import TrainingSession
from tests.mail.conftest import run_worker

from .admin_helpers import add_registration, audit_actions
from .conftest import make_session
from .test_admin_sessions import BASE, post, session_data

MOVED = "場次時間或地點變更"


def _as_stored():
    """A briefing stored exactly as session_data() describes it (30 days on, 09:30–16:30 Taipei)."""
    day = (utcnow() + timedelta(days=30)).date()
    start = datetime(day.year, day.month, day.day, 1, 30)
    return make_session(
        title="社群行銷實戰班（臺中場）",
        kind="briefing",
        topic="其他",
        starts_at=start,
        ends_at=start + timedelta(hours=7),
        venue="審計新村 小房子",
        address="臺中市西區民生路368巷",
        capacity=2,
        seats_taken=2,
    )


def _with_one_person(app):
    """_as_stored() with person 1 holding a seat; its id and start (naive UTC)."""
    with app.app_context():
        session = _as_stored()
        add_registration(session, 1)
        return session.id, session.starts_at


def _day_before(start):
    """The clock 20 hours before `start`: inside its reminder's window."""
    return time_machine.travel(start.replace(tzinfo=UTC) - timedelta(hours=20), tick=False)


def _edit(client, session_id, **changes):
    data = session_data(kind="briefing", topic="其他", capacity="2", **changes)
    return post(client, f"{BASE}/{session_id}/edit", data)


def _moved(inbox):
    return [m for m in inbox.messages() if str(m["Subject"]).startswith(MOVED)]


def _event(message):
    [ics] = [p for p in message.iter_attachments() if p.get_filename() == "session.ics"]
    return Calendar.from_ical(ics.get_content()).walk("VEVENT")[0]


def test_a_new_time_and_place_reach_everyone_registered_or_waitlisted(app, auth, smtp_on):
    client = auth("officer")
    with app.app_context():
        session = _as_stored()
        add_registration(session, 1)
        add_registration(session, 2)
        add_registration(session, 3, status="waitlisted", seated_at=None)
        add_registration(session, 4, status="cancelled", seated_at=None)
        session_id = session.id
    later = (utcnow() + timedelta(days=31)).date()
    answer = _edit(
        client,
        session_id,
        starts_on=f"{later:%Y-%m-%d}",
        starts_time="13:30",
        ends_time="17:00",
        venue="臺中市政府集會堂",
    )
    assert answer.status_code == 303
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "已寄信通知 3 位報名與候補者" in page
    assert audit_actions(app)[-1][1]["told_of_change"] == 3
    run_worker(app)
    mails = _moved(smtp_on)
    assert sorted(m["To"] for m in mails) == [f"person{n}@example.com" for n in (1, 2, 3)]
    seated = next(m for m in mails if m["To"] == "person1@example.com")
    text = seated.get_body(("plain",)).get_content()
    assert "時間、地點已變更" in text and "臺中市政府集會堂" in text
    assert f"{later:%Y-%m-%d}" in text and "13:30–17:00" in text
    event = _event(seated)
    start = event.decoded("dtstart").astimezone(TAIPEI).replace(tzinfo=None)
    assert start == datetime(later.year, later.month, later.day, 13, 30)
    assert int(event["sequence"]) > 0  # a calendar replaces the event it had
    waiting = next(m for m in mails if m["To"] == "person3@example.com")
    assert "您候補的" in waiting.get_body(("plain",)).get_content()
    with app.app_context():
        assert db.session.get(TrainingSession, session_id).revised_at is not None


def test_saving_without_moving_time_or_place_writes_no_mail(app, auth, smtp_on):
    client = auth("officer")
    with app.app_context():
        session = _as_stored()
        add_registration(session, 1)
        session_id = session.id
    assert _edit(client, session_id).status_code == 303  # the same values
    assert _edit(client, session_id, title="新名稱", audience="餐飲業").status_code == 303
    run_worker(app)
    assert _moved(smtp_on) == []
    with app.app_context():
        assert db.session.get(TrainingSession, session_id).revised_at is None


def test_each_move_is_told_once_and_a_second_move_again(app, auth, smtp_on):
    client = auth("officer")
    session_id, _start = _with_one_person(app)
    assert _edit(client, session_id, venue="第一次改的地點").status_code == 303
    run_worker(app)
    run_worker(app)
    first = _moved(smtp_on)
    assert len(first) == 1
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=10), tick=False):
        assert _edit(client, session_id, venue="第二次改的地點").status_code == 303
        run_worker(app)  # (a message is due from when it was written)
    mails = _moved(smtp_on)
    assert len(mails) == 2 and "第二次改的地點" in mails[1].get_body(("plain",)).get_content()
    assert int(_event(mails[1])["sequence"]) > int(_event(first[0])["sequence"])


def test_a_session_already_over_is_corrected_without_mail(app, auth, smtp_on):
    client = auth("officer")
    with app.app_context():
        session = _as_stored()
        session.starts_at -= timedelta(days=40)
        session.ends_at -= timedelta(days=40)
        db.session.commit()
        add_registration(session, 1)
        session_id = session.id
    past = (utcnow() - timedelta(days=10)).date()
    assert _edit(client, session_id, starts_on=f"{past:%Y-%m-%d}").status_code == 303
    run_worker(app)
    assert _moved(smtp_on) == []


def _reminders(inbox):
    return [m for m in inbox.messages() if str(m["Subject"]).startswith("明天見")]


def test_a_session_moved_to_a_later_day_is_reminded_again_before_its_new_start(app, auth, smtp_on):
    session_id, start = _with_one_person(app)
    with _day_before(start):
        run_worker(app)
        assert len(_reminders(smtp_on)) == 1
        client = auth("officer")  # signed in now (a month on, yesterday's sign-in is over)
        later = (start + timedelta(days=7)).date()  # the course moves a week on
        answer = _edit(client, session_id, starts_on=f"{later:%Y-%m-%d}")
        assert answer.status_code == 303
        run_worker(app)
    assert len(_reminders(smtp_on)) == 1 and len(_moved(smtp_on)) == 1
    new_start = start + timedelta(days=7)
    with _day_before(new_start):
        run_worker(app)
        run_worker(app)
    reminders = _reminders(smtp_on)
    assert len(reminders) == 2
    assert f"{later:%Y-%m-%d}" in reminders[1].get_body(("plain",)).get_content()


def test_a_place_changed_after_the_reminder_brings_no_second_reminder(app, auth, smtp_on):
    session_id, start = _with_one_person(app)
    with _day_before(start):
        run_worker(app)
        client = auth("officer")
        assert _edit(client, session_id, venue="換到隔壁教室").status_code == 303
        run_worker(app)
        run_worker(app)
    assert len(_reminders(smtp_on)) == 1 and len(_moved(smtp_on)) == 1
