"""The audit log page: officers see logins, status changes and exports, filtered and paged."""

import ast
from datetime import datetime, timedelta
from pathlib import Path

import smeup
from smeup.console.audit_views import ACTION_LABELS, DETAIL_LABELS
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


def recorded_actions() -> dict[str, set[str]]:
    """Every audit action the app's code records, with the detail keys it passes by name."""
    found: dict[str, set[str]] = {}
    for path in Path(smeup.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            name = getattr(node, "func", None)
            name = getattr(name, "id", None) or getattr(name, "attr", None)
            if name != "record" or not node.args:
                continue
            action = node.args[0]  # a name, or `"a" if created else "b"`
            names = [action] if isinstance(action, ast.Constant) else []
            if isinstance(action, ast.IfExp):
                names = [action.body, action.orelse]
            keys = {k.arg for k in node.keywords if k.arg and k.arg != "user"}
            for constant in names:
                found.setdefault(constant.value, set()).update(keys)
    return found


def test_every_action_and_detail_the_app_records_reads_in_chinese():
    actions = recorded_actions()
    assert {"login", "export", "referral_move", "digital_month_save"} <= set(actions)
    assert sorted(set(actions) - set(ACTION_LABELS)) == []
    keys = set().union(*actions.values())
    assert sorted(keys - set(DETAIL_LABELS)) == []


def test_a_referral_move_reads_with_unit_names_and_no_raw_keys(app, client, users):
    with app.app_context():
        entry = AuditEntry(
            action="referral_move",
            username=users["officer"],
            detail={"referral_id": 3, "unit": "itri", "from_status": None, "to_status": "待轉介"},
        )
        db.session.add(entry)
        db.session.commit()
    login(client, users["officer"])
    html = client.get("/console/audit?action=referral_move").get_data(as_text=True)
    assert "轉介狀態" in html and "轉介編號" in html and "工業技術研究院" in html
    assert "referral_id" not in html and "None" not in html and "itri" not in html
