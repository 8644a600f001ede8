"""The door: check in once, search, access, CSRF, codes, waitlisted people, walk-ins."""

import re
import threading
from datetime import timedelta
from urllib.parse import unquote

from smeup.clock import taipei
from smeup.extensions import db
from smeup.intake import Intake
from smeup.models.base import utcnow
from smeup.models.training import TrainingRegistration, TrainingSession
from smeup.training import checkin, seats
from tests.helpers import count_rows, csrf_token

from .conftest import form_data, make_session, person

WEB = Intake("web", None, None)


def today_session(**values):
    """A session that started 10 minutes ago (the door is open), 3 seats."""
    start = utcnow() - timedelta(minutes=10)
    return make_session(starts_at=start, ends_at=start + timedelta(hours=3), **values)


def seated(session, n=1, **values):
    return seats.register(
        session, person(n, **values), WEB, now=session.starts_at - timedelta(days=1)
    )


def registered(app, n=3, **session_values):
    """A session under way with n people registered; returns (session id, [registration ids])."""
    with app.test_request_context():
        session = today_session(**session_values)
        ids = [seated(session, i).registration.id for i in range(1, n + 1)]
        return session.id, ids


def test_check_in_once_and_a_second_time_shows_the_first_time(app):
    with app.test_request_context():
        session = today_session()
        registration = seated(session).registration
        first_at = utcnow() - timedelta(minutes=3)
        first = checkin.check_in(registration, by_id=None, at=first_at)
        assert first.kind == "new" and first.time == taipei(first_at, "%H:%M")
        again = checkin.check_in(registration, by_id=None, at=utcnow())
        assert again.kind == "already" and again.time == first.time
        stored = db.session.get(TrainingRegistration, registration.id)
        assert stored.checked_in_at == first_at
        assert stored.checkin_source == "door"
        assert checkin.counts(session.id) == checkin.DoorCounts(1, 1)


def test_a_double_tap_at_once_records_one_time(app):
    with app.test_request_context():
        session = today_session()
        rid = seated(session).registration.id
    results, barrier = [], threading.Barrier(2)

    def tap():
        with app.test_request_context():
            barrier.wait()
            registration = db.session.get(TrainingRegistration, rid)
            results.append(checkin.check_in(registration, by_id=None))
            db.session.remove()

    threads = [threading.Thread(target=tap) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.kind for r in results) == ["already", "new"]
    assert results[0].time == results[1].time
    with app.test_request_context():
        assert db.session.get(TrainingRegistration, rid).checked_in_at is not None


def test_search_by_name_last4_ubn_and_code(app):
    with app.test_request_context():
        session = today_session(capacity=5)
        a = seated(
            session, 1, attendee_name="王小明", ubn="22099131", company_name="綠能五金有限公司"
        ).registration
        b = seated(session, 2, attendee_name="陳大文", attendee_phone="0912345678").registration
        other = today_session()
        seated(other, 3, attendee_name="王小明")
        names = lambda text: [r.attendee_name for r in checkin.search(session.id, text)]  # noqa: E731
        assert names("小明") == ["王小明"]  # one session's people only
        assert names("五金") == ["王小明"]
        assert names("5678") == ["陳大文"]
        assert names("22099131") == ["王小明"]
        assert names(b.code.lower()) == ["陳大文"]
        assert names(f"{a.code[:4]}-{a.code[4:]}") == ["王小明"]
        assert names("%") == [] and names("") == [] and names("0000") == []


