"""An online session's attendee report: upload, preview (nothing written), confirm, once."""

import io

import pytest

from smeup.extensions import db
from smeup.models import AuditEntry
from smeup.models.training import TrainingAttendanceImport, TrainingRegistration
from smeup.training.attendance_import import AttendanceFileError, read_minutes, read_report
from tests.helpers import count_rows, csrf_token

from .test_checkin import registered

# A 100-minute online session: 80 minutes (80 %) counts, 79 does not.
ONLINE = {"mode": "online", "venue": "", "address": "", "county": ""}


def online_session(app, n=4):
    from datetime import timedelta

    session_id, ids = registered(app, n, **ONLINE)
    with app.app_context():
        from smeup.models.training import TrainingSession

        session = db.session.get(TrainingSession, session_id)
        session.ends_at = session.starts_at + timedelta(minutes=100)
        session.capacity = n
        db.session.commit()
    return session_id, ids


def upload(client, session_id, text, name="report.csv", encoding="utf-8"):
    url = f"/checkin/{session_id}/attendance"
    data = {
        "csrf_token": csrf_token(client, url),
        "file": (io.BytesIO(text.encode(encoding)), name),
    }
    return client.post(url, data=data, content_type="multipart/form-data")


REPORT = (
    "姓名,電子郵件,出席時間(分鐘)\n"
    "學員1,person1@example.com,80\n"  # exactly 80 %
    "學員2,person2@example.com,79\n"  # 79 %: below
    "學員3,PERSON3@Example.com,50\n"  # upper case, rejoined: 50 + 30
    "學員3,person3@example.com,30\n"
    "路人,stranger@example.com,100\n"
)


def test_preview_then_confirm_counts_80_percent_and_sums_a_rejoined_person(app, client, auth):
    session_id, (r1, r2, r3, r4) = online_session(app)
    auth("officer")
    response = upload(client, session_id, REPORT)
    assert response.status_code == 303
    preview = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "出席 <strong>2</strong>" in preview and "出席時間不足 <strong>1</strong>" in preview
    assert "無法對應 <strong>1</strong>" in preview and "沒有這個電子郵件的報名" in preview
    assert "進出 2 次，時間已加總" in preview
    with app.app_context():
        assert not db.session.get(TrainingRegistration, r1).attended  # nothing written yet
    url = response.headers["Location"]
    token = csrf_token(client, url)
    assert client.post(url + "/confirm", data={"csrf_token": token}).status_code == 303
    again = client.post(url + "/confirm", data={"csrf_token": token})
    assert "已經匯入過" in client.get(again.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        got = {rid: db.session.get(TrainingRegistration, rid) for rid in (r1, r2, r3, r4)}
        assert [got[r].attended for r in (r1, r2, r3, r4)] == [True, False, True, False]
        assert [got[r].minutes_present for r in (r1, r2, r3, r4)] == [80, 79, 80, None]
        assert got[r1].checkin_source == "import"
        audits = db.session.scalars(
            db.select(AuditEntry).filter_by(action="training_attendance_import")
        ).all()
        assert len(audits) == 1 and audits[0].detail["present"] == 2


def test_a_door_check_in_stays_when_the_report_says_too_little(app, client, auth):
    session_id, (r1, *_) = online_session(app, 1)
    with app.test_request_context():
        from smeup.training import checkin

        checkin.check_in(db.session.get(TrainingRegistration, r1), by_id=None)
    auth("officer")
    location = upload(
        client, session_id, "Name,Email,Duration (Minutes)\n學員1,person1@example.com,5\n"
    ).headers["Location"]
    client.post(location + "/confirm", data={"csrf_token": csrf_token(client, location)})
    with app.app_context():
        registration = db.session.get(TrainingRegistration, r1)
        assert registration.attended and registration.checkin_source == "door"
        assert registration.minutes_present == 5


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\xb1\x69\xa4\x70\xa9\xfa,\xb9\x71\xa4\x6c\n",  # Big5
        b"foo,bar\n1,2\n",
        "姓名,電子郵件,出席時間(分鐘)\n".encode(),
        b"PK\x03\x04 an xlsx",
    ],
)
def test_a_bad_file_gets_one_clear_message_and_nothing_is_kept(app, client, auth, content):
    session_id, _ = online_session(app, 1)
    auth("officer")
    url = f"/checkin/{session_id}/attendance"
    data = {"csrf_token": csrf_token(client, url), "file": (io.BytesIO(content), "x.csv")}
    response = client.post(url, data=data, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert html.count('class="alert alert-error"') == 1 and "沒有寫入任何資料" in html
    assert count_rows(app, TrainingAttendanceImport) == 0


def test_platform_exports_are_read():
    zoom = (
        "Name (original name),User Email,Join time,Leave time,Duration (Minutes),Guest\n"
        "Ann,ANN@x.tw,12/7/2026 9:00,12/7/2026 10:30,90,No\n"
    )
    assert [(r.name, r.email, r.minutes) for r in read_report(zoom.encode())] == [
        ("Ann", "ann@x.tw", 90)
    ]
    teams = (
        "1. Summary\nMeeting title\t課程\n\n2. Participants\n"
        "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tRole\n"
        "Ann\t9:00\t10:30\t1h 30m 10s\tann@x.tw\tAttendee\n\n3. In-Meeting Activities\nName\tEmail\n"
    )
    rows = read_report(teams.encode("utf-16"))
    assert len(rows) == 1 and round(rows[0].minutes, 2) == 90.17
    meet = "名字,電子郵件,時間長度\n安,ann@x.tw,1 小時 2 分\n"
    assert read_report(meet.encode("utf-8-sig"))[0].minutes == 62
    assert read_minutes("1:02:30") == 62.5 and read_minutes("45 min") == 45
    assert (
        read_minutes("nan") is None
        and read_minutes("1e309") is None
        and read_minutes("abc") is None
    )
    with pytest.raises(AttendanceFileError):
        read_report(b"a,b\n")


def test_officers_only(app, client, auth):
    session_id, _ = online_session(app, 1)
    auth("agent")
    assert client.get(f"/checkin/{session_id}/attendance").status_code == 403


def test_unconfirmed_uploads_are_purged_after_a_week(app, client, auth):
    from datetime import timedelta

    from smeup.models.base import utcnow
    from smeup.training.attendance_import import purge_unconfirmed

    session_id, _ = online_session(app, 1)
    auth("officer")
    upload(client, session_id, REPORT)
    with app.app_context():
        assert purge_unconfirmed(utcnow() + timedelta(days=6)) == 0
        assert purge_unconfirmed(utcnow() + timedelta(days=8)) == 1
        db.session.commit()
    assert count_rows(app, TrainingAttendanceImport) == 0
