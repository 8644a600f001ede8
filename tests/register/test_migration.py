"""The register migration on a database filled by the previous schema: every 統一編號 linked."""

from flask_migrate import upgrade
from sqlalchemy import text

from smeup.extensions import db
from tests.register.migrating import migration_url, reset_for_migrations

PREVIOUS = "71361e514585"
ROWS = [
    # id, 統一編號, name, phone, submitted_at
    (1, "22099131", "綠能五金行", "0422223333", "2025-03-01 02:00:00"),
    (2, "04541302", "海風民宿", "0899123456", "2025-04-01 02:00:00"),
    (3, "22099131", "綠能五金有限公司", "0911222333", "2026-05-01 02:00:00"),
    (4, None, "無統編小吃", "0277778888", "2026-05-02 02:00:00"),
    (5, "22099131", "綠能五金（舊）", "0400000000", "2024-01-01 02:00:00"),
    (6, "", "空白統編", "0211111111", "2026-05-03 02:00:00"),
]
INSERT = text(
    "INSERT INTO submission (id, form_type, channel, submitted_at, status, submission_key,"
    " content_hash, result_token, company_name, ubn, contact_name, contact_phone, consent)"
    " VALUES (:id, 'course', 'web', :at, '已收件', :key, 'h', :token, :name, :ubn, '王先生',"
    " :phone, :consent)"
)


def _fill_previous_schema():
    for sid, ubn, name, phone, at in ROWS:
        db.session.execute(
            INSERT,
            {
                "id": sid,
                "at": at,
                "key": f"key-{sid}",
                "token": f"token-{sid}",
                "name": name,
                "ubn": ubn,
                "phone": phone,
                "consent": True,
            },
        )
    db.session.commit()


def test_migration_links_every_submission_with_a_ubn_and_loses_none(
    make_app, database_url, tmp_path
):
    url = migration_url(database_url, tmp_path)
    app = make_app(SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        reset_for_migrations(url)
        upgrade(revision=PREVIOUS)
        _fill_previous_schema()
        upgrade()
        rows = db.session.execute(
            text("SELECT id, ubn, company_id FROM submission ORDER BY id")
        ).all()
        companies = db.session.execute(
            text("SELECT id, ubn, name, contact_phone FROM company ORDER BY ubn")
        ).all()
        reset_for_migrations(url)
        if url.startswith("postgresql"):
            db.create_all()  # leave the shared test database as the other tests expect
    assert [r.id for r in rows] == [sid for sid, *_ in ROWS]  # none lost
    by_ubn = {c.ubn: c for c in companies}
    assert sorted(by_ubn) == ["04541302", "22099131"]
    for row in rows:
        if row.ubn:
            assert row.company_id == by_ubn[row.ubn].id
        else:
            assert row.company_id is None
    # The company's current fields are its latest submission's (id 3, sent 2026-05-01).
    assert (by_ubn["22099131"].name, by_ubn["22099131"].contact_phone) == (
        "綠能五金有限公司",
        "0911222333",
    )
