"""How sessions read to people: kinds, modes, place and time, in zh-Hant."""

from __future__ import annotations

from ..clock import taipei, to_taipei

KINDS = {"course": "課程", "briefing": "說明會"}
MODES = {"onsite": "實體", "online": "線上", "hybrid": "實體＋線上"}
STATUSES = {"registered": "已報名", "waitlisted": "候補", "cancelled": "已取消"}
WEEKDAYS = "一二三四五六日"


def when_line(session) -> str:
    """2026-12-18（五）09:30–16:30 (a session over several days gives both ends in full)."""
    start, end = to_taipei(session.starts_at), to_taipei(session.ends_at)
    day = f"{start:%Y-%m-%d}（{WEEKDAYS[start.weekday()]}）"
    if start.date() == end.date():
        return f"{day}{start:%H:%M}–{end:%H:%M}"
    return f"{day}{start:%H:%M} – {end:%Y-%m-%d}（{WEEKDAYS[end.weekday()]}）{end:%H:%M}"


def place_line(session, *, with_link: bool = False) -> str:
    """Where: the venue and address, or 線上 (the link only for ticket holders)."""
    onsite = "，".join(part for part in (session.venue, session.address) if part)
    online = (
        session.meeting_url if with_link and session.meeting_url else "線上（連結於報名後提供）"
    )
    if session.mode == "online":
        return online if with_link else "線上"
    if session.mode == "hybrid":
        return f"{onsite}；或{online}" if with_link else f"{onsite}；亦可線上參加"
    return onsite


def short_time(value) -> str:
    return taipei(value, "%H:%M")
