"""Migration b2c0rf32 on a database filled by the previous schema: the tallies count the
referrals already there, keep up with later writes, and the downgrade drops them (referrals are
still written after it). Its statements are the ones create_all makes."""

import importlib.util
import statistics
from pathlib import Path

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from smeup.extensions import db
from smeup.models.referral_tally import backfill_sql, drop_ddl, tally_ddl
from smeup.register.queues import median_days_to_contact, referral_summary
from tests.register.migrating import migration_url, reset_for_migrations

PREVIOUS = "b2c0bg31"
AT = "2026-05-01 02:00:00"
REFERRALS = [
    # unit, status, days_to_contact
    ("itri", "待轉介", None),
    ("itri", "待轉介", None),
    ("itri", "已聯繫", 0.3),
    ("itri", "已聯繫", 2.9999999),
    ("itri", "已完成", 14.0),
    ("itri", "不需要", None),
    ("pidc", "已聯繫", 0.0),
    ("pidc", "已完成", 0.7),
    ("pidc", "已轉介", None),
    ("retired", "已聯繫", 1.0),
]
INSERT = text(
    "INSERT INTO referral (id, company_id, submission_id, item_key, item_title, unit, status,"
    " check_at, created_at, moved_at, days_to_contact) VALUES (:id, NULL, 1, :key, '健檢診斷',"
    " :unit, :status, :at, :at, :at, :days)"
)


def _fill_previous_schema():
    db.session.execute(
        text(
            "INSERT INTO submission (id, form_type, channel, submitted_at, status,"
            " submission_key, content_hash, result_token, company_name, ubn, contact_name,"
            " contact_phone, consent, company_id) VALUES (1, 'netzero', 'web', :at, '已收件',"
            " 'key-1', 'h', 'token-1', '綠能五金有限公司', NULL, '王先生', '0422223333', true,"
            " NULL)"
        ),
        {"at": AT},
    )
    rows = [
        {"id": i, "key": f"item{i}", "unit": u, "status": s, "at": AT, "days": d}
        for i, (u, s, d) in enumerate(REFERRALS, start=1)
    ]
    db.session.execute(INSERT, rows)
    db.session.commit()


def _tallies() -> tuple[dict, dict]:
    status = db.session.execute(text("SELECT unit, status, referrals FROM referral_tally"))
    contact = db.session.execute(text("SELECT tenth, referrals FROM referral_contact_tally"))
    return {(u, s): n for u, s, n in status if n}, {t: n for t, n in contact if n}


def _expected(referrals) -> tuple[dict, dict]:
    status, contact = {}, {}
    for unit, state, days in referrals:
        status[unit, state] = status.get((unit, state), 0) + 1
        if days is not None:
            tenth = int(days * 10 // 1)
            contact[tenth] = contact.get(tenth, 0) + 1
    return status, contact


def test_the_migration_counts_the_referrals_there_and_drops_the_tallies_back(
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
            assert _tallies() == _expected(REFERRALS)
            days = [d for _u, _s, d in REFERRALS if d is not None]
            assert median_days_to_contact() == (statistics.median(days), len(days))
            assert dict(referral_summary().rows)["retired"]["已聯繫"] == 1
            # Later writes reach the tallies (the triggers keep them from here on).
            db.session.execute(
                text("UPDATE referral SET status = '已聯繫', days_to_contact = 5.25 WHERE id = 1")
            )
            db.session.execute(text("DELETE FROM referral WHERE id = 4"))
            db.session.commit()
            later = [("itri", "已聯繫", 5.25), *REFERRALS[1:3], *REFERRALS[4:]]
            assert _tallies() == _expected(later)
            db.session.remove()
            downgrade(revision=PREVIOUS)
            tables = inspect(db.engine).get_table_names()
            assert "referral_tally" not in tables and "referral_contact_tally" not in tables
            db.session.execute(text("UPDATE referral SET status = '已完成' WHERE id = 1"))
            db.session.execute(text("DELETE FROM referral WHERE id = 2"))
            db.session.commit()  # no trigger is left looking for the tallies
            upgrade()
            after = [("itri", "已完成", 5.25), *REFERRALS[2:3], *REFERRALS[4:]]
            assert _tallies() == _expected(after)
        finally:
            db.session.rollback()
            reset_for_migrations(url)
            if url.startswith("postgresql"):
                db.create_all()  # leave the shared test database as the other tests expect


def test_the_migration_makes_what_create_all_makes():
    path = Path(__file__).parents[2] / "migrations/versions/b2c0rf32_referral_tallies.py"
    spec = importlib.util.spec_from_file_location("b2c0rf32", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    for dialect, made, backfill, dropped in (
        ("sqlite", migration.SQLITE, migration.SQLITE_BACKFILL, migration.SQLITE_DROP),
        ("postgresql", migration.POSTGRES, migration.POSTGRES_BACKFILL, migration.POSTGRES_DROP),
    ):
        assert made == tally_ddl(dialect)
        assert backfill == backfill_sql(dialect)
        # what dropping the referral table leaves behind, the migration's downgrade drops too
        assert set(drop_ddl(dialect)) <= set(dropped)
