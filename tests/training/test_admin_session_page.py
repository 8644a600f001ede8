"""A session for officers: its figures (training.md, Numbers that must be right), the
registrations table, staff cancelling one, the attendees' test scores, the 研習證明."""

import html
import secrets
from datetime import timedelta

from smeup.extensions import db
from smeup.models.base import utcnow
from smeup.models.prepost import CourseTest, TestAttempt
from smeup.models.training import TrainingRegistration, TrainingSession
from smeup.training.figures import session_figures
from tests.helpers import csrf_token
from tests.prepost.conftest import build_test

from .admin_helpers import add_registration, audit_actions
from .conftest import make_session

BASE = "/console/training"


def past_session(**values) -> TrainingSession:
    start = (utcnow() - timedelta(days=2)).replace(microsecond=0)
    return make_session(starts_at=start, ends_at=start + timedelta(hours=3), capacity=10, **values)


def hand_built(**values) -> TrainingSession:
    """A past session: two seated who came and stayed away, a waitlisted person never seated,
    one cancelled before the start, one cancelled after it, a walk-in who came."""
    session = past_session(**values)
    start = session.starts_at
    add_registration(
        session,
        1,
        attended=True,
        checked_in_at=start + timedelta(minutes=-5),
        checkin_source="scan",
    )
    add_registration(session, 2)  # seated, never came: a no-show
    add_registration(session, 3, status="waitlisted", seated_at=None)  # never seated: not a no-show
    add_registration(
        session, 4, status="cancelled", cancelled_at=start - timedelta(days=1), cancelled_by="self"
    )
    add_registration(
        session,
        5,
        status="cancelled",
        cancelled_at=start + timedelta(minutes=30),
        cancelled_by="self",
    )
    add_registration(
        session,
        6,
        walk_in=True,
        seated_at=start + timedelta(minutes=10),
        attended=True,
        checked_in_at=start + timedelta(minutes=10),
        checkin_source="door",
    )
    return session


def test_the_figures_on_a_hand_built_session(app):
    with app.app_context():
        session = hand_built()
        fig = session_figures(session, utcnow())
        assert (fig.registered, fig.waitlisted, fig.cancelled, fig.attended) == (3, 1, 2, 2)
        # 應到: 1, 2, 5 (cancelled after the start) and the walk-in 6; 3 and 4 are not.
        assert fig.expected == 4 and fig.no_show == 2 and fig.rate == 0.5
        session.cancelled_at = utcnow()
        db.session.commit()
        cancelled = session_figures(session, utcnow())
        assert cancelled.rate is None and cancelled.no_show is None


def test_the_session_page_shows_figures_and_the_registrations(app, auth):
    client = auth("officer")
    with app.app_context():
        session_id = hand_built().id
    page = html.unescape(client.get(f"{BASE}/{session_id}").get_data(as_text=True))
    assert "<dt>出席率</dt><dd>50.0%</dd>" in page and "<dt>未到</dt><dd>2</dd>" in page
    assert "本場應到 4 人" in page
    for n in range(1, 7):
        assert f"學員{n}" in page
    assert "候補第 1 位" in page and "（現場）" in page
    waiting = client.get(f"{BASE}/{session_id}?status=waitlisted").get_data(as_text=True)
    assert "學員3" in waiting and "學員1" not in waiting
    came = client.get(f"{BASE}/{session_id}?status=attended").get_data(as_text=True)
    assert "學員1" in came and "學員6" in came and "學員2" not in came
    by_phone = client.get(f"{BASE}/{session_id}?q=0900000002").get_data(as_text=True)
    assert "學員2" in by_phone and "學員1<" not in by_phone
    by_last4 = client.get(f"{BASE}/{session_id}?q=0005").get_data(as_text=True)
    assert "學員5" in by_last4 and "學員2" not in by_last4
    by_name = client.get(f"{BASE}/{session_id}?q=學員4").get_data(as_text=True)
    assert "學員4" in by_name and "學員6" not in by_name


def test_rates_are_not_shown_before_the_end_with_the_reason(app, auth):
    client = auth("officer")
    with app.app_context():
        session = make_session()
        add_registration(session, 1)
        session_id = session.id
    page = html.unescape(client.get(f"{BASE}/{session_id}").get_data(as_text=True))
    assert '<dt>出席率</dt><dd>—<span class="figure-note">場次結束後計算</span>' in page


