"""Unfinished entries: SBTR drafts by resume token and agents' saved calls."""

from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import utcnow


class Draft(db.Model):
    """Whatever was typed, valid or not, kept apart from submissions until it is sent."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(db.String(64), unique=True)
    form_type: Mapped[str] = mapped_column(db.String(16))
    data: Mapped[dict] = mapped_column(db.JSON, default=dict)
    label: Mapped[str] = mapped_column(db.String(100), default="")
    owner_id: Mapped[int | None] = mapped_column(db.ForeignKey("user.id"), index=True)
    channel: Mapped[str] = mapped_column(db.String(10), default="web")
    event_id: Mapped[int | None] = mapped_column(db.ForeignKey("event.id"))
    created_at: Mapped[datetime] = mapped_column(db.DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(db.DateTime, default=utcnow, onupdate=utcnow)
    expires_at: Mapped[datetime] = mapped_column(db.DateTime, index=True)
