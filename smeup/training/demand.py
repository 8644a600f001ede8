"""A course's demand beside its supply (training.md, Sessions): the course survey's answers.

The course survey asks no county: a response's county is its own when it has one, else its
company's in the register (linked by 統一編號), else the county of the site it named as its
location (the sites are the survey's locations, digital.md).

Points are the survey results' Borda score (surveys/ranking.py: rank r of K earns K − r + 1,
K = the survey's max_ranked); a first choice is rank 1. Counted by the database: each rank slot
of the stored ranking is read with the JSON path operator both databases have (SQLite
json_extract, PostgreSQL ->>), grouped by county or by the survey's location (site). A room
never imports another, so the few lines of SQL live here rather than in smeup/surveys.

The invite list: people who ranked the course 1st to 3rd and hold no registration (cancelled
ones aside) for any of its sessions, matched by phone or e-mail; one row per phone, their
latest answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..extensions import db
from ..models import Submission
from ..models.digital import Site
from ..models.register import Company
from ..models.surveys import CourseResponse, SurveyOption
from ..models.training import TrainingRegistration as R
from ..models.training import TrainingSession as S

TOP = 3
PAGE = 50


@dataclass(frozen=True)
class DemandRow:
    """One county or site: how many ranked the course, put it first, and its points."""

    place: str
    ranked: int
    first: int
    points: int


@dataclass(frozen=True)
class Invitee:
    submission_id: int
    submitted_at: datetime
    company_name: str
    ubn: str | None
    county: str | None  # the answer's, else its company's
    contact_name: str
    contact_phone: str
    contact_email: str
    location: str
    rank: int | None


def _slot(i: int):
    return CourseResponse.ranks[i].as_string()


def _ranked_within(code: str, slots: int):
    return db.or_(*(_slot(i) == code for i in range(slots)))


def demand(option: SurveyOption, by: str) -> list[DemandRow]:
    """Demand for the course by county (`by="county"`) or by site (`"site"`), most points first."""
    k = max(option.survey.max_ranked, 1)
    if by == "county":
        place = db.func.coalesce(Submission.county, Company.county, Site.county)
    else:
        place = CourseResponse.location
    points = db.case(*((_slot(i) == option.code, k - i) for i in range(k)), else_=0)
    first = db.case((_slot(0) == option.code, 1), else_=0)
    rows = db.session.execute(
        db.select(place, db.func.count(), db.func.sum(first), db.func.sum(points))
        .select_from(CourseResponse)
        .join(Submission, Submission.id == CourseResponse.submission_id)
        .outerjoin(Company, Company.id == Submission.company_id)
        .outerjoin(Site, Site.name == CourseResponse.location)
        .where(CourseResponse.survey_id == option.survey_id, _ranked_within(option.code, k))
        .group_by(place)
    ).all()
    out = [DemandRow(p or "（未填）", int(n), int(f or 0), int(s or 0)) for p, n, f, s in rows]
    return sorted(out, key=lambda r: (-r.points, -r.first, r.place))


def totals(rows: list[DemandRow]) -> DemandRow:
    """The rows added up (each response is in exactly one county and one site row)."""
    return DemandRow(
        "合計",
        sum(r.ranked for r in rows),
        sum(r.first for r in rows),
        sum(r.points for r in rows),
    )


def _registered_for_course(option_id: int):
    """A registration (not cancelled) for any session of the course, by the answer's phone or e-mail."""
    return (
        db.select(R.id)
        .join(S, S.id == R.session_id)
        .where(
            S.course_option_id == option_id,
            R.status != "cancelled",
            db.or_(
                R.attendee_phone == Submission.contact_phone,
                db.and_(
                    Submission.contact_email.is_not(None),
                    Submission.contact_email != "",
                    R.attendee_email == db.func.lower(Submission.contact_email),
                ),
            ),
        )
        .exists()
    )


def _invite_query(option: SurveyOption):
    latest = (
        db.select(db.func.max(Submission.id).label("id"))
        .select_from(CourseResponse)
        .join(Submission, Submission.id == CourseResponse.submission_id)
        .where(
            CourseResponse.survey_id == option.survey_id,
            _ranked_within(option.code, TOP),
            ~_registered_for_course(option.id),
        )
        .group_by(Submission.contact_phone)
        .subquery()
    )
    return (
        db.select(Submission, CourseResponse.location, CourseResponse.ranks, Company.county)
        .join(latest, latest.c.id == Submission.id)
        .join(CourseResponse, CourseResponse.submission_id == Submission.id)
        .outerjoin(Company, Company.id == Submission.company_id)
        .order_by(Submission.id.desc())
    )


def _invitee(option: SurveyOption, submission, location, ranks, company_county) -> Invitee:
    ranks = list(ranks or [])
    return Invitee(
        submission_id=submission.id,
        submitted_at=submission.submitted_at,
        company_name=submission.company_name,
        ubn=submission.ubn,
        county=submission.county or company_county,
        contact_name=submission.contact_name,
        contact_phone=submission.contact_phone,
        contact_email=submission.contact_email or "",
        location=location or "",
        rank=ranks.index(option.code) + 1 if option.code in ranks else None,
    )


def invitees_page(option: SurveyOption, page: int) -> tuple[list[Invitee], bool, int]:
    """One page of the invite list (latest answers first), whether more follow, and how many."""
    query = _invite_query(option)
    total = db.session.scalar(db.select(db.func.count()).select_from(query.subquery()))
    rows = db.session.execute(query.offset((page - 1) * PAGE).limit(PAGE + 1)).all()
    return [_invitee(option, *row) for row in rows[:PAGE]], len(rows) > PAGE, total


def all_invitees(option: SurveyOption):
    """Every invitee, for the export (read in batches)."""
    result = db.session.execute(_invite_query(option).execution_options(yield_per=1000))
    for row in result:
        yield _invitee(option, *row)


def course_sessions(option_id: int) -> list[S]:
    """The course's sessions, latest first (cancelled ones too, marked on the page)."""
    return db.session.scalars(
        db.select(S)
        .where(S.course_option_id == option_id)
        .order_by(S.starts_at.desc(), S.id.desc())
    ).all()


def courses() -> list[tuple[SurveyOption, int]]:
    """Every course option (visible, or with sessions) and how many sessions it has."""
    counts = dict(
        db.session.execute(
            db.select(S.course_option_id, db.func.count())
            .where(S.course_option_id.is_not(None))
            .group_by(S.course_option_id)
        ).all()
    )
    options = db.session.scalars(
        db.select(SurveyOption)
        .where(db.or_(SurveyOption.hidden.is_(False), SurveyOption.id.in_(list(counts) or [0])))
        .order_by(SurveyOption.survey_id.desc(), SurveyOption.position)
    ).all()
    return [(o, counts.get(o.id, 0)) for o in options]
