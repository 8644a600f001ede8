"""Copies of a submission's company on the rows that belong to it, kept by the database itself.

A company's status changes and notes are read from their own (company_id, at, id) index, not
through every form of the company (issue 30). So each row carries its submission's company_id,
and the database keeps the copy equal, whatever code writes (the ORM, bulk updates, raw SQL):

- a row inserted takes its submission's company (SQLite: an AFTER INSERT trigger that sets it
  when it differs; PostgreSQL: a BEFORE INSERT trigger function setting NEW.company_id);
- when a submission's company changes (linking, merging, undoing a merge) its rows follow
  (an AFTER UPDATE OF company_id trigger on submission, only when the company really changes).

Inserting a submission fires nothing: a form's POST costs what it did. Triggers and functions
are not in the models' metadata (Alembic does not compare them): the DDL below runs after
create_all makes the table, and migration b2c0tl31 makes the same.
"""

from sqlalchemy import event, text

from .submission import StatusChange, SubmissionNote

COPIED_TO: list[str] = []  # the tables whose rows carry their submission's company_id

_SUBMISSION_COMPANY = "(SELECT company_id FROM submission WHERE id = NEW.submission_id)"


def copy_ddl(table: str, dialect: str) -> list[str]:
    """The statements that keep table.company_id equal to its submission's company_id."""
    if dialect == "postgresql":
        return [
            f"CREATE OR REPLACE FUNCTION {table}_company_from_submission() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN NEW.company_id := {_SUBMISSION_COMPANY}; "
            f"RETURN NEW; END $$",
            f"DROP TRIGGER IF EXISTS {table}_company_bi ON {table}",
            f"CREATE TRIGGER {table}_company_bi BEFORE INSERT ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_company_from_submission()",
            f"CREATE OR REPLACE FUNCTION {table}_company_follow() RETURNS trigger "  # noqa: S608
            f"LANGUAGE plpgsql AS $$ BEGIN "
            f"UPDATE {table} SET company_id = NEW.company_id WHERE submission_id = NEW.id; "
            f"RETURN NULL; END $$",
            f"DROP TRIGGER IF EXISTS {table}_company_su ON submission",
            f"CREATE TRIGGER {table}_company_su AFTER UPDATE OF company_id ON submission "
            f"FOR EACH ROW WHEN (OLD.company_id IS DISTINCT FROM NEW.company_id) "
            f"EXECUTE FUNCTION {table}_company_follow()",
        ]
    if dialect == "sqlite":
        return [
            f"CREATE TRIGGER IF NOT EXISTS {table}_company_ai AFTER INSERT ON {table} "  # noqa: S608
            f"WHEN NEW.company_id IS NOT {_SUBMISSION_COMPANY} BEGIN "
            f"UPDATE {table} SET company_id = {_SUBMISSION_COMPANY} WHERE id = NEW.id; END",
            f"CREATE TRIGGER IF NOT EXISTS {table}_company_su AFTER UPDATE OF company_id "  # noqa: S608
            f"ON submission WHEN OLD.company_id IS NOT NEW.company_id BEGIN "
            f"UPDATE {table} SET company_id = NEW.company_id WHERE submission_id = NEW.id; END",
        ]
    return []


def drop_ddl(table: str, dialect: str) -> list[str]:
    """The statements that remove what copy_ddl made (the table's own triggers go with it)."""
    if dialect == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {table}_company_su ON submission"]
    if dialect == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {table}_company_su"]
    return []


def company_copy(table) -> None:
    """Keep table.company_id equal to its submission's: triggers made after create_all makes
    the table, the one on submission dropped with it."""
    COPIED_TO.append(table.name)

    @event.listens_for(table, "after_create")
    def _make(target, connection, **_kw):
        for statement in copy_ddl(target.name, connection.dialect.name):
            connection.execute(text(statement))

    @event.listens_for(table, "after_drop")
    def _drop(target, connection, **_kw):
        for statement in drop_ddl(target.name, connection.dialect.name):
            connection.execute(text(statement))


company_copy(StatusChange.__table__)
company_copy(SubmissionNote.__table__)
