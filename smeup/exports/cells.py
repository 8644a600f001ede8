"""Stored values as export cells: times in Taipei to the second, stored lists in one cell.

The console's exports and the register's hand-off files write the same cells this way.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

from ..clock import TAIPEI_OFFSET

# A fixed-offset zone: cheaper per value than ZoneInfo over a million rows, the same in Taiwan.
TAIPEI = timezone(TAIPEI_OFFSET, "Asia/Taipei")
JOIN = "；"
_json = json.JSONDecoder()


def taipei_time(value: datetime | str | None) -> datetime | None:
    """A stored naive UTC time (or SQLite's text of one) as Asia/Taipei, to the second."""
    if value is None:
        return None
    if type(value) is str:
        value = datetime.fromisoformat(value)
    return (value + TAIPEI_OFFSET).replace(tzinfo=TAIPEI, microsecond=0)


def stored_list(value) -> list:
    """A JSON list column as a list, whether the driver parsed it or handed back its text.

    The export selects these columns cast to text: one raw_decode here is cheaper than the
    driver's JSON loader (psycopg) and the empty list needs no decoding at all.
    """
    if type(value) is str:
        return _json.raw_decode(value)[0] if value else []
    return value or []


def joined(value) -> str:
    """A stored list of texts as one cell, joined with a full-width semicolon."""
    if value == "[]":  # the text of an empty list, the most common value
        return ""
    items = stored_list(value)
    try:
        return JOIN.join(items)  # all texts: no per-item str() call
    except TypeError:
        return JOIN.join(map(str, items))
