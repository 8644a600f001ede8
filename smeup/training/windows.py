"""When a session takes registrations (training.md): open, closed, cancelled, past."""

from __future__ import annotations

from datetime import datetime

from ..clock import taipei


def registration_refusal(session, now: datetime, *, walk_in: bool = False) -> str | None:
    """Why `session` takes no registration at `now` (zh-Hant), or None when it does.

    A walk-in is registered by staff at the door: from the window's opening until the end.
    """
    if session.cancelled_at is not None:
        return "本場次已取消，無法報名。"
    if now >= session.ends_at:
        return "本場次已結束，無法報名。"
    if walk_in:
        return None
    if now >= session.starts_at:
        return "本場次已開始，線上報名已截止；請洽現場工作人員。"
    if session.opens_at is not None and now < session.opens_at:
        return f"本場次將於 {taipei(session.opens_at)} 開放報名。"
    if session.closes_at is not None and now >= session.closes_at:
        return "本場次報名已截止。"
    return None


def is_open(session, now: datetime) -> bool:
    """Whether the public may register now."""
    return registration_refusal(session, now) is None
