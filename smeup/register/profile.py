"""What the company page shows besides its timeline (register/timeline.py): size class,
emissions by year, the checks of the referral section, the latest submission."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import configure_mappers, selectinload

from ..company.sme import is_sme, sme_reason
from ..extensions import db
from ..models import Submission
from ..models.netzero import NetzeroCheck
from ..models.register import Company

SMALL_LIMIT = 5  # 小規模企業: fewer than 5 regular employees (journey.md)
CHECKS_SHOWN = 10  # net-zero checks in the referral section (the newest; older ones: timeline)
EMISSIONS_WINDOW = 500  # the newest checks the emissions by year are read from


@dataclass(frozen=True)
class SizeClass:
    """The company's size class and the sentence that says why."""

    label: str
    reason: str


def size_class(employees: int | None, paid_in_capital: int | None) -> SizeClass:
    """小規模企業 (< 5 employees), 中小企業 by 中小企業認定標準, or not (or not known to be) an SME."""
    reason = sme_reason(paid_in_capital, employees)
    if employees is not None and employees < SMALL_LIMIT:
        return SizeClass("小規模企業", f"經常僱用員工 {employees} 人，未滿 5 人。")
    if is_sme(paid_in_capital, employees):
        return SizeClass("中小企業", reason)
    if paid_in_capital is None or employees is None:
        return SizeClass("無法認定", reason)
    return SizeClass("非中小企業", reason)


@dataclass(frozen=True)
class YearEmissions:
    """One data year's totals (the latest check of that year counts)."""

    year: int
    scope1: float
    scope2: float
    total: float
    submission_id: int


def emissions_by_year(company: Company) -> list[YearEmissions]:
    """Totals by data year and scope, oldest year first; a year checked twice shows its latest.

    Read from the company's newest EMISSIONS_WINDOW checks (an index range, newest first): a
    company that checked more often than that shows the years of its newest checks.
    """
    newest = (
        db.select(Submission.id, Submission.submitted_at)
        .where(Submission.company_id == company.id, Submission.form_type == "netzero")
        .order_by(Submission.submitted_at.desc(), Submission.id.desc())
        .limit(EMISSIONS_WINDOW)
        .subquery()
    )
    rows = db.session.execute(
        db.select(
            NetzeroCheck.data_year,
            NetzeroCheck.scope1_tco2e,
            NetzeroCheck.scope2_tco2e,
            NetzeroCheck.total_tco2e,
            newest.c.id,
        )
        .join(newest, newest.c.id == NetzeroCheck.submission_id)
        .order_by(NetzeroCheck.data_year, newest.c.submitted_at, newest.c.id)
    )
    by_year = {row[0]: YearEmissions(*row) for row in rows}  # later checks overwrite earlier
    return list(by_year.values())


def company_checks(company: Company, limit: int = CHECKS_SHOWN) -> list[Submission]:
    """The company's newest net-zero checks with their results, newest first (the referral
    section; older checks are on the timeline)."""
    configure_mappers()
    query = (
        db.select(Submission)
        .where(Submission.company_id == company.id, Submission.form_type == "netzero")
        .options(selectinload(Submission.netzero))
        .order_by(Submission.submitted_at.desc(), Submission.id.desc())
        .limit(limit)
    )
    return [s for s in db.session.scalars(query) if s.netzero is not None]


def latest_submission(company: Company) -> Submission | None:
    """The company's latest linked submission (its current fields came from it)."""
    query = (
        db.select(Submission)
        .where(Submission.company_id == company.id, Submission.submitted_at.is_not(None))
        .order_by(Submission.submitted_at.desc(), Submission.id.desc())
        .limit(1)
    )
    return db.session.scalar(query)
