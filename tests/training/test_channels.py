"""Who registered whom: the public (web), an agent for a caller (phone), a roadshow kiosk."""

from smeup.extensions import db
from smeup.models import User
from smeup.models.training import TrainingRegistration
from tests.channels.helpers import make_event, start_kiosk
from tests.helpers import csrf_token

from .conftest import form_data, make_session


def _send(client, session_id, n=1):
    url = f"/training/{session_id}"
    return client.post(url, data={"csrf_token": csrf_token(client, url), **form_data(n)})


def _stored(app):
    with app.app_context():
        r = db.session.scalar(db.select(TrainingRegistration))
        return r.channel, r.event_id, r.entered_by_id


def test_a_visitor_registers_through_the_web(app, client, session_id):
    assert _send(client, session_id).status_code == 303
    assert _stored(app) == ("web", None, None)


def test_an_agent_registers_a_caller_by_phone(app, client, auth, session_id):
    auth("agent")
    start = client.get("/phone/").get_data(as_text=True)
    assert "/training/" in start  # the phone room offers registration among its forms
    assert _send(client, session_id).status_code == 303
    with app.app_context():
        agent_id = db.session.scalar(db.select(User.id).filter_by(username="agent1"))
    assert _stored(app) == ("phone", None, agent_id)


def test_a_kiosk_lists_its_events_sessions_and_tags_the_registration(app, client, users):
    event_id = make_event(app, forms=("training",))
    with app.app_context():
        ours = make_session(title="本活動的說明會", kind="briefing", event_id=event_id).id
        make_session(title="別的場次")
    assert start_kiosk(client, users["agent"], event_id).status_code in (302, 303)
    start = client.get("/kiosk/").get_data(as_text=True)
    assert "課程與說明會報名" in start
    listing = client.get("/training/").get_data(as_text=True)
    assert "本活動的說明會" in listing and "別的場次" not in listing
    assert _send(client, ours).status_code == 303
    assert _stored(app) == ("roadshow", event_id, None)
