"""Finding companies in the register by name or 統一編號 (console search, phone lookup).

"Contains" at national scale (issue 30): a name found anywhere in it ("五金" finds
綠能五金有限公司) without reading the company table. A query of 3 characters or more asks the
trigram index (pg_trgm on PostgreSQL, an FTS5 trigram table on SQLite: models/search_key.py)
for the rows holding it, and a query of 2 characters the table of names' 2-character pieces
(models/company_bigrams.py); when it holds few (CANDIDATES at most) they are read by id and
sorted, and when it is common the rows are walked newest first and the walk stops at the page's
last match (a common string is dense, so that is soon). No index serves 1 character: it is
walked newest first too, over the newest WALK rows at most; beyond, the answer says it looked at
only those (`partial`) and asks for a second character.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from ..extensions import db
from ..models import Submission
from ..models.company_bigrams import CompanyBigram
from ..models.register import COMPANY_NAME_TRGM, UNLINKED_NAME_TRGM, Company
from ..models.search_key import BIGRAM, TRIGRAM, fold_ascii, name_key, phrase, prefix_range

MAX_RESULTS = 10
UBN_LENGTH = 8
CANDIDATES = 2_000  # rows the index may find for them to be read by id and sorted
WALK = 20_000  # newest rows looked at for a query no index serves (1 character; unlinked: 1-2)
BATCH = 500  # rows per step of a walk
UNCAPPED = -1  # as an index lookup's cap: every row it holds, not counted first


def clean_query(raw: str | None) -> str:
    """The search text: full-width characters folded, spaces trimmed, at most 100 characters."""
    return unicodedata.normalize("NFKC", raw or "").strip()[:100]


def like_escape(text: str) -> str:
    """Text for a LIKE pattern with `\\` as the escape: %, _ and \\ match themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains(column, query: str):
    """column holds query anywhere, ignoring ASCII case (the rule the index answers for)."""
    return column.ilike(f"%{like_escape(query)}%", escape="\\")


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def trigram_ids(index: str, column, query: str, where=None, cap: int | None = None):
    """The ids of the rows whose column holds `query`, as a subquery the trigram index `index`
    answers; None when the index cannot tell (under 3 characters, another database) or when it
    holds more than `cap` of them (CANDIDATES by default; counted in the index, cap + 1 at most)."""
    if len(query) < TRIGRAM:
        return None
    cap = CANDIDATES if cap is None else cap
    dialect = _dialect()
    if dialect == "sqlite":
        ids = (
            db.text(f"SELECT rowid AS id FROM {index} WHERE {index} MATCH :q")  # noqa: S608
            .bindparams(q=phrase(query))
            .columns(id=db.Integer)
        )
    elif dialect == "postgresql":
        ids = db.select(column.class_.id).where(contains(column, query))
        if where is not None:
            ids = ids.where(where)
    else:
        return None
    if cap == UNCAPPED:
        return ids
    held = ids.limit(cap + 1) if dialect == "postgresql" else _limited(ids, cap + 1)
    count = db.session.scalar(db.select(db.func.count()).select_from(held.subquery()))
    return ids if count <= cap else None


def _limited(textual, n: int):
    return db.select(textual.subquery().c.id).limit(n)


def bigram_ids(query: str, cap: int | None = None):
    """The ids of the companies whose name holds the 2 characters `query` (ASCII case ignored),
    as a subquery of the bigram table; None when it holds more than `cap` of them (CANDIDATES
    by default; counted in the table's primary key, cap + 1 at most)."""
    cap = CANDIDATES if cap is None else cap
    ids = db.select(CompanyBigram.company_id).where(CompanyBigram.gram == fold_ascii(query))
    if cap == UNCAPPED:
        return ids
    held = db.select(db.func.count()).select_from(ids.limit(cap + 1).subquery())
    return ids if db.session.scalar(held) <= cap else None


def company_name_ids(query: str, cap: int | None = None):
    """The ids of the companies whose name holds `query`, from an index (the bigram table for
    2 characters, the trigram index for more); None when none serves it or it holds more than
    `cap` (CANDIDATES by default; UNCAPPED: never)."""
    if len(query) == BIGRAM:
        return bigram_ids(query, cap)
    return trigram_ids(COMPANY_NAME_TRGM, Company.name, query, cap=cap)


@dataclass
class Found:
    """Companies found, latest first; `partial` when only the newest WALK were looked at
    (a 1-character query)."""

    companies: list[Company] = field(default_factory=list)
    partial: bool = False


LATEST_FIRST = (Company.latest_at.desc(), Company.id.desc())


