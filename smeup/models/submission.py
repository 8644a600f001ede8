"""The submission envelope every form shares, its status history and officers' notes."""

from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow


class Submission(db.Model):
    """One acknowledged intake: envelope, company block, and a link to the form's own row."""

    id: Mapped[int] = mapped_column(primary_key=True)
    form_type: Mapped[str] = mapped_column(db.String(16), index=True)
    channel: Mapped[str] = mapped_column(db.String(10), default="web")
    event_id: Mapped[int | None] = mapped_column(db.ForeignKey("event.id"), index=True)
    entered_by_id: Mapped[int | None] = mapped_column(db.ForeignKey("user.id"), index=True)
    submitted_at: Mapped[datetime] = mapped_column(db.DateTime, default=utcnow, index=True)
    status: Mapped[str] = mapped_column(db.String(20), index=True)
    # Made when the form is rendered: the same form sent twice stores one row.
    submission_key: Mapped[str] = mapped_column(db.String(64), unique=True)
    content_hash: Mapped[str] = mapped_column(db.String(64))
    # The unguessable link to the person's own result or receipt.
    result_token: Mapped[str] = mapped_column(db.String(64), unique=True)
    # A kiosk tablet's offline outbox: when the visitor pressed 送出 (on the server's clock);
    # submitted_at is then when it arrived. Both empty/False for a form sent straight away.
    captured_at: Mapped[datetime | None] = mapped_column(db.DateTime)
    via_outbox: Mapped[bool] = mapped_column(default=False, server_default=db.false(), index=True)

    company_name: Mapped[str] = mapped_column(db.String(100))
    ubn: Mapped[str | None] = mapped_column(db.String(8), index=True)
    county: Mapped[str | None] = mapped_column(db.String(10), index=True)
    industry: Mapped[str | None] = mapped_column(db.String(1))
    employees: Mapped[int | None]
    paid_in_capital: Mapped[int | None] = mapped_column(db.BigInteger)
    contact_name: Mapped[str] = mapped_column(db.String(50))
    contact_phone: Mapped[str] = mapped_column(db.String(30))
    contact_email: Mapped[str | None] = mapped_column(db.String(254))
    consent: Mapped[bool] = mapped_column(default=False)
    call_note: Mapped[str | None] = mapped_column(db.Text)

    event = relationship("Event")
    entered_by = relationship("User")
    status_changes = relationship(
        "StatusChange", order_by="StatusChange.id", back_populates="submission"
    )
    notes = relationship("SubmissionNote", order_by="SubmissionNote.id")


class StatusChange(db.Model):
    """A status move made by an officer, with its reason."""

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(db.ForeignKey("submission.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(db.String(20))
    to_status: Mapped[str] = mapped_column(db.String(20))
    reason: Mapped[str | None] = mapped_column(db.Text)
    user_id: Mapped[int | None] = mapped_column(db.ForeignKey("user.id"))
    at: Mapped[datetime] = mapped_column(db.DateTime, default=utcnow)

    submission = relationship("Submission", back_populates="status_changes")
    user = relationship("User")


class SubmissionNote(db.Model):
    """An officer's note on a submission (never exported)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(db.ForeignKey("submission.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(db.ForeignKey("user.id"))
    text: Mapped[str] = mapped_column(db.Text)
    at: Mapped[datetime] = mapped_column(db.DateTime, default=utcnow)

    user = relationship("User")
