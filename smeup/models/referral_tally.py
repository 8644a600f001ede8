"""Referral tallies kept by the database itself: the dashboard's referral figures without
reading the referrals.

The dashboard shows referrals by service unit and status, and the median days from check to
已聯繫 (register/queues.py). Counting them is a GROUP BY over every referral; the tallies hold
the counts instead, a handful of rows whatever the number of referrals:

- referral_tally: how many referrals have each (unit, status);
- referral_contact_tally: how many referrals with days_to_contact have each tenth of a day,
  floor(days_to_contact * 10); the median is then found in its tenth (queues.py).

Triggers on referral keep them, whatever code writes (the ORM's refer and move, bulk SQL,
purges, bench/fill_register.py's raw inserts): a row inserted adds one to its keys, a row
deleted takes one away, an update that changes unit, status or days_to_contact moves one from
the old key to the new. Counts that fall to zero stay as rows (read as nothing). Triggers and
functions are not in the models' metadata (Alembic does not compare them): the DDL below runs
after create_all makes the referral table, and migration b2c0rf32 makes the same.
"""

from sqlalchemy import event, text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .register import Referral


class ReferralTally(db.Model):
    """How many referrals have this unit and status (kept by triggers on referral)."""

    unit: Mapped[str] = mapped_column(db.String(20), primary_key=True)
    status: Mapped[str] = mapped_column(db.String(10), primary_key=True)
    referrals: Mapped[int]


class ReferralContactTally(db.Model):
    """How many referrals reached 已聯繫 in this tenth of a day: floor(days_to_contact * 10)
    (kept by triggers on referral)."""

    tenth: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    referrals: Mapped[int]


# floor(x * 10) as an integer, the same on both databases (both multiply the same doubles).
# SQLite's CAST truncates toward zero: one less when that went up (a negative fraction).
TENTH = {
    "sqlite": "(CAST({x} * 10 AS INTEGER) - ({x} * 10 < CAST({x} * 10 AS INTEGER)))",
    "postgresql": "floor({x} * 10)::int",
}


def tenth_sql(column: str, dialect: str) -> str:
    """SQL for the tenth of a day that `column` (days, a float) falls in."""
    return TENTH[dialect].format(x=column)


def _add(table: str, keys: str, values: list[str], referrals: int, dialect: str, where=None):
    """An UPSERT adding `referrals` to the tally row of these key values; with `where`, only
    when it holds (a SELECT then: SQLite's parser wants a WHERE in an UPSERT from a SELECT)."""
    row = ", ".join([*values, str(referrals)])
    source = f"SELECT {row} WHERE {where}" if where else f"VALUES ({row})"
    target = f"{table}.referrals" if dialect == "postgresql" else "referrals"
    return (
        f"INSERT INTO {table} ({keys}, referrals) {source} ON CONFLICT ({keys}) "
        f"DO UPDATE SET referrals = {target} + excluded.referrals"
    )


def _status(row: str, referrals: int, dialect: str) -> str:
    values = [f"{row}.unit", f"{row}.status"]
    return _add("referral_tally", "unit, status", values, referrals, dialect)


def _contact(row: str, referrals: int, dialect: str, where: str | None = None) -> str:
    values = [tenth_sql(f"{row}.days_to_contact", dialect)]
    return _add("referral_contact_tally", "tenth", values, referrals, dialect, where)


def _postgres() -> list[str]:
    def function(name: str, old: str, new: str, key: str) -> str:
        # An update moves one from the old key's row to the new one's: the two rows are taken
        # in key order, so two officers moving referrals in opposite directions at once never
        # wait on each other in a cycle (a deadlock PostgreSQL would end by aborting one).
        new_first = f"TG_OP = 'UPDATE' AND {key.format(row='NEW')} < {key.format(row='OLD')}"
        return (
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF {new_first} THEN {new} {old} ELSE "
            f"IF TG_OP <> 'INSERT' THEN {old} END IF; "
            f"IF TG_OP <> 'DELETE' THEN {new} END IF; "
            f"END IF; RETURN NULL; END $$"
        )

    def known(row: str, statement: str) -> str:
        return f"IF {row}.days_to_contact IS NOT NULL THEN {statement}; END IF;"

    return [
        function(
            "referral_tally_keep",
            _status("OLD", -1, "postgresql") + ";",
            _status("NEW", 1, "postgresql") + ";",
            "({row}.unit, {row}.status)",
        ),
        "DROP TRIGGER IF EXISTS referral_tally_aid ON referral",
        "CREATE TRIGGER referral_tally_aid AFTER INSERT OR DELETE ON referral "
        "FOR EACH ROW EXECUTE FUNCTION referral_tally_keep()",
        "DROP TRIGGER IF EXISTS referral_tally_au ON referral",
        "CREATE TRIGGER referral_tally_au AFTER UPDATE OF unit, status ON referral "
        "FOR EACH ROW WHEN (OLD.unit IS DISTINCT FROM NEW.unit "
        "OR OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION referral_tally_keep()",
        function(
            "referral_contact_tally_keep",
            known("OLD", _contact("OLD", -1, "postgresql")),
            known("NEW", _contact("NEW", 1, "postgresql")),
            tenth_sql("{row}.days_to_contact", "postgresql"),
        ),
        "DROP TRIGGER IF EXISTS referral_contact_tally_aid ON referral",
        "CREATE TRIGGER referral_contact_tally_aid AFTER INSERT OR DELETE ON referral "
        "FOR EACH ROW EXECUTE FUNCTION referral_contact_tally_keep()",
        "DROP TRIGGER IF EXISTS referral_contact_tally_au ON referral",
        "CREATE TRIGGER referral_contact_tally_au AFTER UPDATE OF days_to_contact ON referral "
        "FOR EACH ROW WHEN (OLD.days_to_contact IS DISTINCT FROM NEW.days_to_contact) "
        "EXECUTE FUNCTION referral_contact_tally_keep()",
    ]


