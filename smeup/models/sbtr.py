"""SBTR 城鄉創生 proposals: the proposal row, its member enterprises, and the stored LOI files."""

from datetime import date, datetime

from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from ..extensions import db
from .base import utcnow


class SbtrUpload(db.Model):
    """An uploaded 合作意向書 PDF, kept in the database so every app host sees it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # The form refers to an upload by this unguessable token, never by its id.
    token: Mapped[str] = mapped_column(db.String(64), unique=True)
    filename: Mapped[str] = mapped_column(db.String(255))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(db.String(64))
    content: Mapped[bytes] = mapped_column(db.LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(db.DateTime, default=utcnow, index=True)

    @property
    def size_text(self) -> str:
        """The size for people: 1.5 MB, 320 KB."""
        if self.size >= 1024 * 1024:
            return f"{self.size / (1024 * 1024):.1f} MB"
        return f"{max(1, round(self.size / 1024))} KB"


class SbtrProposal(db.Model):
    """The proposal's own fields (forms.md §4) and its eligibility as it was when submitted."""

    submission_id: Mapped[int] = mapped_column(db.ForeignKey("submission.id"), primary_key=True)
    category: Mapped[str] = mapped_column(db.String(8), index=True)
    plan_title: Mapped[str] = mapped_column(db.String(60))
    site_county: Mapped[str] = mapped_column(db.String(10))
    site_address: Mapped[str] = mapped_column(db.String(200))
    site_right: Mapped[str] = mapped_column(db.String(12))
    site_right_until: Mapped[date | None] = mapped_column(db.Date)
    site_operating: Mapped[bool] = mapped_column(default=False)
    planned_start: Mapped[date] = mapped_column(db.Date)
    plan_end: Mapped[date] = mapped_column(db.Date)
    blueprint: Mapped[str] = mapped_column(db.Text)
    expected_local_jobs: Mapped[int]
    member_count: Mapped[int]
    eligible: Mapped[bool] = mapped_column(default=False)
    eligibility_items: Mapped[list] = mapped_column(db.JSON, default=list)
    ineligible_reasons: Mapped[list] = mapped_column(db.JSON, default=list)
    loi_upload_id: Mapped[int | None] = mapped_column(db.ForeignKey("sbtr_upload.id"), index=True)

    submission = relationship("Submission", backref=backref("sbtr", uselist=False))
    members = relationship(
        "SbtrMember", order_by="SbtrMember.position", cascade="all, delete-orphan"
    )
    loi = relationship("SbtrUpload")


class SbtrMember(db.Model):
    """One enterprise of the proposal; position 0 is the applicant itself."""

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        db.ForeignKey("sbtr_proposal.submission_id"), index=True
    )
    position: Mapped[int]
    ubn: Mapped[str] = mapped_column(db.String(8))
    name: Mapped[str] = mapped_column(db.String(100))
    employees: Mapped[int]
    paid_in_capital: Mapped[int] = mapped_column(db.BigInteger)
    prior_sbtr: Mapped[bool] = mapped_column(default=False)
