"""timeline by company: status changes and notes carry their submission's company

Revision ID: b2c0tl31
Revises: b2c0reg30
Create Date: 2026-12-07 20:40:00

A company's status changes and notes read from their own (company_id, at, id) index, not
through every form of the company (issue 30). The copy is kept by the database itself: a row
takes its submission's company when inserted, and follows it when the submission's company
changes (linking, merging, undoing a merge). Triggers on SQLite, plpgsql trigger functions on
PostgreSQL (smeup/models/company_copies.py makes the same after create_all). The statements
are written out here, as they were at this revision.
"""

import sqlalchemy as sa
from alembic import op

revision = "b2c0tl31"
down_revision = "b2c0reg30"
branch_labels = None
depends_on = None

TABLES = {
    "status_change": "ix_status_change_company_at",
    "submission_note": "ix_submission_note_company_at",
}

SQLITE = [
    "CREATE TRIGGER IF NOT EXISTS status_change_company_ai AFTER INSERT ON status_change "
    "WHEN NEW.company_id IS NOT (SELECT company_id FROM submission WHERE id = NEW.submission_id) "
    "BEGIN UPDATE status_change SET company_id = "
    "(SELECT company_id FROM submission WHERE id = NEW.submission_id) WHERE id = NEW.id; END",
    "CREATE TRIGGER IF NOT EXISTS status_change_company_su AFTER UPDATE OF company_id "
    "ON submission WHEN OLD.company_id IS NOT NEW.company_id BEGIN "
    "UPDATE status_change SET company_id = NEW.company_id WHERE submission_id = NEW.id; END",
    "CREATE TRIGGER IF NOT EXISTS submission_note_company_ai AFTER INSERT ON submission_note "
    "WHEN NEW.company_id IS NOT (SELECT company_id FROM submission WHERE id = NEW.submission_id) "
    "BEGIN UPDATE submission_note SET company_id = "
    "(SELECT company_id FROM submission WHERE id = NEW.submission_id) WHERE id = NEW.id; END",
    "CREATE TRIGGER IF NOT EXISTS submission_note_company_su AFTER UPDATE OF company_id "
    "ON submission WHEN OLD.company_id IS NOT NEW.company_id BEGIN "
    "UPDATE submission_note SET company_id = NEW.company_id WHERE submission_id = NEW.id; END",
]
POSTGRES = [
    "CREATE OR REPLACE FUNCTION status_change_company_from_submission() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN NEW.company_id := "
    "(SELECT company_id FROM submission WHERE id = NEW.submission_id); RETURN NEW; END $$",
    "DROP TRIGGER IF EXISTS status_change_company_bi ON status_change",
    "CREATE TRIGGER status_change_company_bi BEFORE INSERT ON status_change "
    "FOR EACH ROW EXECUTE FUNCTION status_change_company_from_submission()",
    "CREATE OR REPLACE FUNCTION status_change_company_follow() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN "
    "UPDATE status_change SET company_id = NEW.company_id WHERE submission_id = NEW.id; "
    "RETURN NULL; END $$",
    "DROP TRIGGER IF EXISTS status_change_company_su ON submission",
    "CREATE TRIGGER status_change_company_su AFTER UPDATE OF company_id ON submission "
    "FOR EACH ROW WHEN (OLD.company_id IS DISTINCT FROM NEW.company_id) "
    "EXECUTE FUNCTION status_change_company_follow()",
    "CREATE OR REPLACE FUNCTION submission_note_company_from_submission() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN NEW.company_id := "
    "(SELECT company_id FROM submission WHERE id = NEW.submission_id); RETURN NEW; END $$",
    "DROP TRIGGER IF EXISTS submission_note_company_bi ON submission_note",
    "CREATE TRIGGER submission_note_company_bi BEFORE INSERT ON submission_note "
    "FOR EACH ROW EXECUTE FUNCTION submission_note_company_from_submission()",
    "CREATE OR REPLACE FUNCTION submission_note_company_follow() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN "
    "UPDATE submission_note SET company_id = NEW.company_id WHERE submission_id = NEW.id; "
    "RETURN NULL; END $$",
    "DROP TRIGGER IF EXISTS submission_note_company_su ON submission",
    "CREATE TRIGGER submission_note_company_su AFTER UPDATE OF company_id ON submission "
    "FOR EACH ROW WHEN (OLD.company_id IS DISTINCT FROM NEW.company_id) "
    "EXECUTE FUNCTION submission_note_company_follow()",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS status_change_company_ai",
    "DROP TRIGGER IF EXISTS status_change_company_su",
    "DROP TRIGGER IF EXISTS submission_note_company_ai",
    "DROP TRIGGER IF EXISTS submission_note_company_su",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS status_change_company_bi ON status_change",
    "DROP TRIGGER IF EXISTS status_change_company_su ON submission",
    "DROP FUNCTION IF EXISTS status_change_company_from_submission()",
    "DROP FUNCTION IF EXISTS status_change_company_follow()",
    "DROP TRIGGER IF EXISTS submission_note_company_bi ON submission_note",
    "DROP TRIGGER IF EXISTS submission_note_company_su ON submission",
    "DROP FUNCTION IF EXISTS submission_note_company_from_submission()",
    "DROP FUNCTION IF EXISTS submission_note_company_follow()",
]
BACKFILL = [
    "UPDATE status_change SET company_id = "
    "(SELECT company_id FROM submission WHERE submission.id = status_change.submission_id)",
    "UPDATE submission_note SET company_id = "
    "(SELECT company_id FROM submission WHERE submission.id = submission_note.submission_id)",
]


def upgrade():
    for table, index in TABLES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("company_id", sa.Integer(), nullable=True))
            batch_op.create_foreign_key(
                batch_op.f(f"fk_{table}_company_id_company"), "company", ["company_id"], ["id"]
            )
            batch_op.create_index(index, ["company_id", "at", "id"], unique=False)
    # the rows already there, one statement per table (before the triggers: none fires)
    for statement in BACKFILL:
        op.execute(statement)
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE, "postgresql": POSTGRES}.get(dialect, []):
        op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(dialect, []):
        op.execute(statement)
    for table, index in reversed(TABLES.items()):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(index)
            batch_op.drop_constraint(
                batch_op.f(f"fk_{table}_company_id_company"), type_="foreignkey"
            )
            batch_op.drop_column("company_id")
