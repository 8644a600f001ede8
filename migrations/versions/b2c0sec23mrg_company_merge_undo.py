"""company merge undo: an admin may undo a merge; the merge row keeps when, by whom and why

Revision ID: b2c0sec23mrg
Revises: b2c0cokey11c
Create Date: 2026-12-01 10:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "b2c0sec23mrg"
down_revision = "b2c0cokey11c"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("company_merge", schema=None) as batch_op:
        batch_op.add_column(sa.Column("undone_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("undone_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("undo_reason", sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_company_merge_undone_by_id_user"), "user", ["undone_by_id"], ["id"]
        )


def downgrade():
    with op.batch_alter_table("company_merge", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_company_merge_undone_by_id_user"), type_="foreignkey"
        )
        batch_op.drop_column("undo_reason")
        batch_op.drop_column("undone_by_id")
        batch_op.drop_column("undone_at")
