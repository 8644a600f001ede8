"""The audit log page: officers see logins, status changes and exports, filtered and paged."""

from datetime import datetime, timedelta

from smeup.extensions import db
from smeup.models import AuditEntry
from tests.helpers import login


def test_officers_see_logins_and_exports(client, users):
    login(client, users["officer"])
    client.get("/console/netzero/export.csv").get_data()
    html = client.get("/console/audit").get_data(as_text=True)
    assert "登入" in html and "匯出" in html
    assert "篩選條件" in html and "筆數" in html


def test_filter_by_user_and_action(app, client, users):
    login(client, users["admin"])
    client.get("/console/netzero/export.csv").get_data()
    login(client, users["officer"])
    html = client.get("/console/audit?user=admin1&action=export").get_data(as_text=True)
    assert html.count("<tr>") == 2  # header + the admin's one export
    assert "admin1" in html
    assert '<option value="admin1" selected>' in html
    html = client.get("/console/audit?user=officer1&action=export").get_data(as_text=True)
    assert "沒有符合條件的紀錄" in html


def test_paginated_fifty_a_page(app, client, users):
    with app.app_context():
        start = datetime(2026, 1, 1)
        db.session.add_all(
            AuditEntry(action="export", username="x", at=start + timedelta(minutes=i), detail={})
            for i in range(75)
        )
        db.session.commit()
    login(client, users["officer"])
    first = client.get("/console/audit?action=export").get_data(as_text=True)
    assert "共 75 筆" in first and first.count("<tr>") == 51
    assert 'href="/console/audit?page=2&amp;action=export"' in first
    second = client.get("/console/audit?action=export&page=2").get_data(as_text=True)
    assert second.count("<tr>") == 26


def test_agents_cannot_read_the_audit_log(client, users):
    login(client, users["agent"])
    assert client.get("/console/audit").status_code == 403


def test_anonymous_go_to_login(client):
    response = client.get("/console/audit")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
