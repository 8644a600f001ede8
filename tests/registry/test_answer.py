"""Reading the registry's answer: 民國 dates, county from the address, capital, dissolution."""

import json
from datetime import date

import pytest

from smeup.registry.answer import (
    MAX_CAPITAL,
    MalformedAnswer,
    capital,
    county_of,
    is_dissolved,
    nesting,
    read_answer,
    roc_date,
)
from tests import fake_registry as fake
from tests.fake_registry import DISSOLVED, TAICHUNG, TSMC


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0760221", date(1987, 2, 21)),
        ("1120901", date(2023, 9, 1)),
        ("0010101", date(1912, 1, 1)),
        (" 1130911 ", date(2024, 9, 11)),
        (760221, date(1987, 2, 21)),  # a number loses the leading 0
        ("1130229", date(2024, 2, 29)),  # 民國 113 = 2024, a leap year
    ],
)
def test_roc_dates(raw, expected):
    assert roc_date(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        None,
        "0000101",
        "1120230",
        "1121301",
        "1120900",
        "112091",
        "11209011",
        "112-09-01",
        "1987-02-21",
        "abcdefg",
        "１１２０９０１x",
        True,
        3.5,
    ],
)
def test_malformed_roc_dates_are_none(raw):
    assert roc_date(raw) is None


@pytest.mark.parametrize(
    ("address", "county"),
    [
        ("臺中市西屯區工業區一路100號", "臺中市"),
        ("台中市西屯區工業區一路100號", "臺中市"),
        ("台北市中正區重慶南路一段122號", "臺北市"),
        ("新北市板橋區中山路一段161號", "新北市"),
        ("臺北縣板橋市中山路一段161號", "新北市"),  # before 2010
        ("臺中縣大甲鎮順天路5號", "臺中市"),
        ("台南縣新營市民治路36號", "臺南市"),
        ("高雄縣鳳山市光復路二段132號", "高雄市"),
        ("桃園縣桃園市縣府路1號", "桃園市"),  # before 2014
        ("新竹縣竹北市光明六路10號", "新竹縣"),
        ("新竹市東區中正路120號", "新竹市"),
        ("新竹科學園區新竹市力行六路8號", "新竹市"),  # the park comes first
        ("金門縣金城鎮民生路60號", "金門縣"),
        ("連江縣南竿鄉介壽村76號", "連江縣"),
        ("臺 中 市西屯區", "臺中市"),
    ],
)
def test_county_from_the_address(address, county):
    assert county_of(address) == county


@pytest.mark.parametrize("address", ["", None, "香港九龍彌敦道1號", "科學園區力行路", 12])
def test_no_county_in_the_address(address):
    assert county_of(address) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (259327332420, 259327332420),
        ("8500000", 8500000),
        ("8,500,000", 8500000),
        (8500000.0, 8500000),
        (0, 0),
        (None, None),
        ("", None),
        ("八百萬", None),
        (-1, None),
        (8500000.5, None),
        (True, None),
    ],
)
def test_capital_is_an_integer(raw, expected):
    assert capital(raw) == expected
    assert capital(raw) is None or type(capital(raw)) is int


def test_the_largest_capital_kept_is_far_inside_a_bigint():
    assert capital(MAX_CAPITAL) == MAX_CAPITAL == 10**15
    assert capital(str(MAX_CAPITAL)) == MAX_CAPITAL
    assert capital("000" + "8500000") == 8500000
    assert MAX_CAPITAL < 2**63 - 1


@pytest.mark.parametrize(
    "raw",
    [
        10**20,  # SQLite: OverflowError when kept
        MAX_CAPITAL + 1,
        2**63,
        "9" * 5_000,  # int() refuses more than 4,300 digits (ValueError)
        "100,000,000,000,000,000,000",
        1e20,
        float("inf"),
        float("nan"),
        [8500000],
        {"amount": 8500000},
    ],
)
def test_a_capital_the_app_cannot_use_makes_the_answer_unusable(raw):
    with pytest.raises(MalformedAnswer):
        capital(raw)


@pytest.mark.parametrize(
    ("status", "dissolved"),
    [
        ("核准設立", False),
        ("停業", False),
        ("解散", True),
        ("廢止", True),
        ("撤銷", True),
        ("解散已清算完結", True),
        ("廢止已清算完結", True),
        ("命令解散", True),
        ("撤銷已清算完結", True),
    ],
)
def test_dissolved_statuses(status, dissolved):
    assert is_dissolved(status) is dissolved


