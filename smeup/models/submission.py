"""The submission envelope every form shares, its status history and officers' notes."""

from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..extensions import db
from .base import utcnow
from .search_key import SearchKey, name_key


class Submission(db.Model):
    """One acknowledged intake: envelope, company block, and a link to the form's own row."""

    # The console lists newest first within one form, filtered: each index below serves one
    # filter with that order, so a page reads its 50 rows and no more (issue 11).
    __table_args__ = (
        db.Index("ix_submission_form_time", "form_type", "submitted_at", "id"),
        db.Index(
            "ix_submission_form_county_segment",
            "form_type",
            "county",
            "segment",
            "submitted_at",
            "id",
        ),
        db.Index("ix_submission_form_segment", "form_type", "segment", "submitted_at", "id"),
        db.Index("ix_submission_form_status", "form_type", "status", "submitted_at", "id"),
        db.Index("ix_submission_form_channel", "form_type", "channel", "submitted_at", "id"),
        db.Index("ix_submission_form_name", "form_type", "name_key", "submitted_at", "id"),
        # Leading with ubn, it also serves the phone lookup's 統一編號 prefix over every form.
        db.Index("ix_submission_ubn_form", "ubn", "form_type", "submitted_at", "id"),
        # The register at national scale (issue 30): a company's timeline newest first, its
        # counts per form, and the unlinked rows an officer may link (same name, same phone),
        # each an index range of its own, never a scan of every unlinked row.
        db.Index("ix_submission_company_time", "company_id", "submitted_at", "id"),
        db.Index("ix_submission_company_form", "company_id", "form_type", "submitted_at", "id"),
        db.Index(
            "ix_submission_unlinked_name",
            "company_name",
            "submitted_at",
            "id",
            sqlite_where=db.text("company_id IS NULL"),
            postgresql_where=db.text("company_id IS NULL"),
        ),
        db.Index(
            "ix_submission_unlinked_phone",
            "contact_phone",
            "submitted_at",
            "id",
            sqlite_where=db.text("company_id IS NULL"),
            postgresql_where=db.text("company_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    form_type: Mapped[str] = mapped_column(db.String(16))
    channel: Mapped[str] = mapped_column(db.String(10), default="web")
    event_id: Mapped[int | None] = mapped_column(db.ForeignKey("event.id"), index=True)
    entered_by_id: Mapped[int | None] = mapped_column(db.ForeignKey("user.id"), index=True)
    submitted_at: Mapped[datetime] = mapped_column(db.DateTime, default=utcnow)
    status: Mapped[str] = mapped_column(db.String(20))
    # The form's own list filter, copied from its row so one index serves it with the order:
    # urgency (netzero), category (sbtr), survey id (course). Set by smeup.rollups on insert.
    segment: Mapped[str | None] = mapped_column(db.String(16))
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
    name_key: Mapped[str] = mapped_column(SearchKey, default="", server_default="")
    ubn: Mapped[str | None] = mapped_column(db.String(8))
    county: Mapped[str | None] = mapped_column(db.String(10))
    industry: Mapped[str | None] = mapped_column(db.String(1))
    employees: Mapped[int | None]
    paid_in_capital: Mapped[int | None] = mapped_column(db.BigInteger)
    contact_name: Mapped[str] = mapped_column(db.String(50))
    contact_phone: Mapped[str] = mapped_column(db.String(30))
    contact_email: Mapped[str | None] = mapped_column(db.String(254))
    consent: Mapped[bool] = mapped_column(default=False)
    call_note: Mapped[str | None] = mapped_column(db.Text)
    # The register's company (journey.md); None until linked (no 統一編號, not yet confirmed).
    company_id: Mapped[int | None] = mapped_column(db.ForeignKey("company.id"), index=True)

    event = relationship("Event")
    entered_by = relationship("User")
    status_changes = relationship(
        "StatusChange", order_by="StatusChange.id", back_populates="submission"
    )
    notes = relationship("SubmissionNote", order_by="SubmissionNote.id")

    @validates("company_name")
    def _keep_name_key(self, _key: str, value: str) -> str:
        self.name_key = name_key(value)
        return value


class StatusChange(db.Model):
    """A status move made by an officer, with its reason."""

    # A company's status changes newest first, read from their own index (issue 30).
    __table_args__ = (db.Index("ix_status_change_company_at", "company_id", "at", "id"),)
    # company_id is read back when asked for, not returned by the INSERT: SQLite's RETURNING
    # gives the row as it was before its AFTER INSERT trigger set it.
    __mapper_args__ = {"eager_defaults": False}

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(db.ForeignKey("submission.id"), index=True)
    # The submission's company, kept equal to it by the database (smeup/models/company_copies.py).
    company_id: Mapped[int | None] = mapped_column(
        db.ForeignKey("company.id"), server_default=db.FetchedValue()
    )
    from_status: Mapped[str | None] = mapped_column(db.String(20))
    to_status: Mapped[str] = mapped_column(db.String(20))
    reason: Mapped[str | None] = mapped_column(db.Text)
    user_id: Mapped[int | None] = mapped_column(db.ForeignKey("user.id"))
    at: Mapped[datetime] = mapped_column(db.DateTime, default=utcnow)

    submission = relationship("Submission", back_populates="status_changes")
    user = relationship("User")


class SubmissionNote(db.Model):
    """An officer's note on a submission (never exported)."""

    # A company's notes newest first, read from their own index (issue 30).
    __table_args__ = (db.Index("ix_submission_note_company_at", "company_id", "at", "id"),)
    # company_id is read back when asked for, not returned by the INSERT: SQLite's RETURNING
    # gives the row as it was before its AFTER INSERT trigger set it.
    __mapper_args__ = {"eager_defaults": False}

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(db.ForeignKey("submission.id"), index=True)
    # The submission's company, kept equal to it by the database (smeup/models/company_copies.py).
    company_id: Mapped[int | None] = mapped_column(
        db.ForeignKey("company.id"), server_default=db.FetchedValue()
    )
    user_id: Mapped[int | None] = mapped_column(db.ForeignKey("user.id"))
    text: Mapped[str] = mapped_column(db.Text)
    at: Mapped[datetime] = mapped_column(db.DateTime, default=utcnow)

    user = relationship("User")
