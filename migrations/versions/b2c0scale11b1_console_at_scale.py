"""console at a million submissions: list indexes, search key, segment, rollup table

Revision ID: b2c0scale11b1
Revises: b2c0sec11a01
Create Date: 2026-11-30 14:40:00

"""

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "b2c0scale11b1"
down_revision = 'b2c0sec11a01'
branch_labels = None
depends_on = None

OLD_INDEXES = ("county", "form_type", "status", "submitted_at", "ubn")
NEW_INDEXES = {
    "ix_submission_form_time": ["form_type", "submitted_at", "id"],
    "ix_submission_form_county_segment": ["form_type", "county", "segment", "submitted_at", "id"],
    "ix_submission_form_segment": ["form_type", "segment", "submitted_at", "id"],
    "ix_submission_form_status": ["form_type", "status", "submitted_at", "id"],
    "ix_submission_form_channel": ["form_type", "channel", "submitted_at", "id"],
    "ix_submission_form_name": ["form_type", "name_key", "submitted_at", "id"],
    "ix_submission_ubn_form": ["ubn", "form_type", "submitted_at", "id"],
}
SEARCH_KEY = sa.String(length=100).with_variant(sa.String(length=100, collation="C"), "postgresql")
BATCH = 5000


def _name_key(name):
    # The same folding as smeup.models.submission.name_key (copied: migrations stay frozen).
    text = unicodedata.normalize("NFKC", name or "").casefold()
    return "".join(text.split()).replace("台", "臺")[:100]


def _fill_name_keys(conn):
    last = 0
    while True:
        rows = conn.execute(
            sa.text(
                "SELECT id, company_name FROM submission WHERE id > :last ORDER BY id LIMIT :n"
            ),
            {"last": last, "n": BATCH},
        ).all()
        if not rows:
            return
        conn.execute(
            sa.text("UPDATE submission SET name_key = :key WHERE id = :id"),
            [{"id": i, "key": _name_key(name)} for i, name in rows],
        )
        last = rows[-1][0]


def _fill_segments(conn):
    for form_type, sql in (
        ("netzero", "SELECT n.urgency FROM netzero_check n WHERE n.submission_id = submission.id"),
        ("sbtr", "SELECT p.category FROM sbtr_proposal p WHERE p.submission_id = submission.id"),
        (
            "course",
            "SELECT CAST(c.survey_id AS VARCHAR(16)) FROM course_response c "
            "WHERE c.submission_id = submission.id",
        ),
    ):
        conn.execute(
            sa.text(f"UPDATE submission SET segment = ({sql}) WHERE form_type = :f"),  # noqa: S608
            {"f": form_type},
        )


def _day(dialect):
    if dialect == "sqlite":
        return "date(s.submitted_at, '+8 hours')"
    return "CAST(s.submitted_at + INTERVAL '8 hours' AS DATE)"


def _fill_rollup(conn):
    day = _day(conn.dialect.name)
    keys = (
        f"s.form_type, {day}, coalesce(s.channel, ''), coalesce(s.county, ''), "
        "coalesce(s.segment, ''), s.status"
    )
    conn.execute(
        sa.text(
            "INSERT INTO submission_rollup (form_type, day, channel, county, segment, status, "  # noqa: S608
            f"submissions, total_tco2e) SELECT {keys}, count(*), coalesce(sum(n.total_tco2e), 0) "
            "FROM submission s LEFT JOIN netzero_check n ON n.submission_id = s.id "
            f"GROUP BY {keys}"
        )
    )


def upgrade():
    # Plain ALTERs, no batch copy: on SQLite a copy would drop a table others refer to.
    op.add_column("submission", sa.Column("segment", sa.String(length=16), nullable=True))
    op.add_column(
        "submission", sa.Column("name_key", SEARCH_KEY, nullable=False, server_default="")
    )
    conn = op.get_bind()
    _fill_name_keys(conn)
    _fill_segments(conn)
    for column in OLD_INDEXES:
        op.drop_index(f"ix_submission_{column}", table_name="submission")
    for name, columns in NEW_INDEXES.items():
        op.create_index(name, "submission", columns, unique=False)

    op.create_table(
        "submission_rollup",
        sa.Column("form_type", sa.String(length=16), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("county", sa.String(length=10), nullable=False),
        sa.Column("segment", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("submissions", sa.BigInteger(), nullable=False),
        sa.Column("total_tco2e", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint(
            "form_type",
            "day",
            "channel",
            "county",
            "segment",
            "status",
            name=op.f("pk_submission_rollup"),
        ),
    )
    op.create_index("ix_submission_rollup_day", "submission_rollup", ["day"], unique=False)
    _fill_rollup(conn)


def downgrade():
    op.drop_index("ix_submission_rollup_day", table_name="submission_rollup")
    op.drop_table("submission_rollup")
    for name in NEW_INDEXES:
        op.drop_index(name, table_name="submission")
    for column in OLD_INDEXES:
        op.create_index(f"ix_submission_{column}", "submission", [column], unique=False)
    op.drop_column("submission", "name_key")  # SQLite ≥ 3.35 drops columns in place
    op.drop_column("submission", "segment")
