"""The Alembic migrations build exactly the schema the models describe, on this test's database."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import inspect

from smeup.extensions import db
from smeup.models.search_key import kept_by_database


def test_migrations_match_the_models(make_app, database_url, tmp_path):
    url = database_url
    if url.startswith("sqlite"):
        url = "sqlite:///" + str(tmp_path / "migrated.sqlite3")
    app = make_app(SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        if url.startswith("postgresql"):
            db.drop_all()
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade()
        with db.engine.connect() as conn:
            # The trigram indexes (FTS5 tables, pg_trgm GIN) are made by DDL beside the models.
            context = MigrationContext.configure(conn, opts={"include_name": kept_by_database})
            diff = compare_metadata(context, db.metadata)
        assert diff == []
        assert "alembic_version" in inspect(db.engine).get_table_names()
        if url.startswith("postgresql"):
            db.drop_all()
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP TABLE alembic_version")
            db.create_all()  # leave the shared test database as the other tests expect
