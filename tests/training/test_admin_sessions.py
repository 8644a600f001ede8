"""Officers create, edit, cancel and delete sessions (training.md, Sessions)."""

import html
from datetime import timedelta

import pytest

from smeup.extensions import db
from smeup.models.base import utcnow
from smeup.models.training import TrainingRegistration, TrainingSession
from tests.helpers import count_rows, csrf_token, login

from .admin_helpers import add_registration, audit_actions, course_option
from .conftest import make_session

BASE = "/console/training"


def session_data(**values) -> dict:
    """A valid 新增場次 form: an on-site course in 30 days, 09:30–16:30 Taipei."""
    day = (utcnow() + timedelta(days=30)).date()
    data = {
        "title": "社群行銷實戰班（臺中場）",
        "kind": "course",
        "course": "",
        "topic": "",
        "description": "",
        "mode": "onsite",
        "starts_on": f"{day:%Y-%m-%d}",
        "starts_time": "09:30",
        "ends_time": "16:30",
        "ends_on": "",
        "venue": "審計新村 小房子",
        "address": "臺中市西區民生路368巷",
        "county": "臺中市",
        "meeting_url": "",
        "site": "",
        "capacity": "30",
        "waitlist": "y",
        "per_company": "",
        "opens_on": "",
        "opens_time": "",
        "closes_on": "",
        "closes_time": "",
        "audience": "9 人以下微型企業",
        "contact_name": "王承辦",
        "contact_phone": "04-2222-3333",
        "contact_email": "Office@Example.com",
        "course_test": "",
        "event": "",
    }
    data.update(values)
    return data


def post(client, url, data):
    return client.post(url, data={"csrf_token": csrf_token(client, f"{BASE}/new"), **data})


@pytest.mark.parametrize("path", ["/", "/new", "/courses"])
def test_only_officers_open_the_training_console(app, client, users, path):
    anonymous = client.get(BASE + path)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    login(client, users["agent"])
    assert client.get(BASE + path).status_code == 403
    login(client, users["officer"])
    assert client.get(BASE + path).status_code == 200


def test_a_post_without_its_csrf_token_is_refused(app, auth):
    client = auth("officer")
    with app.app_context():
        course_id = course_option().id
    response = client.post(f"{BASE}/new", data=session_data(course=str(course_id)))
    assert response.status_code == 400
    assert count_rows(app, TrainingSession) == 0


def test_an_officer_creates_a_course_session_stored_in_utc(app, auth):
    client = auth("officer")
    with app.app_context():
        course_id = course_option().id
    response = post(client, f"{BASE}/new", session_data(course=str(course_id)))
    assert response.status_code == 303
    with app.app_context():
        session = db.session.scalar(db.select(TrainingSession))
        assert session.course_option_id == course_id and session.topic == ""
        assert (session.starts_at.hour, session.starts_at.minute) == (1, 30)  # 09:30 Taipei
        assert session.ends_at - session.starts_at == timedelta(hours=7)
        assert session.contact_email == "office@example.com" and session.meeting_url == ""
        assert session.waitlist and session.capacity == 30 and session.created_by_id
    assert response.headers["Location"].endswith(f"{BASE}/{session.id}")
    assert (
        "training_session_create",
        {"session_id": session.id, "title": "社群行銷實戰班（臺中場）"},
    ) in audit_actions(app)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "社群行銷實戰班（臺中場）" in page and "09:30–16:30" in page


def test_errors_are_shown_beside_their_fields_and_values_kept(app, auth):
    client = auth("officer")
    with app.app_context():
        course_option()
    data = session_data(
        title="",
        course="",
        mode="hybrid",
        venue="",
        meeting_url="http://meet.example.com/x",
        capacity="0",
        starts_time="25:00",
        audience="保留這段文字",
        closes_on="2020-13-01",
    )
    response = post(client, f"{BASE}/new", data)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    for message in (
        "請填寫場次名稱",
        "課程請選擇是哪一門",
        "實體上課請填寫場地名稱",
        "請填寫以 https:// 開頭的完整會議連結",
        "不可小於 1 人",
        "時間格式不正確",
        "日期格式不正確",
    ):
        assert message in page, message
    assert (
        'id="title-error"' in page
        and 'id="venue-error"' in page
        and 'id="meeting_url-error"' in page
    )
    assert 'value="保留這段文字"' in page and 'value="http://meet.example.com/x"' in page
    assert count_rows(app, TrainingSession) == 0


