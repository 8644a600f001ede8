"""ix_referral_check_at: the report reads a period's referrals by their check's time

Revision ID: b2c0rc36
Revises: b2c0of35
Create Date: 2026-12-09 00:20:00

The report's referral figures found a period's referrals through the period's checks (every
check of the quarter probed for its referrals). check_at, the check's time copied onto each
referral, now has an index, so the figures read only the period's referrals.
"""

from alembic import op

revision = "b2c0rc36"
down_revision = "b2c0of35"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_referral_check_at", "referral", ["check_at"], unique=False)


def downgrade():
    op.drop_index("ix_referral_check_at", table_name="referral")
