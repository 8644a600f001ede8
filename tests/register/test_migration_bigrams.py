"""Migration b2c0bg31 on a database filled by the previous schema: the bigram table holds the
pieces of every company's name already there (more companies than one step of the backfill),
2 characters are found from it, it keeps up with later changes, and the downgrade drops it."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from smeup.extensions import db
from smeup.models.company_bigrams import CompanyBigram
from smeup.models.register import Company
from smeup.models.search_key import bigrams
from smeup.register import search
from tests.register.migrating import migration_url, reset_for_migrations

PREVIOUS = "b2c0tl31"
STEP = 5_000  # the migration's BATCH: the companies below fill more than one step
COMPANIES = [
    (1, "22099131", "綠能五金有限公司", "2026-05-01 02:00:00"),
    (2, "04541302", "海風民宿", "2026-04-01 02:00:00"),
    (3, "12345675", "ACME Hardware 五金", "2026-03-01 02:00:00"),
    (4, "87654321", "", "2026-02-01 02:00:00"),  # a company whose first form is not stored yet
]
INSERT = text(
    "INSERT INTO company (id, ubn, name, name_key, contact_name, contact_phone, latest_at,"
    " created_at) VALUES (:id, :ubn, :name, :name, '', '', :at, :at)"
)


def _fill_previous_schema():
    rows = [{"id": c, "ubn": u, "name": n, "at": at} for c, u, n, at in COMPANIES]
    rows += [
        {"id": i, "ubn": f"{i:08d}", "name": f"店{i}號", "at": "2025-01-01 02:00:00"}
        for i in range(10, 10 + STEP + 3)
    ]
    db.session.execute(INSERT, rows)
    db.session.commit()


def _grams() -> set[tuple[str, int]]:
    return set(db.session.execute(db.select(CompanyBigram.gram, CompanyBigram.company_id)).all())


def _expected() -> set[tuple[str, int]]:
    rows = db.session.execute(db.select(Company.id, Company.name)).all()
    return {(gram, row.id) for row in rows for gram in bigrams(row.name)}


def test_the_migration_fills_the_bigrams_of_the_companies_there_and_drops_them_back(
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
            grams = _grams()
            assert grams == _expected()
            assert len({c for _g, c in grams}) == 3 + STEP + 3  # all but the unnamed one
            assert {g for g, c in grams if c == 3} == bigrams("acme hardware 五金")
            for query, expected in (("五金", [1, 3]), ("民宿", [2]), ("ac", [3]), ("鑫鑫", [])):
                found = search.search_companies(query)
                assert [c.id for c in found.companies] == expected and not found.partial
            # Later changes reach the table (the ORM keeps it from here on).
            green = db.session.get(Company, 1)
            green.name = "綠能科技有限公司"
            db.session.get(Company, 4).name = "巷口五金行"
            db.session.commit()
            assert _grams() == _expected()
            assert [c.id for c in search.find_companies("五金")] == [3, 4]
            db.session.remove()
            downgrade(revision=PREVIOUS)
            assert "company_bigram" not in inspect(db.engine).get_table_names()
        finally:
            db.session.rollback()
            reset_for_migrations(url)
            if url.startswith("postgresql"):
                db.create_all()  # leave the shared test database as the other tests expect
