"""Where staff land after signing in: officers on 總覽 (/console/), agents keep the home page."""

import pytest

from tests.helpers import PASSWORD, csrf_token, login


@pytest.mark.parametrize("role", ["officer", "admin"])
def test_an_officer_lands_on_the_dashboard(client, users, role):
    response = login(client, users[role])
    assert response.status_code == 302
    assert response.headers["Location"] == "/console/"
    assert "<h1>總覽</h1>" in client.get("/console/").get_data(as_text=True)


def test_an_agent_keeps_the_home_page(client, users):
    response = login(client, users["agent"])
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_a_local_next_still_wins_and_a_foreign_one_lands_on_the_dashboard(client, users):
    data = {"csrf_token": csrf_token(client), "username": users["officer"], "password": PASSWORD}
    response = client.post("/login?next=/console/audit", data=data)
    assert response.headers["Location"] == "/console/audit"
    client.post("/logout", data={"csrf_token": csrf_token(client, "/console/")})
    data["csrf_token"] = csrf_token(client)
    response = client.post("/login?next=https://evil.example/", data=data)
    assert response.headers["Location"] == "/console/"
