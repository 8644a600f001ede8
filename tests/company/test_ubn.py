"""統一編號 checksum and normalisation (forms.md §1)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smeup.company.ubn import is_valid_ubn, normalise_ubn


def _reference_valid(value: str) -> bool:
    """The Ministry's formulation: 7×4 = 28 → 10 may count as 1 or 0; S (or either) ÷ 5."""
    weights = (1, 2, 1, 2, 1, 2, 4, 1)
    total = 0
    for digit, weight in zip(value, weights, strict=True):
        product = int(digit) * weight
        total += product // 10 + product % 10
    candidates = {total, total - 9} if value[6] == "7" else {total}
    return any(c % 5 == 0 for c in candidates)


@pytest.mark.parametrize(
    "ubn",
    [
        "22099131",  # real numbers from the spec; S = 30, so they pass the old ÷10 rule too
        "04541302",
        "34051920",
        "04595252",  # S = 35: valid only under the 2023 ÷5 rule
        "12345675",  # d7 = 7, S = 39, S + 1 = 40
        "00000000",  # S = 0 is divisible by 5
    ],
)
def test_valid_numbers(ubn):
    assert is_valid_ubn(ubn)


@pytest.mark.parametrize(
    "ubn",
    [
        "12345678",  # spec: invalid (d7 = 7 but S = 42, S + 1 = 43)
        "12345685",  # S + 1 = 35 but d7 = 8: the S + 1 allowance is only for d7 = 7
        "22099132",
        "04595253",
    ],
)
def test_invalid_checksum(ubn):
    assert not is_valid_ubn(ubn)


def test_04595252_fails_old_rule_but_passes_new():
    # Guards the reason for the example: S = 35 is ÷5 but not ÷10.
    products = [int(d) * w for d, w in zip("04595252", (1, 2, 1, 2, 1, 2, 4, 1), strict=True)]
    total = sum(p // 10 + p % 10 for p in products)
    assert total % 10 != 0
    assert is_valid_ubn("04595252")


@pytest.mark.parametrize(
    "value",
    [
        "",
        "2209913",  # 7 digits
        "220991310",  # 9 digits
        "2209913A",
        "A2209913",
        "2209-9131",
        " 22099131",  # not normalised: is_valid_ubn wants the normalised value
        "２２０９９１３１",  # full-width, not normalised
        "٢٢٠٩٩١٣١",  # Arabic-Indic digits are digits to str.isdigit, not to us
        "+2209913",
        "-2209913",
    ],
)
def test_rejects_malformed(value):
    assert not is_valid_ubn(value)


def test_rejects_non_string():
    assert not is_valid_ubn(None)  # type: ignore[arg-type]
    assert not is_valid_ubn(22099131)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("22099131", "22099131"),
        (" 22099131 ", "22099131"),
        ("2209 9131", "22099131"),
        ("\u300022099131\t", "22099131"),  # ideographic space from CJK input
        ("２２０９９１３１", "22099131"),
        ("２２０9９131", "22099131"),
        ("2209-9131", "2209-9131"),  # dashes are not silently dropped
        ("", ""),
    ],
)
def test_normalise_ubn(raw, expected):
    assert normalise_ubn(raw) == expected


def test_full_width_input_validates_after_normalising():
    assert is_valid_ubn(normalise_ubn("１２３４５６７５"))
    assert not is_valid_ubn(normalise_ubn("１２３４５６７８"))


@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_matches_ministry_formulation(ubn):
    assert is_valid_ubn(ubn) == _reference_valid(ubn)
