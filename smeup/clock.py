"""Taiwan's calendar: the database stores naive UTC; days, months and filenames follow Taipei.

Taiwan keeps UTC+8 all year (no daylight saving time since 1979), so a fixed offset converts
stored times; `taipei_today` is the one "today" (tests replace it to pin the date), and
`taipei` shows a stored time as Taipei's (the template filter, exports).
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

TAIPEI = ZoneInfo("Asia/Taipei")
TAIPEI_OFFSET = timedelta(hours=8)


def taipei_today() -> date:
    """Today's date in Asia/Taipei."""
    return datetime.now(TAIPEI).date()


def to_taipei(value: datetime | None) -> datetime | None:
    """A stored UTC time as an aware Asia/Taipei time."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(TAIPEI)


def taipei(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """Format a stored UTC time in Asia/Taipei."""
    local = to_taipei(value)
    return local.strftime(fmt) if local else ""
