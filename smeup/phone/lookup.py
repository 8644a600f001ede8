"""Finding a company an agent is on the phone with, and its company block to prefill."""

import unicodedata

from ..company.phone import format_phone
from ..extensions import db
from ..models import Submission
from ..models.surveys import Survey

MAX_RESULTS = 10
PREFILL_FIELDS = (
    "company_name",
    "ubn",
    "county",
    "industry",
    "employees",
    "paid_in_capital",
    "contact_name",
    "contact_phone",
    "contact_email",
)


def clean_query(raw: str | None) -> str:
    """The search text: full-width characters folded, spaces trimmed, at most 100 characters."""
    return unicodedata.normalize("NFKC", raw or "").strip()[:100]


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def find_companies(query: str, limit: int = MAX_RESULTS) -> list[Submission]:
    """The latest submission of each company whose 統一編號 starts with, or name contains, query."""
    query = clean_query(query)
    if not query:
        return []
    text = _like_escape(query)
    matches = [Submission.company_name.ilike(f"%{text}%", escape="\\")]
    if query.isdigit():
        matches.append(Submission.ubn.like(f"{text}%", escape="\\"))
    # One row per company: by 統一編號, or by name when there is none (course answers).
    company = db.func.coalesce(Submission.ubn, Submission.company_name)
    latest_ids = (
        db.select(db.func.max(Submission.id))
        .where(db.or_(*matches))
        .group_by(company)
        .order_by(db.func.max(Submission.id).desc())
        .limit(limit)
    )
    found = db.select(Submission).where(Submission.id.in_(latest_ids.scalar_subquery()))
    return list(db.session.scalars(found.order_by(Submission.id.desc())))


def prefill_data(submission: Submission) -> dict:
    """The company block of `submission` as form data; consent is asked again on every call."""
    data = {name: getattr(submission, name) for name in PREFILL_FIELDS}
    if data["contact_phone"]:
        data["contact_phone"] = format_phone(data["contact_phone"])
    return data


def open_surveys() -> list[Survey]:
    """The course surveys open for answers: a found company can be prefilled into each."""
    return list(
        db.session.scalars(db.select(Survey).where(Survey.is_open.is_(True)).order_by(Survey.id))
    )
