"""register at national scale: trigram search and lookup indexes

Revision ID: b2c0reg30
Revises: b2c0mail27
Create Date: 2026-12-07 17:00:00

The register's pages as index ranges (issue 30): a company's timeline and counts per form, the
unlinked rows an officer may link (same name, same phone: partial indexes of unlinked rows),
companies latest first, referral moves per company, a company's open referrals; and "contains"
search served by a trigram index kept by the database itself: pg_trgm GIN indexes on
PostgreSQL, FTS5 trigram tables with triggers on SQLite (smeup/models/search_key.py makes the
same after create_all). The statements are written out here, as they were at this revision.
"""

import sqlalchemy as sa
from alembic import op

revision = "b2c0reg30"
down_revision = "b2c0mail27"
branch_labels = None
depends_on = None

UNLINKED = sa.text("company_id IS NULL")
INDEXES = [
    ("ix_submission_company_time", "submission", ["company_id", "submitted_at", "id"], None),
    (
        "ix_submission_company_form",
        "submission",
        ["company_id", "form_type", "submitted_at", "id"],
        None,
    ),
    ("ix_submission_unlinked_name", "submission", ["company_name", "submitted_at", "id"], True),
    ("ix_submission_unlinked_phone", "submission", ["contact_phone", "submitted_at", "id"], True),
    ("ix_company_latest", "company", ["latest_at", "id"], None),
    ("ix_referral_move_company_at", "referral_move", ["company_id", "at", "id"], None),
    ("ix_referral_company_status", "referral", ["company_id", "status"], None),
]

SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS company_name_trgm USING fts5(name, content='company', "
    "content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS company_name_trgm_ai AFTER INSERT ON company WHEN 1 BEGIN "
    "INSERT INTO company_name_trgm(rowid, name) VALUES (NEW.id, NEW.name); END",
    "CREATE TRIGGER IF NOT EXISTS company_name_trgm_ad AFTER DELETE ON company WHEN 1 BEGIN "
    "INSERT INTO company_name_trgm(company_name_trgm, rowid, name) "
    "VALUES ('delete', OLD.id, OLD.name); END",
    "CREATE TRIGGER IF NOT EXISTS company_name_trgm_au AFTER UPDATE OF name ON company BEGIN "
    "INSERT INTO company_name_trgm(company_name_trgm, rowid, name) "
    "SELECT 'delete', OLD.id, OLD.name WHERE 1; "
    "INSERT INTO company_name_trgm(rowid, name) SELECT NEW.id, NEW.name WHERE 1; END",
    "INSERT INTO company_name_trgm(rowid, name) SELECT id, name FROM company",
    "CREATE VIRTUAL TABLE IF NOT EXISTS submission_unlinked_name_trgm USING "
    "fts5(company_name, content='submission', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS submission_unlinked_name_trgm_ai AFTER INSERT ON submission "
    "WHEN NEW.company_id IS NULL BEGIN "
    "INSERT INTO submission_unlinked_name_trgm(rowid, company_name) "
    "VALUES (NEW.id, NEW.company_name); END",
    "CREATE TRIGGER IF NOT EXISTS submission_unlinked_name_trgm_ad AFTER DELETE ON submission "
    "WHEN OLD.company_id IS NULL BEGIN "
    "INSERT INTO submission_unlinked_name_trgm(submission_unlinked_name_trgm, rowid, "
    "company_name) VALUES ('delete', OLD.id, OLD.company_name); END",
    "CREATE TRIGGER IF NOT EXISTS submission_unlinked_name_trgm_au AFTER UPDATE OF "
    "company_name, company_id ON submission BEGIN "
    "INSERT INTO submission_unlinked_name_trgm(submission_unlinked_name_trgm, rowid, "
    "company_name) SELECT 'delete', OLD.id, OLD.company_name WHERE OLD.company_id IS NULL; "
    "INSERT INTO submission_unlinked_name_trgm(rowid, company_name) "
    "SELECT NEW.id, NEW.company_name WHERE NEW.company_id IS NULL; END",
    "INSERT INTO submission_unlinked_name_trgm(rowid, company_name) "
    "SELECT id, company_name FROM submission WHERE company_id IS NULL",
]
POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS company_name_trgm ON company USING gin (name gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS submission_unlinked_name_trgm ON submission "
    "USING gin (company_name gin_trgm_ops) WHERE company_id IS NULL",
]
SQLITE_DROP = [
    *(
        f"DROP TRIGGER IF EXISTS {name}_{when}"
        for name in ("company_name_trgm", "submission_unlinked_name_trgm")
        for when in ("ai", "ad", "au")
    ),
    "DROP TABLE IF EXISTS company_name_trgm",
    "DROP TABLE IF EXISTS submission_unlinked_name_trgm",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS company_name_trgm",
    "DROP INDEX IF EXISTS submission_unlinked_name_trgm",
]


def upgrade():
    for name, table, columns, partial in INDEXES:
        where = {"sqlite_where": UNLINKED, "postgresql_where": UNLINKED} if partial else {}
        op.create_index(name, table, columns, **where)
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE, "postgresql": POSTGRES}.get(dialect, []):
        op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(dialect, []):
        op.execute(statement)
    for name, table, _columns, _partial in reversed(INDEXES):
        op.drop_index(name, table_name=table)
