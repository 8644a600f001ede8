"""Linking submissions to their company: by 統一編號 when stored, or an officer's confirmed match."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError

from ..audit import record
from ..extensions import db
from ..models import Submission
from ..models.base import utcnow
from ..models.register import Company, Referral, ReferralMove
from ..models.search_key import name_key, prefix_range

# The company block fields the company's current record follows (journey.md, Company).
CURRENT_FIELDS = {
    "company_name": "name",
    "county": "county",
    "industry": "industry",
    "employees": "employees",
    "paid_in_capital": "paid_in_capital",
    "contact_name": "contact_name",
    "contact_phone": "contact_phone",
    "contact_email": "contact_email",
}
MAX_SUGGESTIONS = 10
NEVER = datetime(1900, 1, 1)  # a new company's "latest" time: its first submission always wins


class LinkError(ValueError):
    """A link the register refuses; the message is zh-Hant, for the officer."""


def live(company: Company) -> Company:
    """The record a company was merged into (following every merge), or itself."""
    seen = set()
    while company.merged_into_id is not None and company.id not in seen:
        seen.add(company.id)
        company = db.session.get(Company, company.merged_into_id)
    return company


def follow_latest(company: Company, submission: Submission) -> None:
    """Take the submission's company block as current, unless a later one is already linked."""
    if company.latest_at is not None and submission.submitted_at < company.latest_at:
        return
    for source, target in CURRENT_FIELDS.items():
        setattr(company, target, getattr(submission, source))
    company.latest_at = submission.submitted_at


def company_for_ubn(ubn: str) -> Company:
    """The live company of a 統一編號, created on first sight (a concurrent twin is reused)."""
    # Not locked: every form of a company would then wait for the one before it (a roadshow's
    # forms for one company, the load test's 200 clients). A form stored in the instant its
    # company is merged can land on the merged-away record; the merge's undo moves it too.
    found = db.session.scalar(db.select(Company).filter_by(ubn=ubn))
    if found is not None:
        return live(found)
    # The savepoint below flushes what is pending first: flush it here, so that an error of
    # those rows (a submission key stored meanwhile) is not taken for a company race.
    db.session.flush()
    try:
        # A savepoint: if another transaction created the same company meanwhile, only this
        # insert is undone and the submission being stored stays in the session.
        with db.session.begin_nested():
            found = Company(ubn=ubn, name="", contact_phone="", latest_at=NEVER)
            db.session.add(found)
    except IntegrityError:
        found = db.session.scalar(db.select(Company).filter_by(ubn=ubn))
        return live(found)
    return found


def link_on_store(submission: Submission) -> Company | None:
    """Link a submission being stored to its company by 統一編號 (none without one)."""
    if not submission.ubn:
        return None
    if submission.submitted_at is None:
        submission.submitted_at = utcnow()  # the column default comes too late to compare
    # No autoflush: the submission is then inserted with its company_id, not updated after.
    with db.session.no_autoflush:
        company = company_for_ubn(submission.ubn)
    submission.company_id = company.id
    follow_latest(company, submission)
    return company


def _newest(queries, key, limit: int) -> list:
    """The newest `limit` rows of several queries, each already newest first and limited
    (each an index range of its own: an OR of them would read every unlinked row)."""
    rows: dict[int, object] = {}
    for query in queries:
        for row in db.session.scalars(query):
            rows.setdefault(row.id, row)
    return sorted(rows.values(), key=key, reverse=True)[:limit]


def suggested_matches(submission: Submission, limit: int = MAX_SUGGESTIONS) -> list[Company]:
    """Companies an unlinked submission likely belongs to: same name or same contact phone."""
    name = (submission.company_name or "").strip()
    same = [Company.name == name]
    if submission.contact_phone:
        same.append(Company.contact_phone == submission.contact_phone)
    queries = [
        db.select(Company)
        .where(Company.merged_into_id.is_(None), condition)
        .order_by(Company.latest_at.desc(), Company.id.desc())
        .limit(limit)
        for condition in same
    ]
    return _newest(queries, lambda c: (c.latest_at, c.id), limit)


