"""training_session.revised_at: when a session's time or place last changed

Revision ID: b2c0tr33
Revises: b2c0rf32
Create Date: 2026-12-08 23:40:00

Registered and waitlisted people are told by e-mail when an officer moves a session's time or
place; the calendar file then carries a SEQUENCE that grows with each such change (RFC 5545), so
a calendar that imports it replaces the old event. Existing sessions have never been revised.
"""

import sqlalchemy as sa
from alembic import op

revision = "b2c0tr33"
down_revision = "b2c0rf32"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("training_session") as batch:
        batch.add_column(sa.Column("revised_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("training_session") as batch:
        batch.drop_column("revised_at")
