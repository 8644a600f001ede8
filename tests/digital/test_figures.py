"""% change, the outlier rule, indices and the outcome summary on hand-computed numbers."""

import pytest

from smeup.digital.entry import outliers
from smeup.digital.figures import (
    ShopOutcome,
    index_series,
    outlier_reason,
    percent_change,
    site_outcome,
)
from smeup.digital.records import MonthValues
from smeup.digital.values_input import ValueProblem, read_count


def test_percent_change():
    assert percent_change(100, 150) == 50
    assert percent_change(200, 150) == -25
    assert percent_change(None, 150) is None  # last month not reported
    assert percent_change(0, 150) is None  # no % of zero
    assert percent_change(100, None) is None


@pytest.mark.parametrize(
    ("previous", "current", "asks"),
    [
        (100, 300, False),  # exactly 3× is still plausible
        (100, 301, True),
        (99, 33, False),  # exactly a third
        (100, 33, True),
        (100, 0, True),
        (0, 500, False),  # nothing to compare with
        (None, 5000, False),
    ],
)
def test_outlier_rule_three_times_or_a_third(previous, current, asks):
    assert (outlier_reason("使用量", previous, current) is not None) is asks


def test_outlier_reason_says_why():
    assert "4.0 倍" in outlier_reason("訂單數", 30, 120)
    assert "3 分之一" in outlier_reason("訂單數", 30, 9)
    found = outliers(MonthValues(usage=1000, orders=10), MonthValues(usage=100, orders=10))
    assert list(found) == ["usage"]


def test_index_is_100_at_baseline():
    assert index_series([200, 250, None, 100], 200) == [100, 125, None, 50]
    assert index_series([5, 6], None) == [None, None]
    assert index_series([5, 6], 0) == [None, None]


def test_site_outcome_on_hand_computed_numbers():
    outcomes = [
        ShopOutcome(100, 10000, 120, 10600),  # sales +6 %: grew; orders +20 %
        ShopOutcome(50, 20000, 40, 20500),  # sales +2.5 %: not enough; orders −20 %
        ShopOutcome(10, 5000, 30, 5250),  # sales exactly +5 %: grew; orders +200 %
        ShopOutcome(None, None, 7, 900),  # no baseline: not comparable
    ]
    summary = site_outcome(shops=6, reporting=4, outcomes=outcomes)
    assert summary.shops == 6
    assert summary.reporting == 4
    assert summary.comparable == 3
    assert summary.grew == 2
    assert summary.median_sales_change == pytest.approx(5)
    assert summary.median_orders_change == pytest.approx(20)


def test_counts_read_as_people_type_them():
    assert read_count("1,200", "使用量") == 1200
    assert read_count("１２０", "使用量") == 120
    assert read_count("", "使用量") is None  # not reported, never 0
    assert read_count(35.0, "使用量") == 35
    assert read_count("1200.0", "使用量") == 1200  # a spreadsheet's whole number
    assert read_count("１，２００", "使用量") == 1200
    bad_ones = [("-3", "負數"), ("12.5", "整數"), ("abc", "整數"), (3.5, "小數")]
    # The one number reading (numbers.py): typos are refused, not read as another number.
    bad_ones += [("1,2,3", "千分位"), ("12,34", "千分位"), ("1_000", "整數"), ("1e3", "整數")]
    bad_ones += [("1 200", "整數"), ("²", "整數"), ("nan", "整數")]
    for bad, says in bad_ones:
        with pytest.raises(ValueProblem, match=says):
            read_count(bad, "使用量")
