"""Finding a company an agent is on the phone with (its company block prefills: forms/prefill.py)."""

from ..extensions import db
from ..models import Submission
from ..models.surveys import Survey
from ..register.search import clean_query, like_escape
from ..register.search import find_companies as register_search

MAX_RESULTS = 10


def find_companies(query: str, limit: int = MAX_RESULTS) -> list[Submission]:
    """The latest submission of each company found: the register (統一編號 prefix or part of the
    name), then submissions not linked to it yet (no 統一編號), by name."""
    query = clean_query(query)
    if not query:
        return []
    companies = [c.id for c in register_search(query, limit)]
    latest_ids = []
    if companies:
        latest_ids = list(
            db.session.scalars(
                db.select(db.func.max(Submission.id))
                .where(Submission.company_id.in_(companies))
                .group_by(Submission.company_id)
            )
        )
    text = like_escape(query)
    unlinked = (
        db.select(db.func.max(Submission.id))
        .where(
            Submission.company_id.is_(None),
            Submission.company_name.ilike(f"%{text}%", escape="\\"),
        )
        .group_by(Submission.company_name)
        .order_by(db.func.max(Submission.id).desc())
        .limit(limit)
    )
    latest_ids += list(db.session.scalars(unlinked))
    found = db.select(Submission).where(Submission.id.in_(latest_ids))
    return list(db.session.scalars(found.order_by(Submission.id.desc()).limit(limit)))


def open_surveys() -> list[Survey]:
    """The course surveys open for answers: a found company can be prefilled into each."""
    return list(
        db.session.scalars(db.select(Survey).where(Survey.is_open.is_(True)).order_by(Survey.id))
    )
