"""The company register (journey.md): companies, their merges, and referrals of prescriptions."""

from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..extensions import db
from .base import utcnow
from .search_key import SearchKey, contains_index, name_key
from .submission import Submission


class Company(db.Model):
    """One company per 統一編號; its current fields follow its latest linked submission."""

    # A name prefix is read in this index's order, so LIMIT stops after a few rows (no sort).
    __table_args__ = (
        db.Index("ix_company_name_key", "name_key", "id"),
        # The register's search order (latest first): a common word is found walking it.
        db.Index("ix_company_latest", "latest_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ubn: Mapped[str] = mapped_column(db.String(8), unique=True)
    name: Mapped[str] = mapped_column(db.String(100), index=True)
    # The name folded (search_key.name_key): the console's company matches are a prefix range.
    name_key: Mapped[str] = mapped_column(SearchKey, default="", server_default="")
    county: Mapped[str | None] = mapped_column(db.String(10))
    industry: Mapped[str | None] = mapped_column(db.String(1))
    employees: Mapped[int | None]
    paid_in_capital: Mapped[int | None] = mapped_column(db.BigInteger)
    contact_name: Mapped[str] = mapped_column(db.String(50), default="")
    contact_phone: Mapped[str] = mapped_column(db.String(30), default="", index=True)
    contact_email: Mapped[str | None] = mapped_column(db.String(254))
    # When the submission the current fields came from was sent (a late retry never wins).
    latest_at: Mapped[datetime] = mapped_column(db.DateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(db.DateTime, default=utcnow)
    # Set when an officer merged this record into another; the row itself is kept.
    merged_into_id: Mapped[int | None] = mapped_column(db.ForeignKey("company.id"), index=True)

    merged_into = relationship("Company", remote_side=[id])

    @validates("name")
    def _keep_name_key(self, _key: str, value: str) -> str:
        self.name_key = name_key(value)
        return value


class CompanyMerge(db.Model):
    """An officer's merge of one company record into another, with the reason and what moved.

    An admin may undo it (with a reason): the row stays, marked undone, so the timeline keeps
    both the merge and its undoing.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(db.ForeignKey("company.id"), index=True)
    target_id: Mapped[int] = mapped_column(db.ForeignKey("company.id"), index=True)
    reason: Mapped[str] = mapped_column(db.Text)
    moved_submission_ids: Mapped[list] = mapped_column(db.JSON, default=list)
    user_id: Mapped[int | None] = mapped_column(db.ForeignKey("user.id"))
    at: Mapped[datetime] = mapped_column(db.DateTime, default=utcnow)
    undone_at: Mapped[datetime | None] = mapped_column(db.DateTime)
    undone_by_id: Mapped[int | None] = mapped_column(db.ForeignKey("user.id"))
    undo_reason: Mapped[str | None] = mapped_column(db.Text)

    source = relationship("Company", foreign_keys=[source_id])
    target = relationship("Company", foreign_keys=[target_id])
    user = relationship("User", foreign_keys=[user_id])
    undone_by = relationship("User", foreign_keys=[undone_by_id])


class Referral(db.Model):
    """One prescription item of a net-zero check referred to a service unit (開處方 → 輔導)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int | None] = mapped_column(db.ForeignKey("company.id"), index=True)
    submission_id: Mapped[int] = mapped_column(db.ForeignKey("submission.id"), index=True)
    item_key: Mapped[str] = mapped_column(db.String(40))
    item_title: Mapped[str] = mapped_column(db.String(100))
    unit: Mapped[str] = mapped_column(db.String(20))
    status: Mapped[str] = mapped_column(db.String(10))
    reason: Mapped[str | None] = mapped_column(db.Text)
    # The check's own time, copied so the "days from check to 已聯繫" figure needs no join.
    check_at: Mapped[datetime] = mapped_column(db.DateTime)
    created_at: Mapped[datetime] = mapped_column(db.DateTime, default=utcnow)
    moved_at: Mapped[datetime] = mapped_column(db.DateTime, default=utcnow)
    days_to_contact: Mapped[float | None] = mapped_column(db.Float, index=True)

    __table_args__ = (
        db.UniqueConstraint("submission_id", "item_key"),
        db.Index("ix_referral_unit_status_created", "unit", "status", "created_at"),
        # A company's open referrals (the company page), without reading its closed ones.
        db.Index("ix_referral_company_status", "company_id", "status"),
        # The report's referrals of a period's checks: a range of check times.
        db.Index("ix_referral_check_at", "check_at"),
    )

    submission = relationship("Submission")
    company = relationship("Company")
    moves = relationship("ReferralMove", order_by="ReferralMove.id", back_populates="referral")


class ReferralMove(db.Model):
    """A referral's move from one status to the next: dated, by whom, with any reason."""

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(db.ForeignKey("referral.id"), index=True)
    company_id: Mapped[int | None] = mapped_column(db.ForeignKey("company.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(db.String(10))
    to_status: Mapped[str] = mapped_column(db.String(10))
    reason: Mapped[str | None] = mapped_column(db.Text)
    user_id: Mapped[int | None] = mapped_column(db.ForeignKey("user.id"))
    at: Mapped[datetime] = mapped_column(db.DateTime, default=utcnow)

    referral = relationship("Referral", back_populates="moves")
    user = relationship("User")

    __table_args__ = (db.Index("ix_referral_move_company_at", "company_id", "at", "id"),)


# "五金" finds 綠能五金有限公司: a trigram index of company names, and of the names of submissions
# not linked yet (the phone lookup offers those too), kept by the database (search_key.py).
COMPANY_NAME_TRGM = "company_name_trgm"
UNLINKED_NAME_TRGM = "submission_unlinked_name_trgm"
contains_index(Company.__table__, "name", COMPANY_NAME_TRGM)
contains_index(
    Submission.__table__, "company_name", UNLINKED_NAME_TRGM, where="$company_id IS NULL"
)
