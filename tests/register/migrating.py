"""What the register's migration tests share: a database to run the migrations on."""

from smeup.extensions import db


def migration_url(database_url: str, tmp_path) -> str:
    """The database a migration test upgrades: a file of its own on SQLite, this worker's
    PostgreSQL database otherwise (reset_for_migrations empties it first)."""
    if database_url.startswith("sqlite"):
        return "sqlite:///" + str(tmp_path / "previous.sqlite3")
    return database_url


def reset_for_migrations(url: str) -> None:
    """Empty the worker's PostgreSQL database (tables and Alembic's version) so the
    migrations start from nothing; a fresh SQLite file is empty already."""
    if url.startswith("postgresql"):
        db.session.remove()
        db.drop_all()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
