"""training sessions, registrations, check-ins (training.md)

Revision ID: b2c0trn26
Revises: b2c0sec23obx
Create Date: 2026-12-07 17:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "b2c0trn26"
down_revision = "b2c0sec23obx"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "training_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("course_option_id", sa.Integer(), nullable=True),
        sa.Column("topic", sa.String(length=20), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("mode", sa.String(length=10), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("venue", sa.String(length=100), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("county", sa.String(length=10), nullable=False),
        sa.Column("meeting_url", sa.String(length=500), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("seats_taken", sa.Integer(), nullable=False),
        sa.Column("waitlist", sa.Boolean(), nullable=False),
        sa.Column("per_company", sa.Integer(), nullable=True),
        sa.Column("opens_at", sa.DateTime(), nullable=True),
        sa.Column("closes_at", sa.DateTime(), nullable=True),
        sa.Column("audience", sa.String(length=100), nullable=False),
        sa.Column("contact_name", sa.String(length=50), nullable=False),
        sa.Column("contact_phone", sa.String(length=30), nullable=False),
        sa.Column("contact_email", sa.String(length=254), nullable=False),
        sa.Column("course_test_id", sa.Integer(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(), nullable=True),
        sa.Column("cancel_reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["course_option_id"],
            ["survey_option.id"],
            name=op.f("fk_training_session_course_option_id_survey_option"),
        ),
        sa.ForeignKeyConstraint(
            ["course_test_id"],
            ["course_test.id"],
            name=op.f("fk_training_session_course_test_id_course_test"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user.id"], name=op.f("fk_training_session_created_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_training_session_event_id_event")
        ),
        sa.ForeignKeyConstraint(
            ["site_id"], ["site.id"], name=op.f("fk_training_session_site_id_site")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_session")),
    )
    with op.batch_alter_table("training_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_training_session_county"), ["county"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_training_session_course_option_id"), ["course_option_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_training_session_event_id"), ["event_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_training_session_site_id"), ["site_id"], unique=False)
        batch_op.create_index(
            "ix_training_session_starts", ["cancelled_at", "starts_at"], unique=False
        )

    op.create_table(
        "training_attendance_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_rows", sa.JSON(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.Column("applied_at", sa.DateTime(), nullable=True),
        sa.Column("applied_counts", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["training_session.id"],
            name=op.f("fk_training_attendance_import_session_id_training_session"),
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["user.id"],
            name=op.f("fk_training_attendance_import_uploaded_by_id_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_attendance_import")),
        sa.UniqueConstraint("token", name=op.f("uq_training_attendance_import_token")),
    )
    with op.batch_alter_table("training_attendance_import", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_training_attendance_import_session_id"), ["session_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_training_attendance_import_uploaded_at"), ["uploaded_at"], unique=False
        )

    op.create_table(
        "training_registration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=43), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("seated_at", sa.DateTime(), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(), nullable=True),
        sa.Column("cancelled_by", sa.String(length=10), nullable=False),
        sa.Column("company_name", sa.String(length=100), nullable=False),
        sa.Column("ubn", sa.String(length=8), nullable=True),
        sa.Column("county", sa.String(length=10), nullable=True),
        sa.Column("industry", sa.String(length=1), nullable=True),
        sa.Column("employees", sa.Integer(), nullable=True),
        sa.Column("paid_in_capital", sa.BigInteger(), nullable=True),
        sa.Column("company_id", sa.Integer(), nullable=True),
        sa.Column("attendee_name", sa.String(length=50), nullable=False),
        sa.Column("attendee_phone", sa.String(length=30), nullable=False),
        sa.Column("phone_last4", sa.String(length=4), nullable=False),
        sa.Column("attendee_email", sa.String(length=254), nullable=False),
        sa.Column("attendee_title", sa.String(length=50), nullable=False),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("entered_by_id", sa.Integer(), nullable=True),
        sa.Column("walk_in", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("attended", sa.Boolean(), nullable=False),
        sa.Column("checked_in_at", sa.DateTime(), nullable=True),
        sa.Column("checked_in_by_id", sa.Integer(), nullable=True),
        sa.Column("checkin_source", sa.String(length=10), nullable=False),
        sa.Column("minutes_present", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["checked_in_by_id"],
            ["user.id"],
            name=op.f("fk_training_registration_checked_in_by_id_user"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_training_registration_company_id_company")
        ),
        sa.ForeignKeyConstraint(
            ["entered_by_id"], ["user.id"], name=op.f("fk_training_registration_entered_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_training_registration_event_id_event")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["training_session.id"],
            name=op.f("fk_training_registration_session_id_training_session"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_registration")),
        sa.UniqueConstraint("code", name=op.f("uq_training_registration_code")),
        sa.UniqueConstraint("session_id", "attendee_email", name="uq_training_reg_email"),
        sa.UniqueConstraint("session_id", "attendee_phone", name="uq_training_reg_phone"),
        sa.UniqueConstraint("token", name=op.f("uq_training_registration_token")),
    )
    with op.batch_alter_table("training_registration", schema=None) as batch_op:
        batch_op.create_index(
            "ix_training_reg_session_last4", ["session_id", "phone_last4"], unique=False
        )
        batch_op.create_index(
            "ix_training_reg_session_status", ["session_id", "status", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_training_registration_company_id"), ["company_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_training_registration_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_training_registration_ubn"), ["ubn"], unique=False)


def downgrade():
    op.drop_table("training_registration")
    op.drop_table("training_attendance_import")
    op.drop_table("training_session")
