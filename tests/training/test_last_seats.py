"""The last seats (quality.md): 50 people pressing 送出 at once for 3 seats get exactly 3."""

import threading

from smeup.extensions import db
from smeup.models.training import TrainingRegistration, TrainingSession
from smeup.training import seats

from .conftest import WEB, at, make_session, person

PEOPLE = 50


def test_fifty_registrations_at_once_for_the_last_three_seats(app):
    with app.app_context():
        session = make_session(capacity=10, seats_taken=7)
        session_id, now = session.id, at(session, -600)
    barrier = threading.Barrier(PEOPLE)
    outcomes, failures = [], []

    def press_send(n: int) -> None:
        with app.app_context():
            try:
                target = db.session.get(TrainingSession, session_id)
                db.session.commit()  # back to the pool: 50 waiting threads hold no connection
                barrier.wait(timeout=30)
                outcomes.append(seats.register(target, person(n), WEB, now=now).registration.status)
            except Exception as exc:  # noqa: BLE001 - any failure fails the test below
                failures.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=press_send, args=(n,)) for n in range(1, PEOPLE + 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    assert sorted(outcomes).count("registered") == 3
    assert sorted(outcomes).count("waitlisted") == 47
    with app.app_context():
        assert db.session.get(TrainingSession, session_id).seats_taken == 10
        rows = db.session.scalars(
            db.select(TrainingRegistration).filter_by(session_id=session_id, status="waitlisted")
        ).all()
        # The waitlist is one queue: places 1..47, each once.
        assert sorted(seats.waitlist_position(r) for r in rows) == list(range(1, 48))


def test_the_same_person_twice_at_once_holds_one_place(app):
    with app.app_context():
        session = make_session(capacity=5)
        session_id, now = session.id, at(session, -600)
    barrier = threading.Barrier(8)
    ids, failures = [], []

    def press_send() -> None:
        with app.app_context():
            try:
                target = db.session.get(TrainingSession, session_id)
                db.session.commit()  # back to the pool: 50 waiting threads hold no connection
                barrier.wait(timeout=30)
                ids.append(seats.register(target, person(1), WEB, now=now).registration.id)
            except Exception as exc:  # noqa: BLE001
                failures.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=press_send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == [] and len(set(ids)) == 1 and len(ids) == 8
    with app.app_context():
        assert db.session.get(TrainingSession, session_id).seats_taken == 1
