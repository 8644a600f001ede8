"""Migration b2c0reg30 on a database filled by the previous schema: the trigram indexes hold
the companies and unlinked forms already there, and keep up with later changes."""

from flask_migrate import upgrade
from sqlalchemy import text

from smeup.extensions import db
from smeup.models import Submission
from smeup.models.register import Company
from smeup.phone.lookup import find_companies as phone_lookup
from smeup.register.linking import unlinked_matches
from smeup.register.search import find_companies

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
    db.session.commit()


def _reset(url):
    if url.startswith("postgresql"):
        db.session.remove()
        db.drop_all()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")


def test_the_migration_indexes_what_is_there_and_follows_what_changes(
    make_app, database_url, tmp_path
):
    url = database_url
    if url.startswith("sqlite"):
        url = "sqlite:///" + str(tmp_path / "previous.sqlite3")
    app = make_app(SQLALCHEMY_DATABASE_URI=url)
    with app.test_request_context():
        _reset(url)
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
        finally:
            db.session.rollback()
            _reset(url)
            if url.startswith("postgresql"):
                db.create_all()  # leave the shared test database as the other tests expect
