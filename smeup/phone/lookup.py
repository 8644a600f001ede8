"""Finding a company an agent is on the phone with (its company block prefills: forms/prefill.py)."""

from ..extensions import db
from ..models import Submission
from ..models.surveys import Survey
from ..register.search import clean_query, unlinked_names
from ..register.search import find_companies as register_search

MAX_RESULTS = 10


def find_companies(query: str, limit: int = MAX_RESULTS) -> list[Submission]:
    """The latest submission of each company found: the register (統一編號 prefix or part of the
    name), then submissions not linked to it yet (no 統一編號), by name.

    Both through indexes (register/search.py): a company's latest submission is the top of
    its (company_id, submitted_at) range, the unlinked names come from their trigram index.
    """
    query = clean_query(query)
    if not query:
        return []
    latest_ids = []
    for company in register_search(query, limit):
        latest_ids.append(
            db.session.scalar(
                db.select(Submission.id)
                .where(Submission.company_id == company.id)
                .order_by(Submission.id.desc())
                .limit(1)
            )
        )
    unlinked, _partial = unlinked_names(query, limit)
    latest_ids += unlinked
    found = db.select(Submission).where(Submission.id.in_([i for i in latest_ids if i]))
    return list(db.session.scalars(found.order_by(Submission.id.desc()).limit(limit)))


def open_surveys() -> list[Survey]:
    """The course surveys open for answers: a found company can be prefilled into each."""
    return list(
        db.session.scalars(db.select(Survey).where(Survey.is_open.is_(True)).order_by(Survey.id))
    )
