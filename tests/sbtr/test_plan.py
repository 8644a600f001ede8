from datetime import date

import pytest

from smeup.sbtr.plan import PLAN_MONTHS, plan_end


def test_plan_runs_ten_months():
    assert PLAN_MONTHS == 10


@pytest.mark.parametrize(
    ("start", "end"),
    [
        # start + 10 months − 1 day
        (date(2027, 1, 1), date(2027, 10, 31)),
        (date(2027, 3, 15), date(2028, 1, 14)),
        (date(2027, 3, 1), date(2027, 12, 31)),
        (date(2027, 5, 1), date(2028, 2, 29)),  # leap-year February
        (date(2026, 5, 1), date(2027, 2, 28)),
        (date(2027, 12, 31), date(2028, 10, 30)),  # crosses the year; Oct has a 31st
        (date(2027, 3, 31), date(2028, 1, 30)),
        (date(2027, 4, 29), date(2028, 2, 28)),  # 2028-02-29 exists → the day before
        # no corresponding day in the last month → that month's last day (民法 §121)
        (date(2027, 4, 30), date(2028, 2, 29)),
        (date(2026, 4, 29), date(2027, 2, 28)),
        (date(2026, 4, 30), date(2027, 2, 28)),
        (date(2027, 1, 31), date(2027, 11, 30)),
        (date(2027, 8, 31), date(2028, 6, 30)),
    ],
)
def test_plan_end(start, end):
    assert plan_end(start) == end


def test_plan_end_never_goes_backwards():
    d = date(2027, 1, 1)
    previous = plan_end(d)
    for offset in range(1, 800):
        current = plan_end(date.fromordinal(d.toordinal() + offset))
        assert current >= previous
        previous = current
