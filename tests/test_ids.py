"""Ids past the id columns' range (no row can have one) are a 404, never a 500.

Primary keys are INTEGER: 32-bit on PostgreSQL, 64-bit on SQLite; MAX_ID is the smaller bound.
"""

import re

import pytest

from smeup.ids import MAX_ID, parse_id
from tests.channels.helpers import stored_check
from tests.helpers import login

INT_VARIABLE = re.compile(r"<int(?:\([^)]*\))?:\w+>")
ANY_VARIABLE = re.compile(r"<(?:\w+(?:\([^)]*\))?:)?\w+>")


def url_with(rule, number: int) -> str:
    """The rule with every int variable set to `number` and every other one to a plain word."""
    with_ids = INT_VARIABLE.sub(str(number), rule.rule)
    return ANY_VARIABLE.sub("no-such-thing", with_ids)


def int_rules(app) -> list:
    return [r for r in app.url_map.iter_rules() if INT_VARIABLE.search(r.rule)]


@pytest.fixture
def admin_client(make_app, users):
    """An admin with CSRF off, so POST routes reach their view too."""
    application = make_app(WTF_CSRF_ENABLED=False, PROPAGATE_EXCEPTIONS=False)
    client = application.test_client()
    assert login(client, users["admin"]).status_code == 302
    return application, client


def test_every_int_rule_answers_404_past_the_bigint_range(admin_client):
    application, client = admin_client
    rules = int_rules(application)
    assert len(rules) >= 10  # the walk covers every <int:> rule, whatever it is
    problems = []
    for rule in rules:
        method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
        for number in (MAX_ID + 1, 2**63, 2**64 + 1, 10**40):
            url = url_with(rule, number)
            status = client.open(url, method=method).status_code
            if status != 404:
                problems.append(f"{method} {url} gave {status}")
        # The largest id that fits still reaches the view, which finds no such row.
        status = client.open(url_with(rule, MAX_ID), method=method).status_code
        if status >= 500:
            problems.append(f"{method} {rule.rule} with {MAX_ID} gave {status}")
    assert problems == []


def test_a_prefill_id_past_the_range_is_not_found(app, auth):
    stored_check(app)
    client = auth("officer")  # officers may prefill from a bare id
    for number in (MAX_ID + 1, 2**63, 10**40):
        assert client.get(f"/phone/netzero?prefill={number}").status_code == 404
        assert client.get(f"/sbtr/?prefill={number}").status_code == 200  # a blank form
    assert client.get(f"/phone/netzero?prefill={MAX_ID}").status_code == 404


def test_console_filter_ids_past_the_range_are_refused_not_a_crash(auth):
    client = auth("officer")
    for query in (f"event={MAX_ID + 1}", "survey=999999999999", f"event={MAX_ID}"):
        response = client.get(f"/console/course/?{query}")
        assert response.status_code == 200, query
    page = client.get(f"/console/netzero/?event={MAX_ID + 1}").get_data(as_text=True)
    assert 'id="filter-event-error"' in page


def test_parse_id_takes_only_ascii_digits_in_range():
    assert parse_id("42") == 42 and parse_id(str(MAX_ID)) == MAX_ID
    too_big = (str(MAX_ID + 1), str(2**63), "9" * 400)
    for raw in (None, "", "0", "-1", "+1", " 1", "1.0", "１２", "٣", *too_big):
        assert parse_id(raw) is None, raw


def test_ids_typed_into_the_new_pages_query_strings_are_read_like_every_other_id(auth):
    """The register, digital and pre/post pages read ids through parse_id: no 500."""
    client = auth("officer")
    for bad in ("²", str(MAX_ID + 1), "9" * 30):
        assert client.get(f"/digital/?site={bad}&after={bad}").status_code == 200, bad
        assert client.get(f"/digital/export.csv?site={bad}").status_code == 200, bad
        handoff = client.get(f"/console/referrals/itri/handoff.csv?ids=3,{bad}")
        assert handoff.status_code == 200, bad


def test_ids_in_other_digits_open_nothing(app, auth):
    """Arabic-Indic, full-width and Devanagari digits are digits to Python's int(), not ids."""
    submission_id, _token = stored_check(app)
    client = auth("officer")
    assert client.get(f"/console/netzero/{submission_id}").status_code == 200
    for zero in ("٠", "０", "०", "𝟎"):  # Arabic-Indic, full-width, Devanagari, mathematical
        digits = str(submission_id).translate({ord("0") + d: chr(ord(zero) + d) for d in range(10)})
        assert client.get(f"/console/netzero/{digits}").status_code == 404, digits
    for rule in int_rules(app):
        url = INT_VARIABLE.sub("１", rule.rule)
        url = ANY_VARIABLE.sub("no-such-thing", url)
        method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
        assert client.open(url, method=method).status_code in (404, 405), url
