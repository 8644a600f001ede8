"""加入行事曆: a session as an RFC 5545 calendar file (the icalendar package), in Asia/Taipei."""

from __future__ import annotations

from icalendar import Calendar, Event

from ..clock import to_taipei
from .words import place_line


def session_ics(session, registration, ticket_url: str) -> bytes:
    """One VEVENT for the session, with the Asia/Taipei zone defined in the file itself."""
    calendar = Calendar()
    calendar.add("prodid", "-//推升級 smeup//training//ZH-TW")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"training-{session.id}-{registration.code}@smeup")
    event.add("summary", session.title)
    event.add("dtstart", to_taipei(session.starts_at))
    event.add("dtend", to_taipei(session.ends_at))
    # A change of time or place is a new revision of the same event (RFC 5545 SEQUENCE: it only
    # grows): the seconds from the session's creation to its last revision.
    revised = session.revised_at
    event.add(
        "dtstamp", to_taipei(max(revised or registration.created_at, registration.created_at))
    )
    if revised is not None and session.created_at is not None:
        event.add("sequence", max(1, int((revised - session.created_at).total_seconds())))
    event.add("location", place_line(session, with_link=True))
    event.add("url", ticket_url)
    event.add("description", f"報名序號 {registration.code}\n報名資料與取消報名：{ticket_url}")
    if session.cancelled_at is not None:
        event.add("status", "CANCELLED")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
