"""Seats, the waitlist and the same person twice (training.md, Registration)."""

from datetime import timedelta

import pytest

from smeup.extensions import db
from smeup.models.register import Company
from smeup.models.training import TrainingRegistration, TrainingSession
from smeup.training import seats
from smeup.training.codes import ALPHABET, read_code

from .conftest import WEB, at, make_session, person


def _register(session, n, **values):
    return seats.register(session, person(n, **values), WEB, now=at(session, -600))


def test_three_seats_then_the_waitlist_in_order(app):
    with app.app_context():
        session = make_session(capacity=3)
        outcomes = [_register(session, n) for n in range(1, 6)]
        statuses = [o.registration.status for o in outcomes]
        assert statuses == ["registered"] * 3 + ["waitlisted"] * 2
        assert [seats.waitlist_position(o.registration) for o in outcomes[3:]] == [1, 2]
        assert db.session.get(TrainingSession, session.id).seats_taken == 3


def test_the_same_phone_or_email_gets_the_first_ticket_back(app):
    with app.app_context():
        session = make_session()
        first = _register(session, 1)
        by_phone = _register(session, 2, attendee_phone=first.registration.attendee_phone)
        by_email = _register(session, 3, attendee_email="person1@example.com")
        assert first.created and not by_phone.created and not by_email.created
        assert by_phone.registration.id == by_email.registration.id == first.registration.id
        assert db.session.get(TrainingSession, session.id).seats_taken == 1


def test_a_cancellation_gives_the_seat_to_the_first_waitlisted(app):
    with app.app_context():
        session = make_session(capacity=2)
        a, b, c, d = (_register(session, n).registration for n in range(1, 5))
        assert seats.cancel(a.id, "self", now=at(session, -60))
        assert not seats.cancel(a.id, "self", now=at(session, -59))  # a second tap: nothing
        db.session.expire_all()
        c, d = (
            db.session.get(TrainingRegistration, c.id),
            db.session.get(TrainingRegistration, d.id),
        )
        assert c.status == "registered" and c.seated_at == at(session, -60)
        assert d.status == "waitlisted" and seats.waitlist_position(d) == 1
        assert db.session.get(TrainingSession, session.id).seats_taken == 2


def test_cancelling_a_waitlist_place_frees_no_seat(app):
    with app.app_context():
        session = make_session(capacity=1)
        _register(session, 1)
        waiting = [_register(session, n).registration for n in (2, 3)]
        seats.cancel(waiting[0].id, "self", now=at(session, -60))
        db.session.expire_all()
        assert seats.waitlist_position(db.session.get(TrainingRegistration, waiting[1].id)) == 1
        assert db.session.get(TrainingSession, session.id).seats_taken == 1


def test_a_person_who_cancelled_may_register_again_and_queues_anew(app):
    with app.app_context():
        session = make_session(capacity=1)
        first = _register(session, 1).registration
        _register(session, 2)  # waitlisted
        seats.cancel(first.id, "self", now=at(session, -60))
        again = _register(session, 1)
        assert again.created and again.registration.id == first.id
        assert again.registration.status == "waitlisted"  # person 2 had the seat by then
        assert seats.waitlist_position(again.registration) == 1


def test_full_without_a_waitlist_is_refused(app):
    with app.app_context():
        session = make_session(capacity=1, waitlist=False)
        _register(session, 1)
        with pytest.raises(seats.RegistrationRefused, match="名額已滿"):
            _register(session, 2)


@pytest.mark.parametrize(
    ("values", "minutes", "message"),
    [
        ({"cancelled_at": "now"}, -60, "已取消"),
        ({}, 10, "已開始"),
        ({}, 200, "已結束"),
        ({"closes_at": "start-1d"}, -60, "報名已截止"),
        ({"opens_at": "start-1d"}, -3 * 24 * 60, "開放報名"),
    ],
)
def test_closed_cancelled_or_past_sessions_refuse_with_a_reason(app, values, minutes, message):
    with app.app_context():
        session = make_session()
        for name, value in values.items():
            setattr(
                session,
                name,
                session.starts_at - timedelta(days=1) if value == "start-1d" else session.starts_at,
            )
        db.session.commit()
        with pytest.raises(seats.RegistrationRefused, match=message):
            seats.register(session, person(1), WEB, now=at(session, minutes))


def test_a_walk_in_needs_a_free_seat_and_may_come_after_the_start(app):
    with app.app_context():
        session = make_session(capacity=2)
        _register(session, 1)
        walk_in = seats.register(session, person(2), WEB, walk_in=True, now=at(session, 15))
        assert walk_in.registration.status == "registered" and walk_in.registration.walk_in
        with pytest.raises(seats.RegistrationRefused, match="名額已滿"):
            seats.register(session, person(3), WEB, walk_in=True, now=at(session, 20))


def test_one_company_gets_at_most_its_share_of_places(app):
    with app.app_context():
        session = make_session(capacity=10, per_company=2)
        _register(session, 1, ubn="22099131")
        _register(session, 2, ubn="22099131")
        with pytest.raises(seats.RegistrationRefused, match="最多報名 2 人"):
            _register(session, 3, ubn="22099131")
        assert _register(session, 4, ubn="04541302").created


def test_a_registration_with_a_ubn_joins_the_company_register(app):
    with app.app_context():
        session = make_session()
        outcome = _register(session, 1, ubn="22099131", company_name="綠能五金有限公司")
        company = db.session.scalar(db.select(Company).filter_by(ubn="22099131"))
        assert outcome.registration.company_id == company.id
        assert company.name == "綠能五金有限公司"


def test_ticket_codes_avoid_look_alike_letters_and_read_back_as_typed(app):
    with app.app_context():
        session = make_session(capacity=30)
        codes = {_register(session, n).registration.code for n in range(1, 21)}
        assert len(codes) == 20
        assert all(len(code) == 8 and set(code) <= set(ALPHABET) for code in codes)
        assert not set("0O1I") & set(ALPHABET)
        code = next(iter(codes))
        assert read_code(f" {code[:4].lower()}-{code[4:]} ") == code


def test_a_seat_freed_after_the_start_stays_empty(app):
    with app.app_context():
        session = make_session(capacity=1)
        first = _register(session, 1).registration
        waiting = _register(session, 2).registration
        seats.cancel(first.id, "staff", now=at(session, 30))
        db.session.expire_all()
        assert db.session.get(TrainingRegistration, waiting.id).status == "waitlisted"
