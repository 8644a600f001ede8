"""Today in Taiwan: months lock by the Taipei calendar (tests replace this function)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

TAIPEI = ZoneInfo("Asia/Taipei")


def taipei_today() -> date:
    """Today's date in Asia/Taipei."""
    return datetime.now(TAIPEI).date()