def test_staff_cancel_one_registration_and_the_waitlist_moves_up(app, auth):
    client = auth("officer")
    with app.app_context():
        session = make_session(capacity=1, seats_taken=1)
        seated = add_registration(session, 1).id
        waiting = add_registration(session, 2, status="waitlisted", seated_at=None).id
        session_id = session.id
    url = f"{BASE}/{session_id}/registrations/{seated}/cancel"
    token = csrf_token(client, f"{BASE}/{session_id}")
    response = client.post(url, data={"csrf_token": token, "status": "registered"})
    assert response.status_code == 303 and "status=registered" in response.headers["Location"]
    with app.app_context():
        assert db.session.get(TrainingRegistration, seated).cancelled_by == "staff"
        assert db.session.get(TrainingRegistration, waiting).status == "registered"
    assert audit_actions(app)[-1] == (
        "training_registration_cancel",
        {"session_id": session_id, "registration_id": seated},
    )
    assert client.post(url, data={"csrf_token": token}).status_code == 303  # twice: nothing more
    assert (
        client.post(
            f"{BASE}/{session_id + 1}/registrations/{seated}/cancel", data={"csrf_token": token}
        ).status_code
        == 404
    )


def test_a_certificate_is_only_for_someone_who_attended(app, auth):
    client = auth("officer")
    with app.app_context():
        session = hand_built()
        came = db.session.scalar(
            db.select(TrainingRegistration.id).filter_by(attendee_name="學員1")
        )
        stayed_away = db.session.scalar(
            db.select(TrainingRegistration.id).filter_by(attendee_name="學員2")
        )
        other = past_session(title="別的場次")
        session_id, other_id = session.id, other.id
    one = client.get(f"{BASE}/{session_id}/certificates/{came}")
    page = one.get_data(as_text=True)
    assert one.status_code == 200
    assert (
        "研習證明" in page and "學員1" in page and "測試商行1" in page and "研習時數 3 小時" in page
    )
    assert "經濟部中小及新創企業署「推升級」計畫" in page and page.count('class="certificate"') == 1
    assert client.get(f"{BASE}/{session_id}/certificates/{stayed_away}").status_code == 404
    assert client.get(f"{BASE}/{other_id}/certificates/{came}").status_code == 404
    everyone = client.get(f"{BASE}/{session_id}/certificates").get_data(as_text=True)
    assert (
        everyone.count('class="certificate"') == 2
        and "學員6" in everyone
        and "學員2" not in everyone
    )


def _attempt(test, kind, phone, score_by_item, ubn=None):
    db.session.add(
        TestAttempt(
            test_id=test.id,
            kind=kind,
            token=secrets.token_urlsafe(16),
            ubn=ubn,
            name="學員",
            phone=phone,
            person_key=f"ubn:{ubn or ''}|{phone}",
            item_scores={
                str(item.id): points
                for item, points in zip(test.visible_items, score_by_item, strict=True)
            },
            score=sum(score_by_item),
            max_score=test.max_score,
            counted=True,
            counted_key=secrets.token_hex(8),
        )
    )


def test_the_linked_test_for_the_people_who_attended(app, auth):
    client = auth("officer")
    with app.app_context():
        test = db.session.get(CourseTest, build_test("post"))  # items worth 2, 3, 1: max 6
        session = hand_built(course_test_id=test.id, course_option_id=test.course_option_id)
        walk_in = db.session.scalar(
            db.select(TrainingRegistration).filter_by(attendee_name="學員6")
        )
        walk_in.ubn = "22099131"
        db.session.commit()
        _attempt(test, "pre", "0900000001", [2, 0, 0])  # attendee 1 by phone: 2 → 5
        _attempt(test, "post", "+886-900-000-001", [2, 3, 0])
        _attempt(
            test, "pre", "0911999999", [0, 0, 1], ubn="22099131"
        )  # attendee 6 by 統一編號: 1 → 6
        _attempt(test, "post", "0911999999", [2, 3, 1], ubn="22099131")
        _attempt(test, "pre", "0900000002", [2, 3, 1])  # stayed away: not counted
        _attempt(test, "post", "0900000002", [0, 0, 0])
        db.session.commit()
        session_id = session.id
    page = html.unescape(client.get(f"{BASE}/{session_id}").get_data(as_text=True))
    assert "<dt>兩次都有（n）</dt><dd>2</dd>" in page
    assert "<dt>前測平均</dt><dd>1.5 分</dd>" in page
    assert "<dt>後測平均</dt><dd>5.5 分</dd>" in page
    assert "<dt>平均進步</dt><dd>+4.0 分</dd>" in page


def test_the_search_as_one_types_gets_the_table_alone(app, auth):
    client = auth("officer")
    with app.app_context():
        session_id = hand_built().id
    response = client.get(
        f"/console/training/{session_id}?q=學員6",
        headers={"HX-Request": "true", "HX-Target": "registrations"},
    )
    page = response.get_data(as_text=True)
    assert page.lstrip().startswith('<div id="registrations">')
    assert "學員6" in page and "學員1<" not in page and "<h1>" not in page