UNLINKED_INDEXES = {
    "company_name": "ix_submission_unlinked_name",
    "contact_phone": "ix_submission_unlinked_phone",
}


def _unlinked_newest(column: str, value: str, limit: int):
    """The newest unlinked submissions whose `column` is `value`, from its partial index.

    SQLite's statistics cannot see that most rows' company_id is NULL (ANALYZE takes IS NULL
    for a company's few rows, and would read ix_submission_company_time): the index is named.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        sql = db.text(
            f"SELECT * FROM submission INDEXED BY {UNLINKED_INDEXES[column]} "  # noqa: S608
            f"WHERE company_id IS NULL AND {column} = :value "
            "ORDER BY submitted_at DESC, id DESC LIMIT :limit"
        ).bindparams(value=value, limit=limit)
        return db.select(Submission).from_statement(sql)
    return (
        db.select(Submission)
        .where(Submission.company_id.is_(None), getattr(Submission, column) == value)
        .order_by(Submission.submitted_at.desc(), Submission.id.desc())
        .limit(limit)
    )


def unlinked_matches(company: Company, limit: int = MAX_SUGGESTIONS) -> list[Submission]:
    """Unlinked submissions that look like this company: same name or same contact phone.

    Each is a range of its partial index (ix_submission_unlinked_name / _phone: unlinked rows
    only, newest last), so the page costs the same with 300,000 unlinked rows as with 30.
    """
    same = [("company_name", company.name)]
    if company.contact_phone:
        same.append(("contact_phone", company.contact_phone))
    queries = [_unlinked_newest(column, value, limit) for column, value in same]
    return _newest(queries, lambda s: (s.submitted_at, s.id), limit)


def confirm_link(submission: Submission, company: Company, user) -> None:
    """An officer confirms that an unlinked submission belongs to `company`; audit-logged."""
    if submission.company_id is not None:
        raise LinkError("這份資料已經連結到企業，不能再連結。")
    if company.merged_into_id is not None:
        raise LinkError("這家企業已合併到另一筆企業資料，請改連結到合併後的企業。")
    submission.company_id = company.id
    follow_latest(company, submission)
    move_referrals([submission.id], company.id)
    record(
        "company_link",
        user=user,
        submission_id=submission.id,
        company_id=company.id,
        ubn=company.ubn,
    )


def move_referrals(submission_ids: list[int], company_id: int) -> None:
    """Referrals of these submissions (and their moves) now belong to `company_id`."""
    if not submission_ids:
        return
    referral_ids = db.select(Referral.id).where(Referral.submission_id.in_(submission_ids))
    db.session.execute(
        db.update(Referral).where(Referral.id.in_(referral_ids)).values(company_id=company_id)
    )
    db.session.execute(
        db.update(ReferralMove)
        .where(ReferralMove.referral_id.in_(referral_ids))
        .values(company_id=company_id)
    )


MERGE_NAME_START = 4  # characters of the folded name a merge candidate shares
MERGE_NAME_READ = 200  # companies read in name order for one name start, at most


def merge_candidates(company: Company, limit: int = 5) -> list[Company]:
    """Other live companies that may be the same one: same contact phone or same name start
    (the first 4 characters of the folded name, `name_key`: an index range). A name start
    that hundreds share reads the first MERGE_NAME_READ of them in name order."""
    queries = []
    if company.contact_phone:
        queries.append(
            db.select(Company)
            .where(Company.contact_phone == company.contact_phone)
            .order_by(Company.latest_at.desc(), Company.id.desc())
            .limit(limit + 1)
        )
    start = name_key(company.name)[:MERGE_NAME_START]
    if start:
        queries.append(
            db.select(Company)
            .where(prefix_range(Company.name_key, start))
            .order_by(Company.name_key, Company.id)
            .limit(MERGE_NAME_READ)
        )
    rows: dict[int, Company] = {}
    for query in queries:
        for row in db.session.scalars(query):
            if row.id != company.id and row.merged_into_id is None:
                rows.setdefault(row.id, row)
    return sorted(rows.values(), key=lambda c: (c.latest_at, c.id), reverse=True)[:limit]
