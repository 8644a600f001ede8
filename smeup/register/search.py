"""Finding companies in the register by name or 統一編號 (console search, phone lookup)."""

from __future__ import annotations

import unicodedata

from ..extensions import db
from ..models.register import Company
from ..models.search_key import name_key, prefix_range

MAX_RESULTS = 10
UBN_LENGTH = 8


def clean_query(raw: str | None) -> str:
    """The search text: full-width characters folded, spaces trimmed, at most 100 characters."""
    return unicodedata.normalize("NFKC", raw or "").strip()[:100]


def like_escape(text: str) -> str:
    """Text for a LIKE pattern with `\\` as the escape: %, _ and \\ match themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def find_companies(raw: str | None, limit: int = MAX_RESULTS) -> list[Company]:
    """Live companies whose 統一編號 starts with, or name contains, the query; latest first."""
    query = clean_query(raw)
    if not query:
        return []
    text = like_escape(query)
    matches = [Company.name.ilike(f"%{text}%", escape="\\")]
    if query.isdigit():
        matches.append(Company.ubn.like(f"{text}%", escape="\\"))
    found = (
        db.select(Company)
        .where(Company.merged_into_id.is_(None), db.or_(*matches))
        .order_by(Company.latest_at.desc(), Company.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(found))


def companies_starting_with(raw: str | None, limit: int = MAX_RESULTS) -> list[Company]:
    """Live companies the console's list search finds too: a 統一編號 or folded-name prefix.

    The same rule as the list (console.filters.search_condition): up to 8 digits are the start
    of a 統一編號, anything else the start of a name. Both are index ranges, read in index
    order, so a keystroke costs the same with a thousand companies or a million.
    """
    query = clean_query(raw)
    if query.isascii() and query.isdigit() and len(query) <= UBN_LENGTH:
        order, condition = [Company.ubn], prefix_range(Company.ubn, query)  # ubn is unique
    else:
        key = name_key(query)
        if not key:
            return []
        order = [Company.name_key, Company.id]  # the order of ix_company_name_key
        condition = prefix_range(Company.name_key, key)
    found = (
        db.select(Company)
        .where(condition, Company.merged_into_id.is_(None))
        .order_by(*order)
        .limit(limit)
    )
    return list(db.session.scalars(found))
