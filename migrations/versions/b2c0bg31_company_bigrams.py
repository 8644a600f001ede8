"""company bigrams: 2-character contains search

Revision ID: b2c0bg31
Revises: b2c0tl31
Create Date: 2026-12-07 20:45:00

The register's search finds 2 characters anywhere in a name from an index (issue 30): a row for
each distinct 2-character piece of each company's name, ASCII letters lowercased (as ILIKE
matches), with the company (smeup/models/company_bigrams.py keeps it after this). The
companies already there are read in batches of their ids and their pieces inserted with
executemany: a register may hold 300,000 companies. The folding is written out here, as it was
at this revision.
"""

import string

import sqlalchemy as sa
from alembic import op

revision = "b2c0bg31"
down_revision = "b2c0tl31"
branch_labels = None
depends_on = None

BATCH = 5_000  # companies read per step of the backfill
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
BIGRAM = sa.table("company_bigram", sa.column("gram"), sa.column("company_id"))


def _bigrams(name: str | None) -> set[str]:
    folded = (name or "").translate(_ASCII_LOWER)
    return {folded[i : i + 2] for i in range(len(folded) - 1)}


def _backfill(conn) -> None:
    """The pieces of every company's name, BATCH companies at a time in id order."""
    after = 0
    while True:
        rows = conn.execute(
            sa.text("SELECT id, name FROM company WHERE id > :after ORDER BY id LIMIT :n"),
            {"after": after, "n": BATCH},
        ).all()
        if not rows:
            return
        pieces = [
            {"gram": gram, "company_id": row.id}
            for row in rows
            for gram in sorted(_bigrams(row.name))
        ]
        if pieces:
            conn.execute(BIGRAM.insert(), pieces)
        after = rows[-1].id


def upgrade():
    op.create_table(
        "company_bigram",
        sa.Column("gram", sa.String(length=2), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
            name=op.f("fk_company_bigram_company_id_company"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("gram", "company_id", name=op.f("pk_company_bigram")),
    )
    _backfill(op.get_bind())  # before the second index: one index to keep while inserting
    op.create_index(op.f("ix_company_bigram_company_id"), "company_bigram", ["company_id"])


def downgrade():
    op.drop_index(op.f("ix_company_bigram_company_id"), table_name="company_bigram")
    op.drop_table("company_bigram")
