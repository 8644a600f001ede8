"""Migration b2c0of35 on a database filled by the previous schema: each rollup row gets how many
of its submissions came from a kiosk's outbox, and later writes keep the count."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from smeup.extensions import db
from smeup.rollups import rebuild
from tests.register.migrating import migration_url, reset_for_migrations

PREVIOUS = "b2c0ml34"
ROWS = [
    # id, channel, Taipei day (UTC time), via_outbox
    (1, "roadshow", "2026-05-01 02:00:00", True),
    (2, "roadshow", "2026-05-01 03:00:00", True),
    (3, "roadshow", "2026-05-01 04:00:00", False),
    (4, "web", "2026-05-01 05:00:00", False),
    (5, "roadshow", "2026-04-30 17:00:00", True),  # 2026-05-01 01:00 in Taipei
    (6, "roadshow", "2026-05-02 02:00:00", True),
]
INSERT = text(
    "INSERT INTO submission (id, form_type, channel, submitted_at, status, submission_key,"
    " content_hash, result_token, company_name, ubn, contact_name, contact_phone, consent,"
    " via_outbox, county, segment) VALUES (:id, 'netzero', :channel, :at, '已收件', :key, 'h',"
    " :token, '綠能五金有限公司', NULL, '王先生', '0422223333', true, :outbox, '臺中市', '高')"
)


def _offline_by_row() -> dict:
    rows = db.session.execute(
        text(
            "SELECT channel, CAST(day AS VARCHAR(10)), submissions, offline FROM submission_rollup"
        )
    )
    return {(c, str(d)[:10]): (n, o) for c, d, n, o in rows}


def test_the_migration_counts_offline_arrivals_per_rollup_row(make_app, database_url, tmp_path):
    url = migration_url(database_url, tmp_path)
    app = make_app(SQLALCHEMY_DATABASE_URI=url)
    with app.test_request_context():
        reset_for_migrations(url)
        upgrade(revision=PREVIOUS)
        db.session.execute(
            INSERT,
            [
                {"id": i, "channel": c, "at": at, "outbox": o, "key": f"k{i}", "token": f"t{i}"}
                for i, c, at, o in ROWS
            ],
        )
        db.session.execute(
            text(
                "INSERT INTO submission_rollup (form_type, day, channel, county, segment, status,"
                " submissions, total_tco2e) VALUES"
                " ('netzero', '2026-05-01', 'roadshow', '臺中市', '高', '已收件', 4, 0),"
                " ('netzero', '2026-05-01', 'web', '臺中市', '高', '已收件', 1, 0),"
                " ('netzero', '2026-05-02', 'roadshow', '臺中市', '高', '已收件', 1, 0)"
            )
        )
        db.session.commit()
        upgrade()
        try:
            assert _offline_by_row() == {
                ("roadshow", "2026-05-01"): (4, 3),
                ("web", "2026-05-01"): (1, 0),
                ("roadshow", "2026-05-02"): (1, 1),
            }
            # A rebuild (bulk loads) counts the same.
            rebuild(db.session)
            db.session.commit()
            assert _offline_by_row()[("roadshow", "2026-05-01")] == (4, 3)
        finally:
            db.session.rollback()  # nothing of ours holds the table while it is altered
            downgrade(revision=PREVIOUS)
        columns = {c["name"] for c in inspect(db.engine).get_columns("submission_rollup")}
        assert "offline" not in columns
        db.session.remove()