def _body(*rows) -> bytes:
    return json.dumps(list(rows), ensure_ascii=False).encode()


def test_a_found_company_is_read_into_plain_values():
    record = read_answer(_body(TAICHUNG), "04541302")
    assert record.company_name == "綠能五金股份有限公司"
    assert record.county == "臺中市"
    assert record.paid_in_capital == 8_500_000
    assert record.capital_stock == 10_000_000
    assert record.founded_on == date(2023, 9, 1)
    assert record.dissolved is False
    assert record.raw == TAICHUNG


def test_the_real_tsmc_answer():
    record = read_answer(_body(TSMC), "22099131")
    assert (record.county, record.founded_on) == ("新竹市", date(1987, 2, 21))
    assert record.paid_in_capital == 259_327_332_420


def test_a_dissolved_company():
    record = read_answer(_body(DISSOLVED), "34051920")
    assert record.dissolved and record.status == "解散"
    assert record.county == "臺中市"


@pytest.mark.parametrize("body", [b"", b"  \n", b"[]"])
def test_not_found_is_none(body):
    assert read_answer(body, "04595252") is None


@pytest.mark.parametrize(
    "body",
    [
        b'[{"Business_Accounting_NO": "12345675", "Comp',
        "此API不存在，請查明後繼續。".encode(),
        b'{"Business_Accounting_NO": "04541302"}',
        b"[1, 2]",
        b"\xff\xfe",
        _body({**TAICHUNG, "Business_Accounting_NO": "22099131"}),  # about another number
        _body({**TAICHUNG, "Company_Name": ""}),
    ],
)
def test_malformed_answers_are_refused(body):
    with pytest.raises(MalformedAnswer):
        read_answer(body, "04541302")


@pytest.mark.parametrize("ubn", list(fake.HOSTILE_BODIES))
def test_the_hostile_answers_are_refused(ubn):
    with pytest.raises(MalformedAnswer):
        read_answer(fake.HOSTILE_BODIES[ubn], ubn)


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b"[" * 1_000_000,
        _body(TAICHUNG)[:-2] + b', "x": ' + b"[" * 17 + b"]" * 17 + b"}]",
        _body(TAICHUNG)[:-1] + b', "x": ' + b'{"a": ' * 20 + b"1" + b"}" * 20 + b"]",
        _body(TAICHUNG).replace(b"8500000", b"1" + b"0" * 20),
        _body(TAICHUNG).replace(b"8500000", b"-" + b"9" * 5000),
        _body(TAICHUNG).replace(b"8500000", b"1e999"),
        _body(TAICHUNG).replace(b"8500000", b"NaN"),
        _body(TAICHUNG).replace(b"8500000", b"-Infinity"),
        _body(TAICHUNG).replace(b"10000000", b"9" * 5000),  # Capital_Stock_Amount
        _body({**TAICHUNG, "Company_Setup_Date": ["1120901"]}),
        _body({**TAICHUNG, "Responsible_Name": 7}),
        _body({**TAICHUNG, "Register_Organization_Desc": True}),
        _body({**TAICHUNG, "Business_Accounting_NO": ["04541302"]}),
        _body({**TAICHUNG, "Company_Name": {"zh": "綠能"}}),
        _body({**TAICHUNG, "Company_Name": "\u202e\x00"}),  # nothing left once cleaned
    ],
)
def test_answers_the_app_cannot_use_are_refused(body):
    with pytest.raises(MalformedAnswer):
        read_answer(body, "04541302")


def test_nesting_counts_brackets_outside_strings_only():
    assert nesting('[{"a": "[[[[{{{{", "b": "\\"[[["}]') == 2
    assert nesting("[]") == 1
    assert nesting("[" * 50) == 50


def test_nulls_and_nested_values_the_app_does_not_read_are_fine():
    row = {**TAICHUNG, "Responsible_Name": None, "Case_Status": [{"a": [1, 2.5]}]}
    record = read_answer(_body(row), "04541302")
    assert record.responsible_name == ""
    assert record.raw["Case_Status"] == [{"a": [1, 2.5]}]


def test_every_text_the_registry_gives_is_cleaned():
    record = read_answer(_body(fake.CONTROLLED), fake.CONTROL_CHARS)
    assert record.company_name == "綠能五金股份有限公司"
    assert (record.status, record.responsible_name) == ("停業", "林大明")
    assert record.address == "台中市西屯區工業區一路100號"
    assert record.county == "臺中市"
    assert record.raw["Company_Name"] == "綠能五金股份有限公司"
    assert record.raw["Responsible_Name"] == "林大明"
