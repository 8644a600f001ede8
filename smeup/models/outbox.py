"""Outbox entries the server could not store as a submission, kept for staff to follow up."""

from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow


class OutboxHold(db.Model):
    """A delivered outbox entry held back: tampered, invalid answers, or a reused key."""

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_key: Mapped[str] = mapped_column(db.String(64), index=True)
    # "tampered" (did not decrypt), "invalid" (answers fail the form's rules), "conflict".
    kind: Mapped[str] = mapped_column(db.String(16))
    event_id: Mapped[int | None] = mapped_column(db.ForeignKey("event.id"), index=True)
    # The entry as received (tampered) or its decrypted answers as JSON (invalid, conflict).
    payload: Mapped[str] = mapped_column(db.Text)
    detail: Mapped[str | None] = mapped_column(db.Text)
    received_at: Mapped[datetime] = mapped_column(db.DateTime, default=utcnow, index=True)

    event = relationship("Event")
