"""shop import rows: an upload keeps the rows read from its file; preview and confirm use them

Revision ID: b2c0sec23imp
Revises: b2c0sec23mrg
Create Date: 2026-12-01 11:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "b2c0sec23imp"
down_revision = "b2c0sec23mrg"
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN (nullable), never a batch copy. Uploads kept before have none: their
    # preview asks for the file again (unconfirmed ones are purged after 7 days anyway).
    op.add_column("shop_import", sa.Column("file_rows", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("shop_import", schema=None) as batch_op:
        batch_op.drop_column("file_rows")
