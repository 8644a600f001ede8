"""E-mail messages (mail.md): one row per message, written with the change that causes it."""

from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow

# pending: waiting for send_after; sending: claimed by a worker until lease_until;
# sent: the SMTP server accepted it; failed: given up (the reason in last_error).
MAIL_STATES = ("pending", "sending", "sent", "failed")


class MailMessage(db.Model):
    """One message: who, what (rendered when written), and how its sending went."""

    __tablename__ = "mail_message"
    __table_args__ = (db.Index("ix_mail_message_due", "state", "send_after", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # What caused it ("training.registered:42"): the same cause never makes a second message.
    key: Mapped[str] = mapped_column(db.String(200), unique=True)
    to_address: Mapped[str] = mapped_column(db.String(254), index=True)
    template: Mapped[str] = mapped_column(db.String(80))
    context: Mapped[dict] = mapped_column(db.JSON, default=dict)
    subject: Mapped[str] = mapped_column(db.String(300))
    body_text: Mapped[str] = mapped_column(db.Text)
    body_html: Mapped[str] = mapped_column(db.Text)
    # "transactional", or a kind a person may unsubscribe from ("reminder").
    kind: Mapped[str] = mapped_column(db.String(32), default="transactional")
    # Made when written, so a message sent again (重寄) is recognisably the same one.
    message_id: Mapped[str] = mapped_column(db.String(255))
    state: Mapped[str] = mapped_column(db.String(16), default="pending")
    send_after: Mapped[datetime] = mapped_column(db.DateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(db.Text)
    # A worker's claim: its token and until when; handed_at is set just before the message
    # goes to the SMTP server (a claim that lapses after it is in doubt, never sent again).
    claim: Mapped[str | None] = mapped_column(db.String(32))
    lease_until: Mapped[datetime | None] = mapped_column(db.DateTime)
    handed_at: Mapped[datetime | None] = mapped_column(db.DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(db.DateTime)
    created_at: Mapped[datetime] = mapped_column(db.DateTime, default=utcnow, index=True)
    # Its content was cleared after SMEUP_MAIL_KEEP_DAYS (mail_queue/retention.py).
    purged_at: Mapped[datetime | None] = mapped_column(db.DateTime)

    attachments = relationship(
        "MailAttachment",
        back_populates="message",
        cascade="all, delete-orphan",
        order_by="MailAttachment.id",
        lazy="selectin",
    )


class MailAttachment(db.Model):
    """A file sent with a message (the hand-off XLSX, a training session's .ics)."""

    __tablename__ = "mail_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        db.ForeignKey("mail_message.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(db.String(200))
    mime_type: Mapped[str] = mapped_column(db.String(100))
    content: Mapped[bytes] = mapped_column(db.LargeBinary)

    message = relationship("MailMessage", back_populates="attachments")


class MailUnsubscribe(db.Model):
    """An address that asked for no more messages of one kind (List-Unsubscribe)."""

    __tablename__ = "mail_unsubscribe"
    __table_args__ = (db.UniqueConstraint("address", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str] = mapped_column(db.String(254))
    kind: Mapped[str] = mapped_column(db.String(32))
    created_at: Mapped[datetime] = mapped_column(db.DateTime, default=utcnow)
