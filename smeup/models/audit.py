"""The audit log: logins, status changes, edits and exports."""

from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import utcnow


class AuditEntry(db.Model):
    """Who did what, when, with the details that matter (filters, row counts...)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(db.DateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(db.ForeignKey("user.id"), index=True)
    username: Mapped[str] = mapped_column(db.String(50), default="")
    action: Mapped[str] = mapped_column(db.String(30), index=True)
    detail: Mapped[dict] = mapped_column(db.JSON, default=dict)
    ip: Mapped[str] = mapped_column(db.String(45), default="")
