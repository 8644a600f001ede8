"""Every URL in the app's URL map, for anonymous, agent, officer and admin (channels.md, Roles).

EXPECTED says, from channels.md, who may open each endpoint. An endpoint missing here fails
the test: a new URL must be classified before it ships.
"""

import re

import pytest

from smeup.access import access_level
from tests.helpers import login

# channels.md: anonymous reach the public forms, their own results and drafts (by token), login.
EXPECTED = {
    "main.home": "public",
    "main.healthz": "public",
    "main.validate_field": "public",
    "registry.offer": "public",
    "registry.fill": "public",
    "registry.phone": "agent",
    "auth.login": "public",
    "auth.logout": "agent",
    "admin.users": "admin",
    "admin.toggle_active": "admin",
    "kiosk.setup": "agent",
    "kiosk.start": "public",
    "kiosk.done": "public",
    "kiosk.leave": "public",
    "kiosk.offline": "public",
    "outbox.token": "public",
    "outbox.receive": "public",
    "outbox.service_worker": "public",
    "sbtr.review_detail": "officer",
    "sbtr.change_status": "officer",
    "sbtr.download_upload": "officer",
    "sbtr.drafts": "officer",
    "register.undo_merge": "admin",
    # digital.md: a counsellor (agent) opens and fills only the shops assigned to it
    # (tests/digital/test_digital_access.py); the rest of the blueprint is for officers.
    "digital.shops": "agent",
    "digital.shop": "agent",
    "digital.entry": "agent",
    "digital.save_row": "agent",
    # training.md: the online attendance import is an officer's (on the door's blueprint).
    "training_checkin.attendance_upload": "officer",
    "training_checkin.attendance_preview": "officer",
    "training_checkin.attendance_confirm": "officer",
    # mail.md: the unsubscribe link in a reminder works without signing in.
    "mail.unsubscribe": "public",
}
# Whole blueprints whose every endpoint has one level.
EXPECTED_BLUEPRINTS = {
    "netzero": "public",
    "navigator": "public",
    "surveys": "public",
    "sbtr": "public",
    "console": "officer",
    "events": "officer",
    "survey_admin": "officer",
    "admin": "admin",
    "phone": "agent",
    "register": "officer",
    "digital": "officer",
    # digital.md, Pre/post tests: participants take a test by its public link (web, kiosk).
    "prepost": "public",
    "prepost_admin": "officer",
    # training.md: the public registers and keeps a ticket; agents check people in at the
    # door; officers manage sessions.
    "training": "public",
    "training_checkin": "agent",
    "training_admin": "officer",
    # mail.md: officers read the 送信紀錄; report.md: officers only.
    "mail": "officer",
    "report": "officer",
}
ROLES = ("anonymous", "agent", "officer", "admin")
RANK = {"public": 0, "agent": 1, "officer": 2, "admin": 3}


def expected_level(endpoint: str) -> str | None:
    if endpoint in EXPECTED:
        return EXPECTED[endpoint]
    return EXPECTED_BLUEPRINTS.get(endpoint.split(".")[0])


def sample_url(rule) -> str:
    """The rule with every variable filled by a value that matches its converter."""

    def fill(match):
        converter = match.group(1) or "default"
        return "999999" if converter in ("int", "float") else "no-such-thing"

    return re.sub(r"<(?:(\w+)(?:\([^)]*\))?:)?\w+>", fill, rule.rule)


def rules(app):
    return [r for r in app.url_map.iter_rules() if r.endpoint != "static"]


def test_every_endpoint_declares_an_access_level(app):
    undeclared = [r.endpoint for r in rules(app) if access_level(app, r.endpoint) is None]
    assert undeclared == []


def test_declared_levels_match_channels_md(app):
    wrong = {}
    for rule in rules(app):
        expected = expected_level(rule.endpoint)
        declared = access_level(app, rule.endpoint)
        if expected is None:
            wrong[rule.endpoint] = f"not classified in EXPECTED (declared {declared})"
        elif declared != expected:
            wrong[rule.endpoint] = f"declared {declared}, channels.md says {expected}"
    assert wrong == {}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_what_it_may(app, users, role):
    client = app.test_client()
    if role != "anonymous":
        assert login(client, users[role]).status_code == 302
    problems = []
    for rule in rules(app):
        if rule.endpoint == "auth.logout":
            continue  # would end this client's session mid-walk; covered in tests/auth
        level = expected_level(rule.endpoint) or "admin"
        allowed = role != "anonymous" and RANK[role] >= RANK[level] or level == "public"
        url = sample_url(rule)
        method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
        response = client.open(url, method=method)
        to_login = response.status_code in (301, 302, 303) and "/login" in response.headers.get(
            "Location", ""
        )
        if allowed:
            if response.status_code in (401, 403) or to_login:
                problems.append(f"{method} {url} ({level}) refused with {response.status_code}")
        elif role == "anonymous":
            if not to_login:
                problems.append(f"{method} {url} ({level}) gave anonymous {response.status_code}")
        elif response.status_code != 403:
            problems.append(f"{method} {url} ({level}) gave {role} {response.status_code}")
        if response.status_code >= 500:
            problems.append(f"{method} {url} crashed with {response.status_code} for {role}")
    assert problems == []
