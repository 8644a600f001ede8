"""outbox hold kiosk: which kiosk session delivered a held entry (each may hold only so many)

Revision ID: b2c0sec23obx
Revises: b2c0sec23imp
Create Date: 2026-12-07 14:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "b2c0sec23obx"
down_revision = "b2c0sec23imp"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_hold", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kiosk_ref", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_outbox_hold_kiosk_ref"), ["kiosk_ref"], unique=False)


def downgrade():
    with op.batch_alter_table("outbox_hold", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_hold_kiosk_ref"))
        batch_op.drop_column("kiosk_ref")