def _sqlite() -> list[str]:
    def trigger(name: str, on: str, when: str, *statements: str) -> str:
        condition = f"WHEN {when} " if when else ""
        body = "".join(f"{s}; " for s in statements)
        return (
            f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {on} ON referral {condition}BEGIN {body}END"
        )

    changed = "OLD.days_to_contact IS NOT NEW.days_to_contact"
    return [
        trigger("referral_tally_ai", "INSERT", None, _status("NEW", 1, "sqlite")),
        trigger("referral_tally_ad", "DELETE", None, _status("OLD", -1, "sqlite")),
        trigger(
            "referral_tally_au",
            "UPDATE OF unit, status",
            "OLD.unit IS NOT NEW.unit OR OLD.status IS NOT NEW.status",
            _status("OLD", -1, "sqlite"),
            _status("NEW", 1, "sqlite"),
        ),
        trigger(
            "referral_contact_tally_ai",
            "INSERT",
            "NEW.days_to_contact IS NOT NULL",
            _contact("NEW", 1, "sqlite"),
        ),
        trigger(
            "referral_contact_tally_ad",
            "DELETE",
            "OLD.days_to_contact IS NOT NULL",
            _contact("OLD", -1, "sqlite"),
        ),
        trigger(
            "referral_contact_tally_au",
            "UPDATE OF days_to_contact",
            changed,
            _contact("OLD", -1, "sqlite", "OLD.days_to_contact IS NOT NULL"),
            _contact("NEW", 1, "sqlite", "NEW.days_to_contact IS NOT NULL"),
        ),
    ]


def tally_ddl(dialect: str) -> list[str]:
    """The statements that make the triggers keeping the tallies (the tables exist)."""
    return {"sqlite": _sqlite, "postgresql": _postgres}.get(dialect, list)()


def drop_ddl(dialect: str) -> list[str]:
    """What dropping the referral table leaves behind (PostgreSQL's trigger functions)."""
    if dialect == "postgresql":
        return [
            "DROP FUNCTION IF EXISTS referral_tally_keep()",
            "DROP FUNCTION IF EXISTS referral_contact_tally_keep()",
        ]
    return []


def backfill_sql(dialect: str) -> list[str]:
    """The statements that count the referrals already there into empty tallies."""
    tenth = tenth_sql("days_to_contact", dialect)
    return [
        "INSERT INTO referral_tally (unit, status, referrals) "
        "SELECT unit, status, count(*) FROM referral GROUP BY unit, status",
        f"INSERT INTO referral_contact_tally (tenth, referrals) "  # noqa: S608
        f"SELECT {tenth}, count(*) FROM referral WHERE days_to_contact IS NOT NULL "
        f"GROUP BY {tenth}",
    ]


# The tallies are made before referral and emptied after it (create_all, drop_all, the tests'
# deletes in reverse order): deleting referrals then leaves counts of zero, not below.
for _tally in (ReferralTally.__table__, ReferralContactTally.__table__):
    Referral.__table__.add_is_dependent_on(_tally)


@event.listens_for(Referral.__table__, "after_create")
def _make(target, connection, **_kw):
    for statement in tally_ddl(connection.dialect.name):
        connection.execute(text(statement))


@event.listens_for(Referral.__table__, "after_drop")
def _drop(target, connection, **_kw):
    for statement in drop_ddl(connection.dialect.name):
        connection.execute(text(statement))
