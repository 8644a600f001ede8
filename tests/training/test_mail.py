"""The mails a registration causes (mail.md), received by a real SMTP server started here."""

from datetime import timedelta

import time_machine
from icalendar import Calendar

from smeup.clock import TAIPEI
from smeup.extensions import db
from smeup.models.mail import MailMessage
from smeup.models.training import TrainingRegistration, TrainingSession
from smeup.training import seats
from tests.helpers import count_rows, csrf_token
from tests.mail.conftest import run_worker

from .conftest import WEB, at, form_data, make_session, person


def _register_by_form(client, session_id, n=1):
    url = f"/training/{session_id}"
    return client.post(url, data={"csrf_token": csrf_token(client, url), **form_data(n)})


def _parts(message):
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return text, html


def test_registering_sends_the_ticket_with_the_calendar_file(app, client, smtp_on):
    with app.app_context():
        session = make_session(title="社群行銷實戰班")
        session_id, start = session.id, session.starts_at
    assert _register_by_form(client, session_id).status_code == 303
    run_worker(app)
    [message] = smtp_on.messages()
    assert str(message["Subject"]) == "報名成功：社群行銷實戰班｜推升級"
    assert message["To"] == "person1@example.com"
    text, html = _parts(message)
    with app.app_context():
        registration = db.session.scalar(db.select(TrainingRegistration))
    assert f"/training/ticket/{registration.token}" in text and registration.token in html
    assert registration.code[:4] in text
    files = {part.get_filename(): part for part in message.iter_attachments()}
    assert set(files) == {"session.ics", "ticket-qr.png"}
    event = Calendar.from_ical(files["session.ics"].get_content()).walk("VEVENT")[0]
    assert event.decoded("dtstart").astimezone(TAIPEI).replace(tzinfo=None) == start + timedelta(
        hours=8
    )
    assert files["ticket-qr.png"].get_content()[:8] == b"\x89PNG\r\n\x1a\n"
    run_worker(app)
    assert len(smtp_on.messages()) == 1  # never twice


def test_the_waitlisted_person_is_told_their_place_and_then_their_seat(app, smtp_on):
    with app.app_context():
        session = make_session(capacity=1)
        first = seats.register(session, person(1), WEB, now=at(session, -600)).registration
        seats.register(session, person(2), WEB, now=at(session, -590))
        seats.cancel(first.id, "self", now=at(session, -500))
    run_worker(app)
    subjects = sorted(str(m["Subject"]) for m in smtp_on.messages())
    assert subjects == sorted(
        [
            "報名成功：社群行銷實戰班｜推升級",
            "已登記候補第 1 位：社群行銷實戰班｜推升級",
            "候補遞補成功，座位已保留：社群行銷實戰班｜推升級",
        ]
    )


def test_the_day_before_a_reminder_with_a_working_unsubscribe(app, client, smtp_on):
    with app.app_context():
        session = make_session()
        seats.register(session, person(1), WEB, now=at(session, -3000))
        start = session.starts_at
    run_worker(app)  # the registration mail
    with time_machine.travel(start - timedelta(hours=30), tick=False):
        run_worker(app)
    assert len(smtp_on.messages()) == 1  # 30 hours before: not yet
    with time_machine.travel(start - timedelta(hours=20), tick=False):
        run_worker(app)
        run_worker(app)
    reminders = [m for m in smtp_on.messages() if str(m["Subject"]).startswith("明天見")]
    assert len(reminders) == 1
    assert reminders[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = str(reminders[0]["List-Unsubscribe"]).strip("<>")
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.post("/" + path).status_code in (200, 303)


def test_a_cancelled_session_tells_everyone_with_the_reason(app, smtp_on):
    with app.app_context():
        session = make_session(capacity=1)
        for n in (1, 2):
            seats.register(session, person(n), WEB, now=at(session, -600))
        from smeup.database import write_unit
        from smeup.training import notify

        with write_unit():
            target = db.session.get(TrainingSession, session.id)
            target.cancelled_at = at(session, -100)
            target.cancel_reason = "講師確診，改期另行通知"
            rows = db.session.scalars(db.select(TrainingRegistration)).all()
            notify.session_cancelled(target, rows)
    run_worker(app)
    cancelled = [m for m in smtp_on.messages() if str(m["Subject"]).startswith("場次取消通知")]
    assert len(cancelled) == 2
    assert "講師確診" in _parts(cancelled[0])[0]


def test_a_refused_registration_writes_no_mail(app, client):
    with app.app_context():
        session_id = make_session(capacity=1, waitlist=False).id
    _register_by_form(client, session_id, 1)
    assert _register_by_form(client, session_id, 2).status_code == 422
    assert count_rows(app, MailMessage) == 1
