"""Signing in: hashed passwords, one answer for every failure, rate limit, idle expiry."""

from datetime import timedelta

from smeup.extensions import db
from smeup.models import AuditEntry, User
from tests.helpers import PASSWORD, count_rows, csrf_token, login, without_tokens


def test_password_is_stored_hashed(app, users):
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(username=users["agent"]))
        assert PASSWORD not in user.password_hash
        assert user.check_password(PASSWORD) and not user.check_password("nope")


def test_login_success_redirects_and_shows_who_is_signed_in(client, users):
    response = login(client, users["officer"])
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "測試officer（承辦人員）" in page
    assert "登出" in page


def answer(response, typed_username: str) -> str:
    """The page apart from what differs by design: CSRF tokens and the username typed back."""
    page = without_tokens(response.get_data(as_text=True))
    assert page.count(f'value="{typed_username}"') == 1
    return page.replace(f'value="{typed_username}"', 'value="TYPED"')


def test_wrong_password_and_unknown_user_get_the_same_answer(client, users):
    wrong = login(client, users["officer"], "not the password")
    unknown = login(client, "nobody-here", "not the password")
    assert wrong.status_code == unknown.status_code == 422
    assert "帳號或密碼不正確" in wrong.get_data(as_text=True)
    assert answer(wrong, users["officer"]) == answer(unknown, "nobody-here")


def test_unknown_and_disabled_users_cost_the_same_password_check_as_a_known_one(
    app, client, users, monkeypatch
):
    """No timing: the same slow hash check runs whatever the username (a spy counts them)."""
    import smeup.models.user as user_module

    checked = []
    real_check = user_module.check_password_hash

    def spy(pwhash: str, password: str) -> bool:
        checked.append(pwhash.split("$", 1)[0])  # the method and its cost parameters
        return real_check(pwhash, password)

    monkeypatch.setattr(user_module, "check_password_hash", spy)
    with app.app_context():
        known = db.session.scalar(db.select(User).filter_by(username=users["officer"]))
        method = known.password_hash.split("$", 1)[0]
        db.session.scalar(db.select(User).filter_by(username=users["agent"])).active = False
        db.session.commit()
    assert method.startswith("scrypt:")
    for username in (users["officer"], "nobody-here", users["agent"]):
        checked.clear()
        assert login(client, username, "not the password").status_code == 422
        assert checked == [method], username


def test_disabled_account_cannot_sign_in(app, client, users):
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(username=users["agent"]))
        user.active = False
        db.session.commit()
    assert login(client, users["agent"]).status_code == 422


def test_logins_and_failures_are_audited(app, client, users):
    login(client, users["officer"], "bad")
    login(client, users["officer"])
    with app.app_context():
        actions = [
            e.action for e in db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id))
        ]
    assert actions == ["login_failed", "login"]


def test_login_is_rate_limited_with_a_zh_message(make_app, users):
    limited = make_app(RATELIMIT_ENABLED=True, SMEUP_LOGIN_LIMIT="3 per minute")
    client = limited.test_client()
    token = csrf_token(client)
    codes = [
        client.post(
            "/login", data={"csrf_token": token, "username": "x", "password": "y"}
        ).status_code
        for _ in range(4)
    ]
    assert codes == [422, 422, 422, 429]
    response = client.post("/login", data={"csrf_token": token, "username": "x", "password": "y"})
    assert "請稍候" in response.get_data(as_text=True)


def test_session_expires_after_30_minutes_idle(app, client, users):
    assert app.permanent_session_lifetime == timedelta(minutes=30)
    login(client, users["officer"])
    cookie = client.get_cookie("smeup_session")
    assert cookie.expires is not None  # a permanent session, renewed on each request
    assert cookie.http_only and cookie.same_site == "Lax"


def test_logout_ends_the_session(client, users):
    login(client, users["officer"])
    token = csrf_token(client, "/")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert "登出" not in client.get("/").get_data(as_text=True)


def test_next_parameter_only_follows_local_paths(client, users):
    token = csrf_token(client)
    data = {"csrf_token": token, "username": users["officer"], "password": PASSWORD}
    response = client.post("/login?next=https://evil.example/", data=data)
    assert response.headers["Location"] == "/console/"  # an officer lands on 總覽


def test_no_audit_rows_without_logins(app):
    assert count_rows(app, AuditEntry) == 0
