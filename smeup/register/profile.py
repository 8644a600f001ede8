"""What the company page shows: size class, timeline from each table's own rows, emissions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import configure_mappers, joinedload, selectinload

from ..company.sme import is_sme, sme_reason
from ..extensions import db
from ..models import StatusChange, Submission, SubmissionNote
from ..models.netzero import NetzeroCheck
from ..models.register import Company, CompanyMerge, ReferralMove
from ..models.surveys import CourseResponse

SMALL_LIMIT = 5  # 小規模企業: fewer than 5 regular employees (journey.md)
TIMELINE_LIMIT = 200  # per table; a company with more is an outlier an officer pages by form


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
class Event:
    """One line of the timeline: when, what kind, the submission it belongs to, and the row."""

    at: datetime
    kind: str  # submission, status, note, referral, merge, merge_undo
    submission_id: int | None
    row: object


# Other rooms (the digital programme, ...) talk to the register, never the other way round: each
# adds a source that gives the company's lines from its own rows.
TIMELINE_SOURCES: list[Callable[[Company], list[Event]]] = []


def add_timeline_source(source: Callable[[Company], list[Event]]):
    """Let another feature add its own dated lines to every company's timeline."""
    TIMELINE_SOURCES.append(source)
    return source


def _rows(query, kind: str, at, submission_of) -> list[Event]:
    rows = db.session.scalars(query.order_by(at.desc()).limit(TIMELINE_LIMIT))
    return [Event(getattr(r, at.key), kind, submission_of(r), r) for r in rows]


def timeline(company: Company) -> list[Event]:
    """Every submission, status change, note, referral move, merge and undone merge of the company,
    newest first.

    Each table is read on its own (by the company's submissions), never one join of them all.
    """
    ids = db.select(Submission.id).where(Submission.company_id == company.id).scalar_subquery()
    configure_mappers()  # the forms' backrefs (Submission.netzero ...) exist once mappers are set
    forms = [selectinload(Submission.netzero), selectinload(Submission.sbtr)]
    forms.append(selectinload(Submission.navigator))
    forms.append(selectinload(Submission.course).joinedload(CourseResponse.survey))
    events = _rows(
        db.select(Submission).where(Submission.company_id == company.id).options(*forms),
        "submission",
        Submission.submitted_at,
        lambda s: s.id,
    )
    events += _rows(
        db.select(StatusChange)
        .where(StatusChange.submission_id.in_(ids))
        .options(joinedload(StatusChange.user)),
        "status",
        StatusChange.at,
        lambda c: c.submission_id,
    )
    events += _rows(
        db.select(SubmissionNote)
        .where(SubmissionNote.submission_id.in_(ids))
        .options(joinedload(SubmissionNote.user)),
        "note",
        SubmissionNote.at,
        lambda n: n.submission_id,
    )
    events += _rows(
        db.select(ReferralMove)
        .where(ReferralMove.company_id == company.id)
        .options(joinedload(ReferralMove.referral), joinedload(ReferralMove.user)),
        "referral",
        ReferralMove.at,
        lambda m: m.referral.submission_id,
    )
    events += _rows(
        db.select(CompanyMerge).where(
            db.or_(CompanyMerge.target_id == company.id, CompanyMerge.source_id == company.id)
        ),
        "merge",
        CompanyMerge.at,
        lambda m: None,
    )
    events += _rows(
        db.select(CompanyMerge).where(
            db.or_(CompanyMerge.target_id == company.id, CompanyMerge.source_id == company.id),
            CompanyMerge.undone_at.is_not(None),
        ),
        "merge_undo",
        CompanyMerge.undone_at,
        lambda m: None,
    )
    for source in TIMELINE_SOURCES:
        events += source(company)
    return sorted(events, key=lambda e: e.at, reverse=True)


@dataclass(frozen=True)
class YearEmissions:
    """One data year's totals (the latest check of that year counts)."""

    year: int
    scope1: float
    scope2: float
    total: float
    submission_id: int


def emissions_by_year(company: Company) -> list[YearEmissions]:
    """Totals by data year and scope, oldest year first; a year checked twice shows its latest."""
    rows = db.session.execute(
        db.select(
            NetzeroCheck.data_year,
            NetzeroCheck.scope1_tco2e,
            NetzeroCheck.scope2_tco2e,
            NetzeroCheck.total_tco2e,
            Submission.id,
        )
        .join(Submission, Submission.id == NetzeroCheck.submission_id)
        .where(Submission.company_id == company.id)
        .order_by(NetzeroCheck.data_year, Submission.submitted_at)
    )
    by_year = {row[0]: YearEmissions(*row) for row in rows}  # later checks overwrite earlier
    return list(by_year.values())


def company_checks(company: Company) -> list[Submission]:
    """The company's net-zero checks with their results, newest first (the referral section)."""
    configure_mappers()
    query = (
        db.select(Submission)
        .where(Submission.company_id == company.id, Submission.form_type == "netzero")
        .options(selectinload(Submission.netzero))
        .order_by(Submission.submitted_at.desc(), Submission.id.desc())
        .limit(TIMELINE_LIMIT)
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
