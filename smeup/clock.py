"""Taiwan's calendar: the database stores naive UTC; days, months and filenames follow Taipei.

Taiwan keeps UTC+8 all year (no daylight saving time since 1979), so a fixed offset converts
stored times; `taipei_today` is the one "today" (tests replace it to pin the date).
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

TAIPEI = ZoneInfo("Asia/Taipei")
TAIPEI_OFFSET = timedelta(hours=8)


def taipei_today() -> date:
    """Today's date in Asia/Taipei."""
    return datetime.now(TAIPEI).date()
