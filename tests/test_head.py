"""HEAD answers like GET on every GET rule of the URL map (a form page is not a submission)."""

import re

import pytest

from smeup.extensions import db
from smeup.surveys.demo import seed
from tests.channels.helpers import make_event
from tests.helpers import login


def _url(rule, values: dict) -> str:
    def fill(match):
        converter, name = match.group(1) or "default", match.group(2)
        if name in values:
            return str(values[name])
        return "999999" if converter in ("int", "float") else "no-such-thing"

    return re.sub(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", fill, rule.rule)


@pytest.mark.parametrize("role", ["anonymous", "admin"])
def test_head_answers_like_get_on_every_get_rule(app, users, role):
    with app.app_context():
        survey_id = seed().id
        db.session.commit()
    values = {
        "survey_id": survey_id,
        "event_id": make_event(app),
        "form_type": "netzero",
        "fmt": "csv",
        "filename": "css/app.css",
    }
    client = app.test_client()
    if role != "anonymous":
        assert login(client, users[role]).status_code == 302
    differences = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        url = _url(rule, values)
        got = client.get(url)
        head = client.head(url)
        if (head.status_code, head.content_type) != (got.status_code, got.content_type):
            differences.append(f"{url}: GET {got.status_code}, HEAD {head.status_code}")
        if head.get_data():
            differences.append(f"{url}: HEAD sent a body")
    assert differences == []


def test_head_on_a_survey_form_is_the_form_not_a_refused_submission(app, client):
    with app.app_context():
        survey_id = seed().id
        db.session.commit()
    response = client.head(f"/surveys/{survey_id}")
    assert response.status_code == 200
    assert response.content_type.startswith("text/html")
