"""Tablets in kiosk mode: their state lives here, and the browser's cookie holds only the id."""

from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow
from .event import Event


class KioskSession(db.Model):
    """One tablet in kiosk mode: the event it serves and the hash of the PIN that ends it."""

    # A random, unguessable id (the only kiosk value in the session cookie).
    id: Mapped[str] = mapped_column(db.String(64), primary_key=True)
    event_id: Mapped[int] = mapped_column(db.ForeignKey("event.id"))
    pin_hash: Mapped[str] = mapped_column(db.String(255))
    started_by_id: Mapped[int | None] = mapped_column(db.ForeignKey("user.id"))
    started_at: Mapped[object] = mapped_column(db.DateTime, default=utcnow)

    # What the tablet's offline outbox last reported holding (at each delivery it sends).
    outbox_pending: Mapped[int] = mapped_column(default=0, server_default="0")
    outbox_reported_at: Mapped[datetime | None] = mapped_column(db.DateTime)

    event: Mapped[Event] = relationship(lazy="joined")
