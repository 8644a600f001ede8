"""mail messages and unsubscribes (mail.md)

Revision ID: b2c0mail27
Revises: b2c0trn26
Create Date: 2026-12-07 17:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "b2c0mail27"
down_revision = "b2c0trn26"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "mail_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("to_address", sa.String(length=254), nullable=False),
        sa.Column("template", sa.String(length=80), nullable=False),
        sa.Column("context", sa.JSON(), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body_text", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("message_id", sa.String(length=255), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("send_after", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("claim", sa.String(length=32), nullable=True),
        sa.Column("lease_until", sa.DateTime(), nullable=True),
        sa.Column("handed_at", sa.DateTime(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_message")),
        sa.UniqueConstraint("key", name=op.f("uq_mail_message_key")),
    )
    with op.batch_alter_table("mail_message", schema=None) as batch_op:
        batch_op.create_index("ix_mail_message_due", ["state", "send_after", "id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_mail_message_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_mail_message_to_address"), ["to_address"], unique=False
        )

    op.create_table(
        "mail_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("mime_type", sa.String(length=100), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["mail_message.id"],
            name=op.f("fk_mail_attachment_message_id_mail_message"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_attachment")),
    )
    with op.batch_alter_table("mail_attachment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mail_attachment_message_id"), ["message_id"], unique=False
        )

    op.create_table(
        "mail_unsubscribe",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_unsubscribe")),
        sa.UniqueConstraint("address", "kind", name=op.f("uq_mail_unsubscribe_address")),
    )


def downgrade():
    op.drop_table("mail_unsubscribe")
    with op.batch_alter_table("mail_attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mail_attachment_message_id"))
    op.drop_table("mail_attachment")
    with op.batch_alter_table("mail_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mail_message_to_address"))
        batch_op.drop_index(batch_op.f("ix_mail_message_created_at"))
        batch_op.drop_index("ix_mail_message_due")
    op.drop_table("mail_message")