def test_online_needs_a_link_and_a_briefing_its_topic(app, auth):
    client = auth("officer")
    data = session_data(kind="briefing", topic="", mode="online", venue="", address="", county="")
    page = post(client, f"{BASE}/new", data).get_data(as_text=True)
    assert "說明會請選擇主題" in page and "線上上課請填寫會議連結" in page
    data.update(topic="淨零", meeting_url="https://meet.example.com/abc")
    assert post(client, f"{BASE}/new", data).status_code == 303
    with app.app_context():
        session = db.session.scalar(db.select(TrainingSession))
        assert (session.kind, session.topic, session.mode, session.county) == (
            "briefing",
            "淨零",
            "online",
            "",
        )
        assert session.course_option_id is None


def test_end_before_start_and_closing_after_start_are_refused(app, auth):
    client = auth("officer")
    with app.app_context():
        course_id = course_option().id
    data = session_data(course=str(course_id), ends_time="08:00")
    assert "結束時間要晚於開始時間" in post(client, f"{BASE}/new", data).get_data(as_text=True)
    later = (utcnow() + timedelta(days=40)).date()
    data = session_data(course=str(course_id), closes_on=f"{later:%Y-%m-%d}")
    assert "截止報名不可晚於上課開始時間" in post(client, f"{BASE}/new", data).get_data(
        as_text=True
    )


def test_editing_shows_the_stored_values_and_saves_with_an_audit_row(app, auth):
    client = auth("officer")
    with app.app_context():
        session_id = make_session(title="舊名稱").id
    form = client.get(f"{BASE}/{session_id}/edit").get_data(as_text=True)
    assert 'value="舊名稱"' in form and 'value="09:00"' in form
    response = post(
        client,
        f"{BASE}/{session_id}/edit",
        session_data(title="新名稱", course="", kind="briefing", topic="SBIR", capacity="3"),
    )
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(TrainingSession, session_id).title == "新名稱"
    action, detail = audit_actions(app)[-1]
    assert action == "training_session_update" and "場次名稱" in detail["changed"]


def test_raising_the_capacity_seats_the_waitlist_in_order(app, auth):
    client = auth("officer")
    with app.app_context():
        session = make_session(capacity=2, seats_taken=2)
        for n in (1, 2):
            add_registration(session, n)
        for n in (3, 4, 5):
            add_registration(session, n, status="waitlisted", seated_at=None)
        session_id = session.id
    data = session_data(kind="briefing", topic="其他", capacity="4")
    response = post(client, f"{BASE}/{session_id}/edit", data)
    assert response.status_code == 303
    with app.app_context():
        rows = db.session.scalars(
            db.select(TrainingRegistration).order_by(TrainingRegistration.id)
        ).all()
        assert [r.status for r in rows] == ["registered"] * 4 + ["waitlisted"]
        assert rows[2].seated_at is not None
        assert db.session.get(TrainingSession, session_id).seats_taken == 4
    assert audit_actions(app)[-1][1]["promoted"] == 2
    assert "候補的 2 人已依序遞補" in client.get(response.headers["Location"]).get_data(
        as_text=True
    )


def test_lowering_the_capacity_below_the_seats_taken_is_refused(app, auth):
    client = auth("officer")
    with app.app_context():
        session = make_session(capacity=3, seats_taken=3)
        for n in (1, 2, 3):
            add_registration(session, n)
        session_id = session.id
    response = post(
        client,
        f"{BASE}/{session_id}/edit",
        session_data(kind="briefing", topic="其他", capacity="2", title="不該存"),
    )
    assert response.status_code == 422
    assert "已有 3 人取得座位，名額不能少於 3 人" in response.get_data(as_text=True)
    with app.app_context():
        session = db.session.get(TrainingSession, session_id)
        assert (session.capacity, session.title) == (3, "社群行銷實戰班")


