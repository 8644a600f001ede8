"""referral tallies: the dashboard's referral figures without reading every referral

Revision ID: b2c0rf32
Revises: b2c0bg31
Create Date: 2026-12-08 12:00:00

The dashboard's referrals by unit and status, and its median days from check to 已聯繫, were a
GROUP BY over every referral and an OFFSET of half the contacted ones. Two tallies hold the
counts instead: referral_tally (unit, status) and referral_contact_tally (tenths of a day,
floor(days_to_contact * 10)), kept by the database itself: triggers on SQLite, plpgsql trigger
functions on PostgreSQL (smeup/models/referral_tally.py makes the same after create_all). The
referrals already there are counted in one statement per tally, before the triggers are made.
The statements are written out here, as they were at this revision.
"""

import sqlalchemy as sa
from alembic import op

revision = "b2c0rf32"
down_revision = "b2c0bg31"
branch_labels = None
depends_on = None

SQLITE = [
    "CREATE TRIGGER IF NOT EXISTS referral_tally_ai AFTER INSERT ON referral BEGIN INSERT "
    "INTO referral_tally (unit, status, referrals) VALUES (NEW.unit, NEW.status, 1) ON "
    "CONFLICT (unit, status) DO UPDATE SET referrals = referrals + excluded.referrals; END",
    "CREATE TRIGGER IF NOT EXISTS referral_tally_ad AFTER DELETE ON referral BEGIN INSERT "
    "INTO referral_tally (unit, status, referrals) VALUES (OLD.unit, OLD.status, -1) ON "
    "CONFLICT (unit, status) DO UPDATE SET referrals = referrals + excluded.referrals; END",
    "CREATE TRIGGER IF NOT EXISTS referral_tally_au AFTER UPDATE OF unit, status ON referral "
    "WHEN OLD.unit IS NOT NEW.unit OR OLD.status IS NOT NEW.status BEGIN INSERT INTO "
    "referral_tally (unit, status, referrals) VALUES (OLD.unit, OLD.status, -1) ON CONFLICT "
    "(unit, status) DO UPDATE SET referrals = referrals + excluded.referrals; INSERT INTO "
    "referral_tally (unit, status, referrals) VALUES (NEW.unit, NEW.status, 1) ON CONFLICT "
    "(unit, status) DO UPDATE SET referrals = referrals + excluded.referrals; END",
    "CREATE TRIGGER IF NOT EXISTS referral_contact_tally_ai AFTER INSERT ON referral WHEN "
    "NEW.days_to_contact IS NOT NULL BEGIN INSERT INTO referral_contact_tally (tenth, "
    "referrals) VALUES ((CAST(NEW.days_to_contact * 10 AS INTEGER) - (NEW.days_to_contact * "
    "10 < CAST(NEW.days_to_contact * 10 AS INTEGER))), 1) ON CONFLICT (tenth) DO UPDATE SET "
    "referrals = referrals + excluded.referrals; END",
    "CREATE TRIGGER IF NOT EXISTS referral_contact_tally_ad AFTER DELETE ON referral WHEN "
    "OLD.days_to_contact IS NOT NULL BEGIN INSERT INTO referral_contact_tally (tenth, "
    "referrals) VALUES ((CAST(OLD.days_to_contact * 10 AS INTEGER) - (OLD.days_to_contact * "
    "10 < CAST(OLD.days_to_contact * 10 AS INTEGER))), -1) ON CONFLICT (tenth) DO UPDATE SET "
    "referrals = referrals + excluded.referrals; END",
    "CREATE TRIGGER IF NOT EXISTS referral_contact_tally_au AFTER UPDATE OF days_to_contact "
    "ON referral WHEN OLD.days_to_contact IS NOT NEW.days_to_contact BEGIN INSERT INTO "
    "referral_contact_tally (tenth, referrals) SELECT (CAST(OLD.days_to_contact * 10 AS "
    "INTEGER) - (OLD.days_to_contact * 10 < CAST(OLD.days_to_contact * 10 AS INTEGER))), -1 "
    "WHERE OLD.days_to_contact IS NOT NULL ON CONFLICT (tenth) DO UPDATE SET referrals = "
    "referrals + excluded.referrals; INSERT INTO referral_contact_tally (tenth, referrals) "
    "SELECT (CAST(NEW.days_to_contact * 10 AS INTEGER) - (NEW.days_to_contact * 10 < "
    "CAST(NEW.days_to_contact * 10 AS INTEGER))), 1 WHERE NEW.days_to_contact IS NOT NULL ON "
    "CONFLICT (tenth) DO UPDATE SET referrals = referrals + excluded.referrals; END",
]
POSTGRES = [
    "CREATE OR REPLACE FUNCTION referral_tally_keep() RETURNS trigger LANGUAGE plpgsql AS"
    " $$ BEGIN IF TG_OP = 'UPDATE' AND (NEW.unit, NEW.status) < (OLD.unit, OLD.status) "
    "THEN INSERT INTO referral_tally (unit, status, referrals) VALUES (NEW.unit, "
    "NEW.status, 1) ON CONFLICT (unit, status) DO UPDATE SET referrals = "
    "referral_tally.referrals + excluded.referrals; INSERT INTO referral_tally (unit, "
    "status, referrals) VALUES (OLD.unit, OLD.status, -1) ON CONFLICT (unit, status) DO "
    "UPDATE SET referrals = referral_tally.referrals + excluded.referrals; ELSE IF TG_OP "
    "<> 'INSERT' THEN INSERT INTO referral_tally (unit, status, referrals) VALUES "
    "(OLD.unit, OLD.status, -1) ON CONFLICT (unit, status) DO UPDATE SET referrals = "
    "referral_tally.referrals + excluded.referrals; END IF; IF TG_OP <> 'DELETE' THEN "
    "INSERT INTO referral_tally (unit, status, referrals) VALUES (NEW.unit, NEW.status, "
    "1) ON CONFLICT (unit, status) DO UPDATE SET referrals = referral_tally.referrals + "
    "excluded.referrals; END IF; END IF; RETURN NULL; END $$",
    "DROP TRIGGER IF EXISTS referral_tally_aid ON referral",
    "CREATE TRIGGER referral_tally_aid AFTER INSERT OR DELETE ON referral FOR EACH ROW "
    "EXECUTE FUNCTION referral_tally_keep()",
    "DROP TRIGGER IF EXISTS referral_tally_au ON referral",
    "CREATE TRIGGER referral_tally_au AFTER UPDATE OF unit, status ON referral FOR EACH "
    "ROW WHEN (OLD.unit IS DISTINCT FROM NEW.unit OR OLD.status IS DISTINCT FROM "
    "NEW.status) EXECUTE FUNCTION referral_tally_keep()",
    "CREATE OR REPLACE FUNCTION referral_contact_tally_keep() RETURNS trigger LANGUAGE "
    "plpgsql AS $$ BEGIN IF TG_OP = 'UPDATE' AND floor(NEW.days_to_contact * 10)::int < "
    "floor(OLD.days_to_contact * 10)::int THEN IF NEW.days_to_contact IS NOT NULL THEN "
    "INSERT INTO referral_contact_tally (tenth, referrals) VALUES "
    "(floor(NEW.days_to_contact * 10)::int, 1) ON CONFLICT (tenth) DO UPDATE SET "
    "referrals = referral_contact_tally.referrals + excluded.referrals; END IF; IF "
    "OLD.days_to_contact IS NOT NULL THEN INSERT INTO referral_contact_tally (tenth, "
    "referrals) VALUES (floor(OLD.days_to_contact * 10)::int, -1) ON CONFLICT (tenth) DO "
    "UPDATE SET referrals = referral_contact_tally.referrals + excluded.referrals; END "
    "IF; ELSE IF TG_OP <> 'INSERT' THEN IF OLD.days_to_contact IS NOT NULL THEN INSERT "
    "INTO referral_contact_tally (tenth, referrals) VALUES (floor(OLD.days_to_contact * "
    "10)::int, -1) ON CONFLICT (tenth) DO UPDATE SET referrals = "
    "referral_contact_tally.referrals + excluded.referrals; END IF; END IF; IF TG_OP <> "
    "'DELETE' THEN IF NEW.days_to_contact IS NOT NULL THEN INSERT INTO "
    "referral_contact_tally (tenth, referrals) VALUES (floor(NEW.days_to_contact * "
    "10)::int, 1) ON CONFLICT (tenth) DO UPDATE SET referrals = "
    "referral_contact_tally.referrals + excluded.referrals; END IF; END IF; END IF; "
    "RETURN NULL; END $$",
    "DROP TRIGGER IF EXISTS referral_contact_tally_aid ON referral",
    "CREATE TRIGGER referral_contact_tally_aid AFTER INSERT OR DELETE ON referral FOR "
    "EACH ROW EXECUTE FUNCTION referral_contact_tally_keep()",
    "DROP TRIGGER IF EXISTS referral_contact_tally_au ON referral",
    "CREATE TRIGGER referral_contact_tally_au AFTER UPDATE OF days_to_contact ON referral"
    " FOR EACH ROW WHEN (OLD.days_to_contact IS DISTINCT FROM NEW.days_to_contact) "
    "EXECUTE FUNCTION referral_contact_tally_keep()",
]
SQLITE_BACKFILL = [
    "INSERT INTO referral_tally (unit, status, referrals) SELECT unit, status, count(*) FROM "
    "referral GROUP BY unit, status",
    "INSERT INTO referral_contact_tally (tenth, referrals) SELECT (CAST(days_to_contact * 10 "
    "AS INTEGER) - (days_to_contact * 10 < CAST(days_to_contact * 10 AS INTEGER))), count(*) "
    "FROM referral WHERE days_to_contact IS NOT NULL GROUP BY (CAST(days_to_contact * 10 AS "
    "INTEGER) - (days_to_contact * 10 < CAST(days_to_contact * 10 AS INTEGER)))",
]
POSTGRES_BACKFILL = [
    "INSERT INTO referral_tally (unit, status, referrals) SELECT unit, status, count(*) FROM "
    "referral GROUP BY unit, status",
    "INSERT INTO referral_contact_tally (tenth, referrals) SELECT floor(days_to_contact * "
    "10)::int, count(*) FROM referral WHERE days_to_contact IS NOT NULL GROUP BY "
    "floor(days_to_contact * 10)::int",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS referral_tally_ai",
    "DROP TRIGGER IF EXISTS referral_tally_ad",
    "DROP TRIGGER IF EXISTS referral_tally_au",
    "DROP TRIGGER IF EXISTS referral_contact_tally_ai",
    "DROP TRIGGER IF EXISTS referral_contact_tally_ad",
    "DROP TRIGGER IF EXISTS referral_contact_tally_au",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS referral_tally_aid ON referral",
    "DROP TRIGGER IF EXISTS referral_tally_au ON referral",
    "DROP TRIGGER IF EXISTS referral_contact_tally_aid ON referral",
    "DROP TRIGGER IF EXISTS referral_contact_tally_au ON referral",
    "DROP FUNCTION IF EXISTS referral_tally_keep()",
    "DROP FUNCTION IF EXISTS referral_contact_tally_keep()",
]


def upgrade():
    op.create_table(
        "referral_tally",
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("referrals", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("unit", "status", name=op.f("pk_referral_tally")),
    )
    op.create_table(
        "referral_contact_tally",
        sa.Column("tenth", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("referrals", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("tenth", name=op.f("pk_referral_contact_tally")),
    )
    dialect = op.get_bind().dialect.name
    made = {"sqlite": (SQLITE_BACKFILL, SQLITE), "postgresql": (POSTGRES_BACKFILL, POSTGRES)}
    backfill, triggers = made.get(dialect, ([], []))
    for statement in (*backfill, *triggers):  # the counts first: no trigger fires on them
        op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(dialect, []):
        op.execute(statement)
    op.drop_table("referral_contact_tally")
    op.drop_table("referral_tally")
