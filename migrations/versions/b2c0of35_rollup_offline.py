"""submission_rollup.offline: how many of a rollup row's submissions came from a kiosk's outbox

Revision ID: b2c0of35
Revises: b2c0ml34
Create Date: 2026-12-09 00:10:00

The report's 離線送達比率 counted the period's submissions with via_outbox by reading them; the
rollup now keeps the count beside each row's submissions (smeup/rollups.py), so the figure is a
sum of rollup rows. Existing rows are counted once from the submissions.
"""

import sqlalchemy as sa
from alembic import op

revision = "b2c0of35"
down_revision = "b2c0ml34"
branch_labels = None
depends_on = None


def _day(dialect: str) -> str:
    if dialect == "sqlite":
        return "date(s.submitted_at, '+8 hours')"
    return "CAST(s.submitted_at + INTERVAL '8 hours' AS DATE)"


def upgrade():
    with op.batch_alter_table("submission_rollup") as batch:
        batch.add_column(
            sa.Column("offline", sa.BigInteger(), nullable=False, server_default="0")
        )
    conn = op.get_bind()
    day = _day(conn.dialect.name)
    # The rows with any offline arrival get their count, grouped once (the rest stay 0).
    conn.execute(
        sa.text(
            "UPDATE submission_rollup SET offline = o.n FROM ("  # noqa: S608
            f"SELECT s.form_type AS form_type, {day} AS day, coalesce(s.channel, '') AS channel, "
            "coalesce(s.county, '') AS county, coalesce(s.segment, '') AS segment, "
            "s.status AS status, count(*) AS n FROM submission s WHERE s.via_outbox "
            f"GROUP BY s.form_type, {day}, coalesce(s.channel, ''), coalesce(s.county, ''), "
            "coalesce(s.segment, ''), s.status) AS o "
            "WHERE submission_rollup.form_type = o.form_type AND submission_rollup.day = o.day "
            "AND submission_rollup.channel = o.channel AND submission_rollup.county = o.county "
            "AND submission_rollup.segment = o.segment AND submission_rollup.status = o.status"
        )
    )


def downgrade():
    with op.batch_alter_table("submission_rollup") as batch:
        batch.drop_column("offline")
