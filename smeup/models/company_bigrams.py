"""The 2-character pieces of company names: "contains" search for 2 characters (issue 30).

A trigram index finds 3 characters or more (search_key.py); the register's search finds 2 here:
a row for each distinct 2-character piece of each company's name, folded as the search matches
(search_key.bigrams: ASCII letters lowercased). Kept by the ORM, in the flush that writes the
name and so in its transaction: a company inserted with a name, or whose name changed, has its
pieces rewritten; a name set to what it already was writes nothing (a form for a company the
register knows, the hot path). A deleted company's pieces go with it (ON DELETE CASCADE, and
here too, for a SQLite connection that does not enforce foreign keys). Company names change
only through the ORM (linking, merges and their undoing, training registrations); bench/fill.py
and migration b2c0bg31 write the pieces of the rows they write themselves.
"""

from sqlalchemy import delete, event, insert, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..extensions import db
from .register import Company
from .search_key import bigrams


class CompanyBigram(db.Model):
    """A 2-character piece of a company's name (folded: search_key.bigrams), and the company."""

    gram: Mapped[str] = mapped_column(db.String(2), primary_key=True)
    # Indexed on its own too: a rename, and a delete's cascade, find a company's pieces by it.
    company_id: Mapped[int] = mapped_column(
        db.ForeignKey("company.id", ondelete="CASCADE"), primary_key=True, index=True
    )


def name_changes(session: Session) -> tuple[list[int], list[dict]]:
    """What a flush did to company names: the companies whose old pieces go (renamed or
    deleted), and the pieces to insert (of names new or changed)."""
    stale: list[int] = []
    pieces: list[dict] = []
    for company in session.new:
        if isinstance(company, Company):
            pieces += _pieces(company)
    for company in session.dirty:
        if isinstance(company, Company) and inspect(company).attrs.name.history.has_changes():
            stale.append(company.id)
            pieces += _pieces(company)
    stale += [c.id for c in session.deleted if isinstance(c, Company)]
    return stale, pieces


def _pieces(company: Company) -> list[dict]:
    return [{"gram": gram, "company_id": company.id} for gram in sorted(bigrams(company.name))]


@event.listens_for(Session, "after_flush")
def _keep_bigrams(session: Session, _context) -> None:
    """Rewrite the pieces of the names this flush wrote, on the flush's own connection."""
    stale, pieces = name_changes(session)
    if not stale and not pieces:
        return
    table = CompanyBigram.__table__
    connection = session.connection()
    if stale:
        connection.execute(delete(table).where(table.c.company_id.in_(stale)))
    if pieces:
        connection.execute(insert(table), pieces)
