"""The one number parser every numeric field uses (smeup/numbers.py), and the fields over HTTP."""

import html
from decimal import Decimal

import pytest

from smeup.models import Submission
from smeup.numbers import (
    BAD_GROUPS,
    NEGATIVE,
    NOT_A_NUMBER,
    NOT_A_WHOLE_NUMBER,
    NumberError,
    parse_number,
    too_many_places,
)
from tests.helpers import NETZERO_FORM, count_rows, csrf_token, sql


@pytest.mark.parametrize(
    ("raw", "places", "expected"),
    [
        ("0", 0, 0),
        ("35", 0, 35),
        ("007", 0, 7),
        ("1,234", 0, 1234),
        ("1,234,567", 0, 1234567),
        (" 12,000 ", 0, 12000),
        ("１２３４５", 0, 12345),  # full-width digits
        ("１，２３４", 0, 1234),  # and the full-width comma
        ("\u3000３５\u3000", 0, 35),  # an ideographic space around it
        ("120000", 2, Decimal("120000")),
        ("350.5", 2, Decimal("350.5")),
        ("1,234.56", 2, Decimal("1234.56")),
        ("１２，０００．５", 2, Decimal("12000.5")),  # the full-width point too
        ("", 2, None),
        ("   ", 0, None),
        (None, 0, None),
    ],
)
def test_what_people_type_is_read(raw, places, expected):
    value = parse_number(raw, places)
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize(
    ("raw", "places", "message"),
    [
        ("1,2,3", 0, BAD_GROUPS),  # was read as 123
        ("12,34", 0, BAD_GROUPS),
        ("1234,567", 0, BAD_GROUPS),
        ("1,2345", 2, BAD_GROUPS),
        ("0,123", 0, BAD_GROUPS),
        ("1_000", 0, NOT_A_WHOLE_NUMBER),
        ("1.5e3", 2, NOT_A_NUMBER),
        ("1e3", 0, NOT_A_WHOLE_NUMBER),
        ("inf", 2, NOT_A_NUMBER),
        ("Infinity", 2, NOT_A_NUMBER),
        ("nan", 2, NOT_A_NUMBER),
        ("NaN", 0, NOT_A_WHOLE_NUMBER),
        ("-1", 0, NEGATIVE),
        ("-0", 2, NEGATIVE),
        ("+1", 0, NOT_A_WHOLE_NUMBER),
        ("1 000", 0, NOT_A_WHOLE_NUMBER),
        ("0x10", 0, NOT_A_WHOLE_NUMBER),
        ("٣٤", 0, NOT_A_WHOLE_NUMBER),  # Arabic-Indic digits
        ("²", 0, NOT_A_WHOLE_NUMBER),  # NFKC would make this 2
        ("①", 0, NOT_A_WHOLE_NUMBER),
        ("12.", 2, NOT_A_NUMBER),
        ("1.5", 0, NOT_A_WHOLE_NUMBER),
        ("1.234", 2, too_many_places(2)),
        ("十二", 0, NOT_A_WHOLE_NUMBER),
        ("9" * 41, 0, "數字太長，請核對位數"),
    ],
)
def test_anything_else_is_refused_with_a_reason(raw, places, message):
    with pytest.raises(NumberError) as refused:
        parse_number(raw, places)
    assert str(refused.value) == message


VALID = {**NETZERO_FORM}


def post_check(client, **changes):
    token = csrf_token(client, "/netzero/")
    page = client.get("/netzero/").get_data(as_text=True)
    key = page.split('name="submission_key" type="hidden" value="')[1].split('"')[0]
    data = {**VALID, "csrf_token": token, "submission_key": key, **changes}
    return client.post("/netzero/", data=data)


def field_of(body: str, name: str) -> str:
    start = body.rindex('<div class="field ', 0, body.index(f'id="field-{name}"'))
    end = body.find('<div class="field ', start + 1)
    return body[start : end if end > 0 else len(body)]


def test_net_zero_form_refuses_misgrouped_and_scientific_numbers_next_to_the_field(client, app):
    response = post_check(
        client, employees="1,2,3", electricity_kwh="1.5e3", natural_gas_m3="1_000"
    )
    assert response.status_code == 422
    body = html.unescape(response.get_data(as_text=True))
    employees = field_of(body, "employees")
    assert BAD_GROUPS in employees and 'value="1,2,3"' in employees  # typed value kept
    electricity = field_of(body, "electricity_kwh")
    assert NOT_A_NUMBER in electricity and 'value="1.5e3"' in electricity
    assert NOT_A_NUMBER in field_of(body, "natural_gas_m3")
    assert count_rows(app, Submission) == 0


def test_full_width_is_read_alike_for_energy_and_the_data_year(client, app):
    response = post_check(
        client, data_year="２０２４", electricity_kwh="１２０，０００．５", employees="３５"
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    [(year,)] = sql(app, "SELECT data_year FROM netzero_check")
    [(employees,)] = sql(app, "SELECT employees FROM submission")
    assert (year, employees) == (2024, 35)


def test_sbtr_numbers_are_read_by_the_same_parser_inline(client):
    headers = {"HX-Request": "true", "X-CSRFToken": csrf_token(client, "/sbtr/")}
    for name, typed, message in (
        ("expected_local_jobs", "1,2", BAD_GROUPS),
        ("paid_in_capital", "5e6", NOT_A_WHOLE_NUMBER),
        ("employees", "-3", NEGATIVE),
    ):
        response = client.post(f"/validate/sbtr/{name}", data={name: typed}, headers=headers)
        body = html.unescape(response.get_data(as_text=True))
        assert message in body and f'value="{typed}"' in body, name
    good = client.post(
        "/validate/sbtr/paid_in_capital",
        data={"paid_in_capital": "５,０００,０００"},
        headers=headers,
    )
    assert "field-error" not in good.get_data(as_text=True)


@pytest.mark.parametrize(
    ("form_class", "name", "typed", "message", "good", "value"),
    [
        ("smeup.sbtr.forms:MemberForm", "employees", "1,0,0", BAD_GROUPS, "１,２００", 1200),
        ("smeup.surveys.admin_forms:SurveyForm", "min_ranked", "1e1", NOT_A_WHOLE_NUMBER, "３", 3),
    ],
)
def test_member_rows_and_survey_limits_too(app, form_class, name, typed, message, good, value):
    from importlib import import_module

    from werkzeug.datastructures import MultiDict

    module, _, attribute = form_class.partition(":")
    cls = getattr(import_module(module), attribute)
    with app.test_request_context(method="POST"):
        bad = cls(formdata=MultiDict({name: typed}), meta={"csrf": False})
        bad.validate()
        assert bad.errors[name] == [message] and bad[name]._value() == typed
        fine = cls(formdata=MultiDict({name: good}), meta={"csrf": False})
        fine.validate()
        assert name not in fine.errors and fine[name].data == value
