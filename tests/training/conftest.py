"""Fixtures for training tests: sessions built in the database, people to register."""

from datetime import datetime, timedelta

import pytest

from smeup.extensions import db
from smeup.intake import Intake
from smeup.models.base import utcnow
from smeup.models.training import TrainingSession
from smeup.training.seats import Person
from tests.mail.conftest import smtp_on, smtp_server  # noqa: F401 - fixtures for test_mail

WEB = Intake("web", None, None)


def make_session(**values) -> TrainingSession:
    """A session in two weeks (09:00–12:00 Taipei), 3 seats, waitlist on; override anything."""
    start = (utcnow() + timedelta(days=14)).replace(hour=1, minute=0, second=0, microsecond=0)
    fields = {
        "title": "社群行銷實戰班",
        "kind": "course",
        "mode": "onsite",
        "starts_at": start,
        "ends_at": start + timedelta(hours=3),
        "venue": "臺中市政府集會堂",
        "address": "臺中市西屯區臺灣大道三段99號",
        "county": "臺中市",
        "capacity": 3,
        "waitlist": True,
    }
    fields.update(values)
    session = TrainingSession(**fields)
    db.session.add(session)
    db.session.commit()
    return session


def person(n: int = 1, **values) -> Person:
    """The n-th attendee: their own mobile and e-mail; the company without 統一編號 unless given."""
    fields = {
        "company_name": f"測試商行{n}",
        "ubn": None,
        "county": "臺中市",
        "industry": "G",
        "employees": 5,
        "paid_in_capital": None,
        "attendee_name": f"學員{n}",
        "attendee_phone": f"09{n:08d}",
        "attendee_email": f"person{n}@example.com",
        "attendee_title": "店長",
    }
    fields.update(values)
    return Person(**fields)


def form_data(n: int = 1, **values) -> dict:
    """The registration form's fields for the n-th attendee (as a person would type them)."""
    data = {
        "company_name": f"測試商行{n}",
        "ubn": "",
        "county": "臺中市",
        "industry": "G",
        "employees": "5",
        "paid_in_capital": "",
        "contact_name": f"學員{n}",
        "contact_phone": f"09{n:08d}",
        "contact_email": f"person{n}@example.com",
        "attendee_title": "店長",
        "consent": "y",
    }
    data.update(values)
    return data


@pytest.fixture
def session_id(app):
    """A session open for registration: 3 seats, waitlist on."""
    with app.app_context():
        return make_session().id


def at(session: TrainingSession, minutes: int) -> datetime:
    """A moment `minutes` after the session's start (negative: before)."""
    return session.starts_at + timedelta(minutes=minutes)