def test_anonymous_is_sent_to_login_and_an_agent_sees_the_screen(app, client, auth):
    session_id, _ = registered(app, 1)
    assert client.get("/checkin/").status_code == 302
    response = client.get(f"/checkin/{session_id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    auth("agent")
    index = client.get("/checkin/").get_data(as_text=True)
    assert "社群行銷實戰班" in index and f"/checkin/{session_id}" in index
    page = client.get(f"/checkin/{session_id}").get_data(as_text=True)
    assert "已簽到 <strong data-door-checked>0</strong> / 應到 <strong>1</strong>" in page
    assert 'id="door-roster"' in page and "0900000001" not in page  # only the last 4 digits
    assert client.get(f"/checkin/{session_id}/attendance").status_code == 403  # officers only


def test_a_check_in_without_its_csrf_token_is_refused(app, client, auth):
    session_id, (rid, *_) = registered(app, 1)
    auth("agent")
    response = client.post(f"/checkin/{session_id}/registrations/{rid}", data={})
    assert response.status_code == 400
    with app.test_request_context():
        assert not db.session.get(TrainingRegistration, rid).attended


def test_search_then_check_in_by_button_and_by_code(app, client, auth):
    session_id, (rid, rid2, _) = registered(app, 3)
    auth("agent")
    url = f"/checkin/{session_id}"
    hits = client.get(f"{url}?q=學員1", headers={"HX-Request": "true", "HX-Target": "checkin-hits"})
    html = hits.get_data(as_text=True)
    assert html.startswith('<div id="checkin-hits"') and "學員1" in html and "<main" not in html
    token = csrf_token(client, url)
    done = client.post(
        f"{url}/registrations/{rid}",
        data={"csrf_token": token, "q": "學員1"},
        headers={"HX-Request": "true"},
    )
    answer = done.get_data(as_text=True)
    assert "學員1</strong>（測試商行1）已簽到" in answer and 'aria-live="polite"' in answer
    assert 'id="checkin-counts" class="door-counts" data-hx-swap-oob="true"' in answer
    time = re.search(r"已簽到 (\d\d:\d\d)", answer).group(1)
    again = client.post(f"{url}/registrations/{rid}", data={"csrf_token": token})  # no JS
    assert again.status_code == 303
    assert f"已簽到 {time}（先前已簽到）" in client.get(again.headers["Location"]).get_data(
        as_text=True
    )
    with app.test_request_context():
        code = db.session.get(TrainingRegistration, rid2).code
    scanned = client.post(
        f"{url}/code",
        data={"csrf_token": token, "code": code, "via": "scan"},
        headers={"HX-Request": "true"},
    )
    assert "學員2</strong>（測試商行2）已簽到" in scanned.get_data(as_text=True)
    unknown = client.post(
        f"{url}/code",
        data={"csrf_token": token, "code": "AAAA-AAAA"},
        headers={"HX-Request": "true"},
    )
    assert '查無此報名：<span class="door-code-text">AAAAAAAA</span>' in unknown.get_data(
        as_text=True
    )
    with app.test_request_context():
        assert db.session.get(TrainingRegistration, rid2).checkin_source == "scan"


def test_a_code_of_another_session_is_not_found(app, client, auth):
    session_id, _ = registered(app, 1)
    _, (elsewhere,) = registered(app, 1)
    auth("agent")
    with app.test_request_context():
        code = db.session.get(TrainingRegistration, elsewhere).code
    url = f"/checkin/{session_id}"
    answer = client.post(
        f"{url}/code",
        data={"csrf_token": csrf_token(client, url), "code": code},
        headers={"HX-Request": "true"},
    )
    assert "查無此報名" in answer.get_data(as_text=True)
    assert (
        client.post(
            f"{url}/registrations/{elsewhere}", data={"csrf_token": csrf_token(client, url)}
        ).status_code
        == 404
    )


def test_a_waitlisted_person_is_seated_at_the_door_only_when_a_seat_is_free(app):
    with app.test_request_context():
        session = today_session(capacity=1)
        first = seated(session, 1).registration
        waiting = seated(session, 2).registration
        assert waiting.status == "waitlisted"
        refused = checkin.check_in(waiting, by_id=None)
        assert refused.kind == "not_seated" and not refused.seat_free
        assert checkin.seat_and_check_in(waiting, by_id=None).kind == "not_seated"
        # Cancelled during the session: the seat stays free for whoever is at the door (the
        # waitlist is not promoted by mail once the class has begun), so staff seat them.
        seats.cancel(first.id, "self")
        waiting = db.session.get(TrainingRegistration, waiting.id)
        assert waiting.status == "waitlisted"
        seated_now = checkin.seat_and_check_in(waiting, by_id=None)
        assert seated_now.kind == "new" and seated_now.registration.status == "registered"
        session = db.session.get(TrainingSession, session.id)
        assert session.seats_taken == 1
        late = seated(session, 3).registration  # waitlisted again; a seat frees up
        session.capacity = 2
        db.session.commit()
        done = checkin.seat_and_check_in(late, by_id=None)
        assert done.kind == "new" and done.registration.status == "registered"
        assert db.session.get(TrainingSession, session.id).seats_taken == 2


def test_a_walk_in_is_registered_and_checked_in_when_a_seat_is_free(app, client, auth):
    session_id, _ = registered(app, 2)
    auth("agent")
    url = f"/checkin/{session_id}"
    data = {"csrf_token": csrf_token(client, url), **form_data(7)}
    done = client.post(f"{url}/walk-in", data=data)
    assert done.status_code == 303
    assert "現場報名完成：學員7 已簽到" in client.get(done.headers["Location"]).get_data(
        as_text=True
    )
    with app.test_request_context():
        walk_in = db.session.scalar(
            db.select(TrainingRegistration).filter_by(attendee_name="學員7")
        )
        assert walk_in.walk_in and walk_in.attended and walk_in.status == "registered"
        assert walk_in.channel == "phone" and walk_in.entered_by_id is not None
    full = client.post(f"{url}/walk-in", data={**data, **form_data(8)})
    assert full.status_code == 422
    assert "本場次名額已滿，無法再報名。" in full.get_data(as_text=True)
    assert count_rows(app, TrainingRegistration) == 3
    bad = client.post(f"{url}/walk-in", data={**data, "contact_phone": "02-2358-1021"})
    assert bad.status_code == 422 and "請填寫手機號碼" in bad.get_data(as_text=True)


def test_the_ticket_shows_a_regular_qr_code_that_cameras_read(app, client):
    with app.test_request_context():
        session = today_session()
        token = seated(session).registration.token
    html = client.get(f"/training/ticket/{token}").get_data(as_text=True)
    svg = unquote(re.search(r'src="data:image/svg\+xml[^,]*,([^"]+)"', html).group(1))
    width = int(re.search(r"width=['\"](\d+)", svg).group(1))
    # scale 6: a Micro QR M3 (what segno.make picks for 8 letters, and cameras, BarcodeDetector
    # and jsQR do not read) is 15 modules wide, a regular QR code at least 21 (plus the border).
    assert width >= (21 + 2 * 2) * 6


def test_two_doors_seating_two_waitlisted_people_for_one_free_seat_seat_one(app):
    with app.test_request_context():
        session = today_session(capacity=1)
        seated(session, 1)
        waiting = [seated(session, n).registration.id for n in (2, 3)]
        session.capacity = 2  # one seat frees up
        db.session.commit()
        session_id = session.id
    results, barrier = [], threading.Barrier(2)

    def seat(rid):
        with app.test_request_context():
            barrier.wait()
            results.append(
                checkin.seat_and_check_in(db.session.get(TrainingRegistration, rid), by_id=None)
            )
            db.session.remove()

    threads = [threading.Thread(target=seat, args=(rid,)) for rid in waiting]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.kind for r in results) == ["new", "not_seated"]
    with app.app_context():
        assert db.session.get(TrainingSession, session_id).seats_taken == 2
        statuses = sorted(db.session.get(TrainingRegistration, rid).status for rid in waiting)
        assert statuses == ["registered", "waitlisted"]
