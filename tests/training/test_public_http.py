"""The public list, registering through the form, the ticket, its calendar file, cancelling."""

from datetime import timedelta

from icalendar import Calendar

from smeup.clock import TAIPEI
from smeup.extensions import db
from smeup.models.training import TrainingRegistration, TrainingSession
from tests.helpers import count_rows, csrf_token

from .conftest import form_data, make_session


def _send(client, session_id, **values):
    url = f"/training/{session_id}"
    data = {"csrf_token": csrf_token(client, url), **form_data(**values)}
    return client.post(url, data=data)


def test_the_list_shows_open_sessions_soonest_first_and_filters(app, client):
    with app.app_context():
        later = make_session(title="晚的場次")
        make_session(
            title="早的場次",
            starts_at=later.starts_at - timedelta(days=3),
            ends_at=later.starts_at - timedelta(days=3, hours=-2),
        )
        make_session(title="已取消場次", cancelled_at=later.starts_at)
        make_session(title="臺北線上場", mode="online", county="", venue="", address="")
        make_session(title="高雄場", county="高雄市")
    html = client.get("/training/").get_data(as_text=True)
    assert html.index("早的場次") < html.index("晚的場次")
    assert "已取消場次" not in html
    filtered = client.get("/training/?county=高雄市").get_data(as_text=True)
    assert "高雄場" in filtered and "臺北線上場" in filtered and "早的場次" not in filtered
    online = client.get("/training/?mode=online").get_data(as_text=True)
    assert "臺北線上場" in online and "高雄場" not in online
    assert client.get("/training/?county=<script>&month=13-99&page=x").status_code == 200


def test_registering_gives_a_ticket_with_qr_code_and_calendar(app, client, session_id):
    response = _send(client, session_id)
    assert response.status_code == 303
    ticket = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "已報名" in ticket and "報名序號" in ticket and "data:image/svg+xml" in ticket
    with app.app_context():
        registration = db.session.scalar(db.select(TrainingRegistration))
        start, end = registration.session.starts_at, registration.session.ends_at
        token = registration.token
    assert f"{registration.code[:4]} {registration.code[4:]}" in ticket
    ics = client.get(f"/training/ticket/{token}.ics")
    assert ics.mimetype == "text/calendar"
    event = Calendar.from_ical(ics.data).walk("VEVENT")[0]
    assert event.decoded("dtstart").tzinfo is not None
    assert event.decoded("dtstart").astimezone(TAIPEI).hour == (start + timedelta(hours=8)).hour
    assert event.decoded("dtend") - event.decoded("dtstart") == end - start
    assert str(event["summary"]) == "社群行銷實戰班"


def test_the_fourth_person_is_told_their_waitlist_place(app, client, session_id):
    for n in (1, 2, 3):
        assert _send(client, session_id, **form_data(n)).status_code == 303
    fourth = _send(client, session_id, **form_data(4))
    assert "候補第 1 位" in client.get(fourth.headers["Location"]).get_data(as_text=True)


def test_sending_the_form_again_shows_the_same_ticket(app, client, session_id):
    first = _send(client, session_id)
    again = _send(client, session_id, contact_name="換個寫法")
    assert again.headers["Location"].split("?")[0] == first.headers["Location"].split("?")[0]
    assert "您已經報名過" in client.get(again.headers["Location"]).get_data(as_text=True)
    assert count_rows(app, TrainingRegistration) == 1


def test_bad_input_is_shown_beside_its_field_and_kept(app, client, session_id):
    response = _send(
        client, session_id, contact_phone="02-2358-1021", contact_email="no-at", consent=""
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "請填寫手機號碼" in html and "電子郵件格式不正確" in html and "請勾選同意" in html
    assert 'value="no-at"' in html and 'value="測試商行1"' in html
    assert count_rows(app, TrainingRegistration) == 0


def test_a_form_without_its_csrf_token_is_refused(app, client, session_id):
    assert client.post(f"/training/{session_id}", data=form_data()).status_code == 400
    assert count_rows(app, TrainingRegistration) == 0


def test_a_closed_session_says_so_and_stores_nothing(app, client):
    with app.app_context():
        closed = make_session()
        closed.closes_at = closed.starts_at - timedelta(days=20)
        db.session.commit()
        closed_id = closed.id
    assert "報名已截止" in client.get(f"/training/{closed_id}").get_data(as_text=True)
    assert _send(client, closed_id).status_code == 422
    assert count_rows(app, TrainingRegistration) == 0


def test_cancelling_from_the_ticket_frees_the_seat_for_the_waitlist(app, client):
    with app.app_context():
        session_id = make_session(capacity=1).id
    mine = _send(client, session_id, **form_data(1)).headers["Location"]
    theirs = _send(client, session_id, **form_data(2)).headers["Location"]
    cancel_url = mine.split("?")[0] + "/cancel"
    assert "確定要取消" in client.get(cancel_url).get_data(as_text=True)
    done = client.post(cancel_url, data={"csrf_token": csrf_token(client, cancel_url)})
    assert done.status_code == 303
    assert "這筆報名已取消" in client.get(mine).get_data(as_text=True)
    assert "已報名" in client.get(theirs).get_data(as_text=True)


def test_an_unknown_ticket_is_not_found(client):
    assert client.get("/training/ticket/nope").status_code == 404
    assert client.get("/training/ticket/nope.ics").status_code == 404


def test_a_ticket_cannot_be_cancelled_after_the_session(app, client):
    with app.app_context():
        session = make_session()
        session_id = session.id
    mine = _send(client, session_id).headers["Location"]
    with app.app_context():
        past = db.session.get(TrainingSession, session_id)
        past.starts_at -= timedelta(days=30)
        past.ends_at -= timedelta(days=30)
        db.session.commit()
    cancel_url = mine.split("?")[0] + "/cancel"
    assert "不能再取消報名" in client.get(cancel_url).get_data(as_text=True)
    client.post(cancel_url, data={"csrf_token": csrf_token(client, cancel_url)})
    with app.app_context():
        assert db.session.scalar(db.select(TrainingRegistration.status)) == "registered"
