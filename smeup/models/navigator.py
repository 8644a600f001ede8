"""The stored 創新加值導航: the answers and each programme's verdict, frozen with the rule version."""

from datetime import date

from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from ..extensions import db

Verdict = db.String(4)  # 符合 / 可能符合 / 不符合


class NavigatorCheck(db.Model):
    """One navigator pre-screen (programmes.md) and its result as judged on the day it was sent.

    The result page, the console and exports read the stored verdicts and sentences, so a
    later rule table never rewrites an old result.
    """

    submission_id: Mapped[int] = mapped_column(db.ForeignKey("submission.id"), primary_key=True)

    founded_on: Mapped[date | None] = mapped_column(db.Date)
    org_form: Mapped[str] = mapped_column(db.String(12))
    need: Mapped[list] = mapped_column(db.JSON, default=list)
    rnd_stage: Mapped[str | None] = mapped_column(db.String(16))
    rnd_theme: Mapped[str | None] = mapped_column(db.String(8))
    sbir_done: Mapped[list] = mapped_column(db.JSON, default=list)
    focus_industry: Mapped[str | None] = mapped_column(db.String(8))
    self_funding: Mapped[str] = mapped_column(db.String(8))
    tax_arrears: Mapped[bool]
    mainland_capital: Mapped[bool]

    sbir_general: Mapped[str] = mapped_column(Verdict)
    sbir_local: Mapped[str] = mapped_column(Verdict)
    cocreation: Mapped[str] = mapped_column(Verdict)
    accelerator: Mapped[str] = mapped_column(Verdict)
    # Each programme as shown: name, verdict, rules (outcome and sentence), amount, details.
    programmes: Mapped[list] = mapped_column(db.JSON, default=list)
    also: Mapped[list] = mapped_column(db.JSON, default=list)
    judged_on: Mapped[date] = mapped_column(db.Date)
    rules_version: Mapped[str] = mapped_column(db.String(32))

    submission = relationship("Submission", backref=backref("navigator", uselist=False))
