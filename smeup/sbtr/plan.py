"""SBTR plan period: the plan runs 10 months (執行期程 10 個月) from its start date.

The end date follows 民法 §121 (periods counted in months), with the start day itself
counted as the plan's first day:

* the plan ends on the day before the day in the 10th following month that corresponds to the
  start day, i.e. start + 10 months − 1 day (2027-01-01 → 2027-10-31, 2027-03-15 → 2028-01-14);
* when that month has no corresponding day (start on the 29th–31st), the plan ends on the last
  day of that month (2027-04-30 → 2028-02-29, 2027-01-31 → 2027-11-30).

This differs from "clamp to the month end, then subtract a day" only in that second case, where
the clamp-first reading would cut the plan one day short (2027-04-30 → 2028-02-28).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

PLAN_MONTHS = 10


def _add_months(d: date, months: int) -> tuple[int, int]:
    """Year and month that lie ``months`` calendar months after ``d``."""
    index = d.year * 12 + (d.month - 1) + months
    return index // 12, index % 12 + 1


def plan_end(start: date) -> date:
    """Last day of a plan that starts on ``start`` and runs PLAN_MONTHS months (民法 §121)."""
    year, month = _add_months(start, PLAN_MONTHS)
    last_day = calendar.monthrange(year, month)[1]
    if start.day > last_day:
        return date(year, month, last_day)
    return date(year, month, start.day) - timedelta(days=1)
