"""Course-preference surveys (forms.md §3): definitions, their options, and responses."""

from datetime import datetime

from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from ..extensions import db
from .base import utcnow


class Survey(db.Model):
    """A ranking survey an officer defines: its options, rank limits, locations, open or not."""

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(db.String(100))
    description: Mapped[str] = mapped_column(db.Text, default="")
    min_ranked: Mapped[int]
    max_ranked: Mapped[int]
    locations: Mapped[list] = mapped_column(db.JSON, default=list)
    is_open: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(db.DateTime, default=utcnow)

    options = relationship(
        "SurveyOption",
        order_by="SurveyOption.position",
        back_populates="survey",
        cascade="all, delete-orphan",
    )

    @property
    def visible_options(self) -> list["SurveyOption"]:
        """Options the form offers (hidden ones stay only for old responses and results)."""
        return [o for o in self.options if not o.hidden]

    @property
    def rank_slots(self) -> int:
        """How many rank fields the form shows: max_ranked, capped by the visible options."""
        return min(self.max_ranked, len(self.visible_options))

    def option_labels(self, *, include_hidden: bool = True) -> dict[str, str]:
        """{code: label} in the survey's order."""
        return {o.code: o.label for o in self.options if include_hidden or not o.hidden}


class SurveyOption(db.Model):
    """One course a respondent can rank; hidden instead of deleted once a response uses it."""

    __table_args__ = (db.UniqueConstraint("survey_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(db.ForeignKey("survey.id"), index=True)
    code: Mapped[str] = mapped_column(db.String(30))
    label: Mapped[str] = mapped_column(db.String(100))
    position: Mapped[int] = mapped_column(default=0)
    hidden: Mapped[bool] = mapped_column(default=False)

    survey = relationship("Survey", back_populates="options")


class CourseResponse(db.Model):
    """A submission's ranking: `ranks` holds option codes, rank 1 first."""

    submission_id: Mapped[int] = mapped_column(db.ForeignKey("submission.id"), primary_key=True)
    survey_id: Mapped[int] = mapped_column(db.ForeignKey("survey.id"), index=True)
    location: Mapped[str | None] = mapped_column(db.String(50), index=True)
    ranks: Mapped[list] = mapped_column(db.JSON, default=list)

    submission = relationship("Submission", backref=backref("course", uselist=False))
    survey = relationship("Survey")

    def rank_of(self, code: str) -> int | None:
        """The rank this response gave `code`, or None when it did not rank it."""
        return self.ranks.index(code) + 1 if code in self.ranks else None
