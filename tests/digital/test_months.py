"""Months as people write them, and when a month locks (digital.md "Monthly records")."""

from datetime import date

import pytest

from smeup.digital.months import (
    MonthError,
    add_months,
    is_locked,
    lock_date,
    months_between,
    parse_month,
)


@pytest.mark.parametrize(
    ("typed", "month"),
    [
        ("2026-05", "2026-05"),
        ("2026/5", "2026-05"),
        ("2026/05", "2026-05"),
        ("115/05", "2026-05"),
        ("115-5", "2026-05"),
        ("2026年5月", "2026-05"),
        ("115年5月", "2026-05"),
        ("民國115年12月", "2026-12"),
        ("２０２６－０５", "2026-05"),  # full-width, as a Chinese IME types it
        (" 2026-05 ", "2026-05"),
        (date(2026, 5, 1), "2026-05"),  # an XLSX date cell
    ],
)
def test_the_four_forms_read_as_one_month(typed, month):
    assert parse_month(typed) == month


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("2026-13", "1 到 12"),
        ("115/00", "1 到 12"),
        ("2026-0", "1 到 12"),
        ("五月", "看不懂"),
        ("2026-05-01x", "看不懂"),
        ("", "請填寫月份"),
        ("1800-05", "年份不合理"),
    ],
)
def test_impossible_months_are_refused_with_a_reason(typed, says):
    with pytest.raises(MonthError, match=says):
        parse_month(typed)


def test_month_arithmetic_crosses_years():
    assert add_months("2026-11", 3) == "2027-02"
    assert add_months("2026-01", -1) == "2025-12"
    assert months_between("2025-11", "2026-02") == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert months_between("2026-02", "2026-01") == []


def test_a_month_locks_ten_days_after_it_ends():
    assert lock_date("2026-05", 10) == date(2026, 6, 11)
    assert not is_locked("2026-05", date(2026, 6, 10), 10)  # the 10th day after still open
    assert is_locked("2026-05", date(2026, 6, 11), 10)
    assert lock_date("2026-12", 10) == date(2027, 1, 11)
    assert lock_date("2026-02", 3) == date(2026, 3, 4)  # the setting moves it
