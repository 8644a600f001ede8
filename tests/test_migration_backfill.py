"""The console-at-scale migrations fill the new columns, the companies' name keys and the rollup."""

from datetime import datetime

from flask_migrate import upgrade
from sqlalchemy import text

from smeup.extensions import db

SUBMISSION = (
    "INSERT INTO submission (id, form_type, channel, submitted_at, status, submission_key, "
    "content_hash, result_token, company_name, ubn, county, contact_name, contact_phone, consent) "
    "VALUES (:id, 'netzero', :channel, :at, '已收件', :key, 'h', :token, :name, '22099131', "
    "'臺中市', '王小明', '0912345678', :yes)"
)
CHECK = (
    "INSERT INTO netzero_check (submission_id, data_year, electricity_kwh, natural_gas_m3, "
    "lpg_kg, diesel_l, gasoline_l, fuel_oil_l, cbam_export, supply_chain_request, "
    "listed_company, supplier_to_listed, has_inventory, has_target, scope1_tco2e, scope2_tco2e, "
    "total_tco2e, urgency, urgency_reasons, prescriptions, breakdown, factor_version, "
    "rules_version) VALUES (:id, 2024, 1, 0, 0, 0, 0, 0, :no, 'none', :no, :no, :no, :no, 0, 0, "
    ":tonnes, :urgency, '[]', '[]', '[]', 'f', 'r')"
)

USER = (
    'INSERT INTO "user" (id, username, display_name, role, password_hash, active, created_at) '
    "VALUES (7, 'officer7', '承辦', 'officer', 'x', true, '2026-11-01 00:00:00')"
)
STATUS_CHANGE = (
    "INSERT INTO status_change (submission_id, from_status, to_status, user_id, at) "
    "VALUES (1, '已收件', '處理中', 7, :at)"
)


def test_upgrade_fills_search_keys_segments_and_rollup(make_app, database_url, tmp_path):
    url = database_url
    if url.startswith("sqlite"):
        url = "sqlite:///" + str(tmp_path / "backfill.sqlite3")
    app = make_app(SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        if url.startswith("postgresql"):
            db.drop_all()
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        try:
            upgrade(revision="71361e514585")
            rows = [
                (1, "web", datetime(2026, 11, 20, 15, 30), "台灣 Green 能源", "高", 10.5),
                (2, "web", datetime(2026, 11, 20, 16, 30), "大同商行", "低", 2.0),
                (3, "phone", datetime(2026, 11, 20, 16, 45), "大同 台北二廠", "低", 1.25),
            ]
            with db.engine.begin() as conn:
                for ident, channel, at, name, urgency, tonnes in rows:
                    values = {"id": ident, "channel": channel, "at": at, "name": name}
                    keys = {"key": f"k{ident}", "token": f"t{ident}", "yes": True}
                    conn.execute(text(SUBMISSION), values | keys)
                    check = {"id": ident, "no": False, "tonnes": tonnes, "urgency": urgency}
                    conn.execute(text(CHECK), check)
                # Rows that point at submission and user: no later migration may break them
                # (a batch copy of a referenced table on SQLite would).
                conn.execute(text(USER))
                conn.execute(text(STATUS_CHANGE), {"at": datetime(2026, 11, 21, 1, 0)})
            upgrade()
            with db.engine.connect() as conn:
                filled = conn.execute(
                    text("SELECT id, name_key, segment FROM submission ORDER BY id")
                ).all()
                company = conn.execute(text("SELECT ubn, name, name_key FROM company")).all()
                rollup = conn.execute(
                    text(
                        "SELECT day, channel, segment, submissions, total_tco2e "
                        "FROM submission_rollup ORDER BY day, channel"
                    )
                ).all()
        finally:
            if url.startswith("postgresql"):
                db.drop_all()
                with db.engine.begin() as conn:
                    conn.exec_driver_sql("DROP TABLE IF EXISTS submission_rollup")
                    conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
                db.create_all()
    assert filled == [(1, "臺灣green能源", "高"), (2, "大同商行", "低"), (3, "大同臺北二廠", "低")]
    # The register's company (latest name) gets its folded key: the console matches by prefix.
    assert company == [("22099131", "大同 台北二廠", "大同臺北二廠")]
    assert [(str(d)[:10], c, s, n, t) for d, c, s, n, t in rollup] == [
        ("2026-11-20", "web", "高", 1, 10.5),
        ("2026-11-21", "phone", "低", 1, 1.25),
        ("2026-11-21", "web", "低", 1, 2.0),
    ]
