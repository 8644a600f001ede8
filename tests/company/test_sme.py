"""中小企業認定標準 (2020): capital ≤ NT$100,000,000 or fewer than 200 employees."""

import pytest

from smeup.company.sme import is_sme, sme_reason


@pytest.mark.parametrize(
    ("capital", "employees", "expected"),
    [
        (100_000_000, None, True),  # exactly the limit passes
        (100_000_001, None, False),
        (0, None, True),
        (None, 199, True),
        (None, 200, False),  # 200 is not "fewer than 200"
        (None, 0, True),
        (100_000_000, 200, True),  # capital alone is enough
        (100_000_001, 199, True),  # employees alone are enough
        (100_000_001, 200, False),
        (5_000_000_000, 10_000, False),
        (None, None, False),  # nothing known: cannot be called an SME
        (100_000_001, None, False),
        (None, 1_000_000, False),
    ],
)
def test_is_sme(capital, employees, expected):
    assert is_sme(capital, employees) is expected


@pytest.mark.parametrize(("capital", "employees"), [(-1, None), (None, -1), (-1, 10)])
def test_negative_values_raise(capital, employees):
    with pytest.raises(ValueError):
        is_sme(capital, employees)


@pytest.mark.parametrize(
    ("capital", "employees", "must_contain", "must_not_contain"),
    [
        (100_000_000, None, ["100,000,000", "未超過 1 億元", "符合中小企業認定標準"], ["不符合"]),
        (None, 199, ["199 人", "未滿 200 人", "符合中小企業認定標準"], ["資本額新臺幣"]),
        (500_000_000, 10, ["10 人", "符合中小企業認定標準"], ["500,000,000"]),
        (
            100_000_001,
            200,
            ["100,000,001", "超過 1 億元", "200 人", "已達 200 人", "不符合中小企業認定標準"],
            ["無法認定"],
        ),
        (None, None, ["未提供實收資本額", "未提供員工人數", "無法認定為中小企業"], ["不符合"]),
        (None, 250, ["未提供實收資本額", "已達 200 人", "無法認定為中小企業"], ["不符合"]),
        (200_000_000, None, ["超過 1 億元", "未提供員工人數", "無法認定為中小企業"], []),
    ],
)
def test_sme_reason(capital, employees, must_contain, must_not_contain):
    reason = sme_reason(capital, employees)
    for text in must_contain:
        assert text in reason
    for text in must_not_contain:
        assert text not in reason
    assert reason.endswith("。")


def test_reason_agrees_with_verdict():
    for capital in (None, 0, 100_000_000, 100_000_001):
        for employees in (None, 0, 199, 200):
            reason = sme_reason(capital, employees)
            qualifies = "符合中小企業認定標準" in reason and "不符合" not in reason
            assert qualifies is is_sme(capital, employees), (capital, employees, reason)
