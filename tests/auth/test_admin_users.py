"""Admins manage accounts in the browser-less HTTP path."""

from smeup.extensions import db
from smeup.models import User
from tests.helpers import csrf_token, login


def test_admin_creates_an_account_that_can_sign_in(app, client, auth):
    auth("admin")
    token = csrf_token(client, "/admin/users")
    response = client.post(
        "/admin/users",
        data={
            "csrf_token": token,
            "username": "new-agent",
            "display_name": "新人",
            "role": "agent",
            "password": "a-good-password",
        },
    )
    assert response.status_code == 303
    fresh = app.test_client()
    assert login(fresh, "new-agent", "a-good-password").status_code == 302


def test_bad_account_form_keeps_values_and_explains(client, auth):
    auth("admin")
    token = csrf_token(client, "/admin/users")
    response = client.post(
        "/admin/users",
        data={
            "csrf_token": token,
            "username": "admin1",
            "display_name": "重複",
            "role": "agent",
            "password": "short",
        },
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "這個帳號已有人使用" in body and "密碼至少 8 個字元" in body
    assert 'value="重複"' in body


def test_admin_disables_an_account(app, client, auth, users):
    auth("admin")
    with app.app_context():
        agent_id = db.session.scalar(db.select(User.id).filter_by(username=users["agent"]))
    token = csrf_token(client, "/admin/users")
    assert (
        client.post(f"/admin/users/{agent_id}/active", data={"csrf_token": token}).status_code
        == 303
    )
    assert login(app.test_client(), users["agent"]).status_code == 422
