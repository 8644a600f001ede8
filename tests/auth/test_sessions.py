"""Ending a session ends every copy of its cookie: logout, kiosk start, new password, disabling.

The session cookie is signed, not stored: an attacker who copied it (a shared PC, a proxy log)
can replay it. Each test saves the cookie, ends the session the way a person would, then
replays the saved cookie in a fresh browser.
"""

from smeup.extensions import db
from smeup.models import User
from tests.channels.helpers import make_event, start_kiosk
from tests.helpers import PASSWORD, csrf_token, login

COOKIE = "smeup_session"


def saved_cookie(client) -> str:
    """The session cookie as an attacker would copy it."""
    return client.get_cookie(COOKIE).value


def replay(app, cookie: str):
    """A fresh browser holding only the copied cookie."""
    other = app.test_client()
    other.set_cookie(COOKIE, cookie)
    return other


def sent_to_login(response) -> bool:
    return response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_a_copied_officer_cookie_opens_nothing_after_logout(app, client, users):
    assert login(client, users["officer"]).status_code == 302
    cookie = saved_cookie(client)
    assert replay(app, cookie).get("/console/").status_code == 200  # the copy works until...
    assert client.post("/logout", data={"csrf_token": csrf_token(client, "/")}).status_code == 302
    assert sent_to_login(replay(app, cookie).get("/console/"))
    assert "登出" not in replay(app, cookie).get("/").get_data(as_text=True)


def test_signing_in_again_after_logout_works(app, client, users):
    login(client, users["officer"])
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    assert login(client, users["officer"]).status_code == 302
    assert client.get("/console/").status_code == 200


def test_a_copied_agent_cookie_opens_no_staff_page_once_kiosk_mode_starts(app, client, users):
    event_id = make_event(app)
    assert login(client, users["agent"]).status_code == 302
    cookie = saved_cookie(client)
    assert start_kiosk(client, users["agent"], event_id).status_code == 303
    for url in ("/phone/", "/kiosk/setup"):
        assert sent_to_login(replay(app, cookie).get(url)), url


def test_a_new_password_from_the_cli_ends_earlier_sessions(app, client, users, runner):
    login(client, users["officer"])
    cookie = saved_cookie(client)
    result = runner.invoke(
        args=["user", "set-password", users["officer"]],
        env={"SMEUP_NEW_PASSWORD": "a brand new secret"},
    )
    assert result.exit_code == 0, result.output
    assert sent_to_login(replay(app, cookie).get("/console/"))
    assert sent_to_login(client.get("/console/"))
    assert login(app.test_client(), users["officer"], "a brand new secret").status_code == 302


def test_a_disabled_account_is_signed_out_everywhere_and_stays_out_when_enabled(app, client, users):
    login(client, users["officer"])
    cookie = saved_cookie(client)
    admin = app.test_client()
    login(admin, users["admin"])
    with app.app_context():
        officer_id = db.session.scalar(db.select(User.id).filter_by(username=users["officer"]))
    toggle = f"/admin/users/{officer_id}/active"
    assert (
        admin.post(toggle, data={"csrf_token": csrf_token(admin, "/admin/users")}).status_code
        == 303
    )
    assert sent_to_login(replay(app, cookie).get("/console/"))
    admin.post(toggle, data={"csrf_token": csrf_token(admin, "/admin/users")})  # enabled again
    assert sent_to_login(replay(app, cookie).get("/console/"))
    assert login(app.test_client(), users["officer"], PASSWORD).status_code == 302
