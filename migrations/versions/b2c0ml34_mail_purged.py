"""mail_message.purged_at: a message's content cleared after its keeping time

Revision ID: b2c0ml34
Revises: b2c0tr33
Create Date: 2026-12-08 23:50:00

`flask purge-drafts` now also clears what a sent or failed message carried (bodies, the context
it was rendered from, attachments such as a hand-off's XLSX, the recipient's name part) once it
is older than SMEUP_MAIL_KEEP_DAYS. The row stays (its key keeps the same cause from ever
writing a second message; the log still says what was sent when); purged_at says it was cleared.
"""

import sqlalchemy as sa
from alembic import op

revision = "b2c0ml34"
down_revision = "b2c0tr33"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("mail_message") as batch:
        batch.add_column(sa.Column("purged_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("mail_message") as batch:
        batch.drop_column("purged_at")