def search_companies(raw: str | None, limit: int = MAX_RESULTS) -> Found:
    """Live companies whose 統一編號 starts with, or name contains, the query; latest first."""
    query = clean_query(raw)
    if not query:
        return Found()
    live = Company.merged_into_id.is_(None)
    name_ids = company_name_ids(query)
    conditions = [contains(Company.name, query)]
    named = [] if name_ids is None else [Company.id.in_(name_ids)]
    numbered = []  # the 統一編號 prefix's companies (a digits query)
    few = name_ids is not None
    if query.isdigit():
        conditions.append(Company.ubn.like(f"{like_escape(query)}%", escape="\\"))
        by_ubn = db.select(Company.id).where(prefix_range(Company.ubn, query))
        held = db.select(db.func.count()).select_from(by_ubn.limit(CANDIDATES + 1).subquery())
        few = few and query.isascii() and len(query) <= UBN_LENGTH
        few = few and db.session.scalar(held) <= CANDIDATES
        numbered.append(Company.id.in_(by_ubn))
    matches = db.or_(*conditions)
    if few:  # few: read them by id (in the database), sort them
        return Found(_sorted([*named, *numbered], live, matches, limit))
    # Common (or 1 character, which no index serves): walk the companies latest first.
    walked = _walk_companies(db.and_(live, matches), limit, WALK)
    every = company_name_ids(query, UNCAPPED) if walked.partial else None
    if every is None:
        return walked
    # Many hold it, but far apart (mostly names of long ago): all of them, read by id, sorted.
    return Found(_sorted([Company.id.in_(every), *numbered], live, matches, limit))


def _sorted(chosen: list, live, matches, limit: int) -> list[Company]:
    """The companies among the index's ids that match, latest first."""
    found = (
        db.select(Company)
        .where(db.or_(*chosen), live, matches)
        .order_by(*LATEST_FIRST)
        .limit(limit)
    )
    return list(db.session.scalars(found))


def _walk_companies(condition, limit: int, budget: int | None) -> Found:
    """The first `limit` companies meeting `condition`, latest first: read in steps along
    ix_company_latest, each step a key range of it (its far end found in the index alone);
    steps double, so a common string costs a step or two and a rare one a few more.
    `budget`: keys read at most (then the answer is `partial`)."""
    key = db.tuple_(Company.latest_at, Company.id)
    found: list[Company] = []
    after = None
    read, step = 0, BATCH
    while len(found) < limit:
        newer = [] if after is None else [key < after]
        end = db.session.execute(
            db.select(Company.latest_at, Company.id)
            .where(*newer)
            .order_by(*LATEST_FIRST)
            .offset(step - 1)
            .limit(1)
        ).first()
        window = [*newer, key >= tuple(end)] if end is not None else newer
        hits = (
            db.select(Company)
            .where(*window, condition)
            .order_by(*LATEST_FIRST)
            .limit(limit - len(found))
        )
        found += db.session.scalars(hits)
        if end is None:  # the last step reached the oldest company
            return Found(found)
        read += step
        after = tuple(end)
        if budget is not None and read >= budget and len(found) < limit:
            return Found(found, partial=True)
        step = min(step * 2, 16 * BATCH)
    return Found(found)


def find_companies(raw: str | None, limit: int = MAX_RESULTS) -> list[Company]:
    """Live companies whose 統一編號 starts with, or name contains, the query; latest first."""
    return search_companies(raw, limit).companies


def unlinked_names(query: str, limit: int) -> tuple[list[int], bool]:
    """The newest submission of each company name not linked to the register that contains
    `query`, newest first (ids); and whether only the newest WALK unlinked rows were read."""
    unlinked = Submission.company_id.is_(None)
    found = contains(Submission.company_name, query)
    ids = trigram_ids(UNLINKED_NAME_TRGM, Submission.company_name, query, unlinked)
    if ids is not None:
        latest = (
            db.select(db.func.max(Submission.id))
            .where(Submission.id.in_(ids), unlinked, found)
            .group_by(Submission.company_name)
            .order_by(db.func.max(Submission.id).desc())
            .limit(limit)
        )
        return list(db.session.scalars(latest)), False
    # Newest first, the first row of each name is its newest: stop at the limit's last name.
    budget = WALK if len(query) < TRIGRAM else None
    return _walk_unlinked(lambda q: q.where(found), limit, budget)


def _walk_unlinked(narrow: Callable, limit: int, budget: int | None) -> tuple[list[int], bool]:
    """Unlinked submissions newest first, in steps of an id range (its far end found in the
    index alone), each step's matches read by `narrow`; the first row of each name is kept."""
    unlinked = Submission.company_id.is_(None)
    names: dict[str, int] = {}
    before = None
    read, size = 0, BATCH
    while len(names) < limit:
        newer = [] if before is None else [Submission.id < before]
        end = db.session.scalar(
            db.select(Submission.id)
            .where(unlinked, *newer)
            .order_by(Submission.id.desc())
            .offset(size - 1)
            .limit(1)
        )
        window = [*newer, Submission.id >= end] if end is not None else newer
        hits = db.session.execute(
            narrow(db.select(Submission.id, Submission.company_name))
            .where(unlinked, *window)
            .order_by(Submission.id.desc())
        ).all()
        for row in hits:
            names.setdefault(row.company_name, row.id)
            if len(names) == limit:
                return list(names.values()), False
        if end is None:  # the oldest unlinked row was in this step
            return list(names.values()), False
        read += size
        before = end
        if budget is not None and read >= budget:
            return list(names.values()), True
        size = min(size * 2, 16 * BATCH)
    return list(names.values()), False


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