def test_cancelling_needs_a_reason_and_tells_everyone(app, auth, monkeypatch):
    told = []
    monkeypatch.setattr(
        "smeup.training.notify.session_cancelled",
        lambda s, regs: told.append([(r.id, r.status) for r in regs]),
    )
    client = auth("officer")
    with app.app_context():
        session = make_session(capacity=1, seats_taken=1)
        first = add_registration(session, 1).id
        second = add_registration(session, 2, status="waitlisted", seated_at=None).id
        add_registration(session, 3, status="cancelled", cancelled_at=utcnow(), cancelled_by="self")
        session_id = session.id
    url = f"{BASE}/{session_id}/cancel"
    assert "2</strong> 人都會收到通知信" in client.get(url).get_data(as_text=True)
    empty = client.post(url, data={"csrf_token": csrf_token(client, url), "reason": "  "})
    assert empty.status_code == 422 and "請填寫取消原因" in empty.get_data(as_text=True)
    done = client.post(
        url, data={"csrf_token": csrf_token(client, url), "reason": "講師臨時無法出席"}
    )
    assert done.status_code == 303
    assert told == [[(first, "registered"), (second, "waitlisted")]]
    with app.app_context():
        session = db.session.get(TrainingSession, session_id)
        assert session.cancelled_at is not None and session.cancel_reason == "講師臨時無法出席"
        assert session.seats_taken == 0
        rows = db.session.scalars(
            db.select(TrainingRegistration).order_by(TrainingRegistration.id)
        ).all()
        assert [(r.status, r.cancelled_by) for r in rows] == [
            ("cancelled", "session"),
            ("cancelled", "session"),
            ("cancelled", "self"),
        ]
    action, detail = audit_actions(app)[-1]
    assert (
        action == "training_session_cancel"
        and detail["reason"] == "講師臨時無法出席"
        and detail["registrations"] == 2
    )
    page = client.get(f"{BASE}/{session_id}").get_data(as_text=True)
    assert "本場次已於" in page and "場次已取消，不計出席率" in page


def test_a_session_with_registrations_is_never_deleted(app, auth):
    client = auth("officer")
    with app.app_context():
        used = make_session()
        add_registration(used, 1, status="cancelled", cancelled_at=utcnow())
        unused_id, used_id = make_session(title="沒人報名").id, used.id
    refused = client.post(
        f"{BASE}/{used_id}/delete", data={"csrf_token": csrf_token(client, f"{BASE}/{used_id}")}
    )
    assert refused.status_code == 303
    assert "不能刪除" in client.get(refused.headers["Location"]).get_data(as_text=True)
    deleted = client.post(
        f"{BASE}/{unused_id}/delete", data={"csrf_token": csrf_token(client, f"{BASE}/{unused_id}")}
    )
    assert deleted.status_code == 303
    with app.app_context():
        assert db.session.get(TrainingSession, used_id) is not None
        assert db.session.get(TrainingSession, unused_id) is None
    assert audit_actions(app)[-1] == (
        "training_session_delete",
        {"session_id": unused_id, "title": "沒人報名"},
    )


def test_the_list_has_tabs_and_each_session_its_figures(app, auth):
    client = auth("officer")
    with app.app_context():
        soon = make_session(title="下週場")
        add_registration(soon, 1)
        add_registration(soon, 2, status="waitlisted", seated_at=None)
        start = utcnow() - timedelta(days=5)
        past = make_session(title="上週場", starts_at=start, ends_at=start + timedelta(hours=3))
        add_registration(past, 3, attended=True, checked_in_at=start)
        add_registration(past, 4)
        make_session(title="取消場", cancelled_at=utcnow(), cancel_reason="颱風")
    upcoming = client.get(f"{BASE}/").get_data(as_text=True)
    assert "下週場" in upcoming and "上週場" not in upcoming and "取消場" not in upcoming
    assert "1／3" in upcoming
    past_page = client.get(f"{BASE}/?tab=past").get_data(as_text=True)
    assert "上週場" in past_page and "50%" in past_page
    assert "取消場" in client.get(f"{BASE}/?tab=cancelled").get_data(as_text=True)
    assert client.get(f"{BASE}/?tab=<x>&page=abc").status_code == 200


def test_typed_dates_and_times_read_as_people_write_them():
    from datetime import date, time

    from smeup.training.session_times import read_date, read_time, utc_of

    assert read_date("2026/12/18") == date(2026, 12, 18) and read_date(" ") is None
    assert read_time("9:30") == time(9, 30) == read_time("0930") == read_time("09：30")
    assert read_time("14:00:59") == time(14, 0)
    for bad in ("24:00", "abc", "9"):
        with pytest.raises(ValueError, match="時間格式不正確"):
            read_time(bad)
    with pytest.raises(ValueError, match="2020 年到 2100 年"):
        read_date("1999-01-01")
    assert utc_of(date(2026, 12, 18), time(7, 0)).isoformat() == "2026-12-17T23:00:00"


def test_a_session_people_attended_cannot_be_cancelled(app, auth):
    client = auth("officer")
    with app.app_context():
        session = make_session()
        add_registration(session, 1, attended=True, checked_in_at=session.starts_at)
        session_id = session.id
    url = f"{BASE}/{session_id}/cancel"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "reason": "改期"})
    assert response.status_code == 200 and "已有 1 人簽到出席" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(TrainingSession, session_id).cancelled_at is None
