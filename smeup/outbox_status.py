"""What officers see of the kiosks' offline outboxes: tablets' queues and entries held.

Plain reads of the kiosk and outbox tables, kept below the rooms: the events page shows them
beside each event, and the outbox room, which writes those rows, does not own that page.
"""

from .extensions import db
from .models.kiosk import KioskSession
from .models.outbox import OutboxHold


def tablets_by_event() -> dict[int, list[KioskSession]]:
    """The tablets now in kiosk mode, per event, with what each last reported queued."""
    tablets: dict[int, list[KioskSession]] = {}
    rows = db.session.scalars(db.select(KioskSession).order_by(KioskSession.started_at))
    for tablet in rows:
        tablets.setdefault(tablet.event_id, []).append(tablet)
    return tablets


def held_entries(limit: int = 50) -> list[OutboxHold]:
    """Delivered entries that could not be stored (newest first), for staff to follow up."""
    query = db.select(OutboxHold).order_by(OutboxHold.received_at.desc()).limit(limit)
    return list(db.session.scalars(query))
