"""company name key: the console's company matches become an index range (prefix of a folded name)

Revision ID: b2c0cokey11c
Revises: b2c0offline16
Create Date: 2026-11-30 19:00:00

"""

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "b2c0cokey11c"
down_revision = "b2c0offline16"
branch_labels = None
depends_on = None

SEARCH_KEY = sa.String(length=100).with_variant(sa.String(length=100, collation="C"), "postgresql")
BATCH = 5000


def _name_key(name):
    # The same folding as smeup.models.search_key.name_key (copied: migrations stay frozen).
    text = unicodedata.normalize("NFKC", name or "").casefold()
    return "".join(text.split()).replace("台", "臺")[:100]


def _fill_name_keys(conn):
    last = 0
    while True:
        rows = conn.execute(
            sa.text("SELECT id, name FROM company WHERE id > :last ORDER BY id LIMIT :n"),
            {"last": last, "n": BATCH},
        ).all()
        if not rows:
            return
        conn.execute(
            sa.text("UPDATE company SET name_key = :key WHERE id = :id"),
            [{"id": i, "key": _name_key(name)} for i, name in rows],
        )
        last = rows[-1][0]


def upgrade():
    # A plain ALTER, no batch copy: on SQLite a copy would drop a table others refer to.
    op.add_column("company", sa.Column("name_key", SEARCH_KEY, nullable=False, server_default=""))
    _fill_name_keys(op.get_bind())
    op.create_index("ix_company_name_key", "company", ["name_key", "id"], unique=False)


def downgrade():
    op.drop_index("ix_company_name_key", table_name="company")
    op.drop_column("company", "name_key")  # SQLite ≥ 3.35 drops columns in place
