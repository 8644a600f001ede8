"""Outbox entries the server could not store as a submission, kept for staff to follow up."""

from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow


class OutboxHold(db.Model):
    """A delivered outbox entry held back: tampered, invalid answers, or a reused key."""

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_key: Mapped[str] = mapped_column(db.String(64), index=True)
    # "tampered" (did not decrypt), "invalid" (answers fail the form's rules), "conflict" (the
    # key is stored with other answers), "event" (made for another event than the kiosk's),
    # "form" (a form the kiosk's event does not offer), "closed" (a survey closed at capture).
    kind: Mapped[str] = mapped_column(db.String(16))
    # The kiosk's event (the one the entry arrived through), not the event the entry names.
    event_id: Mapped[int | None] = mapped_column(db.ForeignKey("event.id"), index=True)
    # Which kiosk session delivered it (a digest of its id: the id itself is the tablet's
    # credential). Each kiosk session may leave only so many held entries.
    kiosk_ref: Mapped[str | None] = mapped_column(db.String(64), index=True)
    # The entry as received (tampered) or its decrypted answers as JSON (all other kinds).
    payload: Mapped[str] = mapped_column(db.Text)
    detail: Mapped[str | None] = mapped_column(db.Text)
    received_at: Mapped[datetime] = mapped_column(db.DateTime, default=utcnow, index=True)

    event = relationship("Event")
