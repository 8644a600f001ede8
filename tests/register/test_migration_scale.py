"""Migrations b2c0reg30 and b2c0tl31 on a database filled by the previous schema: the trigram
indexes hold the companies and unlinked forms already there, status changes and notes get their
form's company, and both keep up with later changes."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from smeup.extensions import db
from smeup.models import Submission
from smeup.models.register import Company
from smeup.phone.lookup import find_companies as phone_lookup
from smeup.register.linking import unlinked_matches
from smeup.register.search import find_companies
from tests.register.migrating import migration_url, reset_for_migrations

PREVIOUS = "b2c0mail27"
COMPANIES = [
    (1, "22099131", "綠能五金有限公司", "0422223333", "2026-05-01 02:00:00"),
    (2, "04541302", "海風民宿", "0899123456", "2026-04-01 02:00:00"),
]
SUBMISSIONS = [
    # id, company_id, name, phone, submitted_at
    (1, 1, "綠能五金有限公司", "0422223333", "2026-05-01 02:00:00"),
    (2, None, "綠能五金有限公司", "0911000000", "2026-05-02 02:00:00"),
    (3, None, "巷口五金小舖", "0422223333", "2026-05-03 02:00:00"),
    (4, None, "早餐店", "0277778888", "2026-05-04 02:00:00"),
]
REVIEWED = [1, 2]  # forms with a status change and a note: linked to company 1, unlinked


def _fill_previous_schema():
    for cid, ubn, name, phone, at in COMPANIES:
        db.session.execute(
            text(
                "INSERT INTO company (id, ubn, name, name_key, contact_name, contact_phone,"
                " latest_at, created_at) VALUES (:id, :ubn, :name, :name, '', :phone, :at, :at)"
            ),
            {"id": cid, "ubn": ubn, "name": name, "phone": phone, "at": at},
        )
    for sid, cid, name, phone, at in SUBMISSIONS:
        db.session.execute(
            text(
                "INSERT INTO submission (id, form_type, channel, submitted_at, status,"
                " submission_key, content_hash, result_token, company_name, ubn, contact_name,"
                " contact_phone, consent, company_id) VALUES (:id, 'course', 'web', :at,"
                " '已收件', :key, 'h', :token, :name, NULL, '王先生', :phone, true, :cid)"
            ),
            {
                "id": sid,
                "at": at,
                "key": f"key-{sid}",
                "token": f"token-{sid}",
                "name": name,
                "phone": phone,
                "cid": cid,
            },
        )
    for sid in REVIEWED:
        at = "2026-05-05 02:00:00"
        db.session.execute(
            text(
                "INSERT INTO status_change (id, submission_id, from_status, to_status, at)"
                " VALUES (:id, :sid, '已收件', '處理中', :at)"
            ),
            {"id": sid, "sid": sid, "at": at},
        )
        db.session.execute(
            text(
                "INSERT INTO submission_note (id, submission_id, text, at)"
                " VALUES (:id, :sid, '已電話聯絡', :at)"
            ),
            {"id": sid, "sid": sid, "at": at},
        )
    db.session.commit()


def _copies() -> dict[str, dict[int, int | None]]:
    """The company_id each status change and note holds, by its submission."""
    return {
        table: dict(
            db.session.execute(text(f"SELECT submission_id, company_id FROM {table}")).all()  # noqa: S608
        )
        for table in ("status_change", "submission_note")
    }


def _downgrade_and_back(url):
    """b2c0tl31 undone: the columns, indexes and triggers are gone and writes still work; then
    made again, it copies what is there."""
    db.session.remove()
    downgrade(revision="b2c0reg30")
    for table in ("status_change", "submission_note"):
        assert "company_id" not in {c["name"] for c in inspect(db.engine).get_columns(table)}
    db.session.execute(text("UPDATE submission SET company_id = 1 WHERE id = 2"))
    db.session.execute(
        text(
            "INSERT INTO status_change (id, submission_id, from_status, to_status, at)"
            " VALUES (3, 2, '處理中', '已結案', '2026-05-06 02:00:00')"
        )
    )
    db.session.commit()
    upgrade()
    assert _copies()["status_change"] == {1: 1, 2: 1}
    assert db.session.scalar(text("SELECT company_id FROM status_change WHERE id = 3")) == 1


def test_the_migration_indexes_what_is_there_and_follows_what_changes(
    make_app, database_url, tmp_path
):
    url = migration_url(database_url, tmp_path)
    app = make_app(SQLALCHEMY_DATABASE_URI=url)
    with app.test_request_context():
        reset_for_migrations(url)
        upgrade(revision=PREVIOUS)
        _fill_previous_schema()
        upgrade()
        try:
            assert [c.id for c in find_companies("五金")] == [1]
            assert [c.id for c in find_companies("五金有限")] == [1]
            assert [c.id for c in find_companies("民宿")] == [2]
            assert [s.id for s in phone_lookup("五金小舖")] == [3]
            assert [s.id for s in phone_lookup("早餐店")] == [4]
            green = db.session.get(Company, 1)
            assert [s.id for s in unlinked_matches(green)] == [3, 2]
            # Later changes reach the index (triggers on SQLite, the GIN index on PostgreSQL).
            green.name = "綠能科技有限公司"
            db.session.get(Submission, 3).company_id = 1
            db.session.commit()
            assert find_companies("五金有限") == []
            assert [c.id for c in find_companies("能科技")] == [1]
            assert phone_lookup("五金小舖") == []
            # b2c0tl31: the rows already there got their form's company, and follow it since.
            assert _copies() == {t: {1: 1, 2: None} for t in ("status_change", "submission_note")}
            db.session.get(Submission, 2).company_id = 2
            db.session.commit()
            assert _copies() == {t: {1: 1, 2: 2} for t in ("status_change", "submission_note")}
            _downgrade_and_back(url)
        finally:
            db.session.rollback()
            reset_for_migrations(url)
            if url.startswith("postgresql"):
                db.create_all()  # leave the shared test database as the other tests expect
