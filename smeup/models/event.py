"""Roadshow events that kiosk submissions are tagged with."""

from datetime import date

from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import utcnow


class Event(db.Model):
    """A roadshow event: name, date, venue, county and the forms open there."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(db.String(100))
    date: Mapped[date] = mapped_column(db.Date)
    venue: Mapped[str] = mapped_column(db.String(100), default="")
    county: Mapped[str] = mapped_column(db.String(10), default="")
    forms: Mapped[list] = mapped_column(db.JSON, default=list)
    created_at: Mapped[object] = mapped_column(db.DateTime, default=utcnow)
