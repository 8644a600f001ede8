"""2-character "contains" search from the table of names' 2-character pieces (issue 30), on the
real database: the answer a scan of every company gives, in the same order, and complete
(never `partial`) whether the piece is rare (read by id) or common (walked); the pieces follow
every way a name changes (a new company, a later form, a merge and its undoing, a delete), and
a form for a known company under the same name writes none."""

import html
import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import event, text

from smeup.database import write_unit
from smeup.extensions import db
from smeup.models.company_bigrams import CompanyBigram
from smeup.models.register import Company
from smeup.models.search_key import bigrams
from smeup.register import search
from smeup.register.merge import merge_companies, undo_merge
from smeup.register.search import clean_query, like_escape
from tests.helpers import NETZERO_FORM
from tests.register.conftest import store

T0 = datetime(2026, 3, 1, 2, 0, 0)
NAMES = [
    "綠能五金有限公司",
    "五金行",
    "大同五金百貨",
    "Acme Hardware",
    "ACME 五金",
    "鑫五金工業社",
    "海風民宿",
    "100%純_棉",
    "台灣 Ａｃｍｅ",
]


def company(ubn: str, name: str, at: datetime = T0) -> Company:
    row = Company(ubn=ubn, name=name, contact_phone="0422223333", latest_at=at)
    db.session.add(row)
    db.session.flush()
    return row


def scan(query: str, limit: int) -> list[int]:
    """The answer of a scan of every company (the reference): the same rule, the same order."""
    query = clean_query(query)
    pattern = like_escape(query)
    matches = [Company.name.ilike(f"%{pattern}%", escape="\\")]
    if query.isdigit():
        matches.append(Company.ubn.like(f"{pattern}%", escape="\\"))
    found = (
        db.select(Company.id)
        .where(Company.merged_into_id.is_(None), db.or_(*matches))
        .order_by(Company.latest_at.desc(), Company.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(found))


def stored_grams() -> set[tuple[str, int]]:
    return set(db.session.execute(db.select(CompanyBigram.gram, CompanyBigram.company_id)).all())


def expected_grams() -> set[tuple[str, int]]:
    """The pieces every company's name has now."""
    rows = db.session.execute(db.select(Company.id, Company.name)).all()
    return {(gram, row.id) for row in rows for gram in bigrams(row.name)}


def ids(query: str, limit: int = 30) -> list[int]:
    found = search.search_companies(query, limit)
    assert not found.partial
    return [c.id for c in found.companies]


@pytest.fixture
def shops(ctx):
    rows = [
        company(f"{22099131 + i:08d}", name, at=T0 + timedelta(days=i % 4, minutes=i % 5))
        for i, name in enumerate(NAMES * 3)
    ]
    rows[1].merged_into_id = rows[0].id  # merged away: never found
    db.session.flush()
    return rows


def test_the_table_holds_each_piece_of_each_name_once_ascii_lowercased(shops):
    assert stored_grams() == expected_grams()
    acme = shops[3]
    assert {g for g, c in stored_grams() if c == acme.id} == {
        "ac", "cm", "me", "e ", " h", "ha", "ar", "rd", "dw", "wa", "re",
    }  # fmt: skip


def test_two_characters_find_a_name_anywhere_in_it(shops):
    names = {c.name for c in search.search_companies("五金", 30).companies}
    assert names == {"綠能五金有限公司", "五金行", "大同五金百貨", "ACME 五金", "鑫五金工業社"}
    assert {c.name for c in search.search_companies("民宿", 30).companies} == {"海風民宿"}
    assert ids("鑫鑫") == []  # a piece no name holds: nothing, and said so completely


def test_ascii_case_is_ignored_as_the_scan_ignores_it(shops):
    expected = scan("ac", 30)
    assert len(expected) == 6  # Acme Hardware and ACME 五金; not the full-width Ａｃｍｅ
    for query in ("ac", "AC", "aC", "Ac"):
        assert ids(query) == expected
    assert ids("ＡＣ") == expected  # typed full-width: folded like any query (NFKC)


def _queries() -> list[str]:
    """Every piece of the names, and a few no name holds, that are 2 characters searched (a
    space at either end is trimmed: "e " is a 1-character query)."""
    pieces = {name[i : i + 2] for name in NAMES for i in range(len(name) - 1)}
    odd = {"鑫鑫", "22", "09", "0%", "%純", "_棉", "%%", "__", "ＡＣ", "ME"}
    return sorted(q for q in pieces | odd if len(clean_query(q)) == 2)


@pytest.mark.parametrize("candidates", [0, 1, 3, 1000])
def test_every_two_character_query_gives_the_scan_answer_complete(shops, monkeypatch, candidates):
    """Rare pieces are read by id, common ones walked newest first; a walk that reaches its
    budget (WALK 1: at once) then reads every holder by id: either way the scan's answer,
    never partial."""
    monkeypatch.setattr(search, "CANDIDATES", candidates)
    monkeypatch.setattr(search, "WALK", 1)
    monkeypatch.setattr(search, "BATCH", 2)  # several steps of a walk
    walks = []
    walk = search._walk_companies
    monkeypatch.setattr(search, "_walk_companies", lambda *a: walks.append(a[2]) or walk(*a))
    for query in _queries():
        for limit in (30, 3):
            assert ids(query, limit) == scan(query, limit), query
            assert not search.search_companies(query, limit).partial, query
    if candidates == 1000:
        assert walks == []  # every piece is rare: read by id
    elif candidates == 0:
        assert len(walks) > len(_queries())  # every piece some name holds is walked


def test_one_character_still_walks_the_newest_only(shops, monkeypatch):
    monkeypatch.setattr(search, "WALK", 5)
    monkeypatch.setattr(search, "BATCH", 2)
    found = search.search_companies("海", 30)
    assert found.partial
    assert all(c.name == "海風民宿" for c in found.companies)
    complete = search.search_companies("海風", 30)
    assert not complete.partial and [c.id for c in complete.companies] == scan("海風", 30)


def test_the_companies_page_says_one_character_looked_at_the_newest_only(
    auth, monkeypatch, request
):
    client = auth("officer")  # the accounts first: the companies below are then committed
    request.getfixturevalue("shops")
    db.session.commit()
    monkeypatch.setattr(search, "WALK", 5)
    monkeypatch.setattr(search, "BATCH", 2)
    page = html.unescape(client.get("/console/companies/?q=海").get_data(as_text=True))
    assert "一個字只查最近填寫的 5 家企業" in page
    page = html.unescape(client.get("/console/companies/?q=海風").get_data(as_text=True))
    assert "只查最近填寫" not in page and page.count("海風民宿</span>") == 3


# --- keeping the table ----------------------------------------------------------------------


def test_the_pieces_follow_a_new_company_a_rename_and_a_delete(ctx):
    shop = company("22099131", "老街雜貨店")
    other = company("04541302", "海風民宿")
    assert stored_grams() == expected_grams()
    assert ids("雜貨") == [shop.id]
    shop.name = "老街 Hardware 五金"
    db.session.flush()
    assert stored_grams() == expected_grams()
    assert ids("雜貨") == [] and ids("五金") == [shop.id] and ids("HA") == [shop.id]
    db.session.delete(shop)
    db.session.flush()
    assert stored_grams() == expected_grams() and {c for _g, c in stored_grams()} == {other.id}
    # A delete the ORM does not see: the foreign key's cascade.
    db.session.execute(text("DELETE FROM company WHERE id = :id"), {"id": other.id})
    assert db.session.scalar(db.select(db.func.count()).select_from(CompanyBigram)) == 0


def test_the_pieces_follow_the_forms_of_a_company(ctx):
    """A company first seen on a form starts with no name, then takes the form's; a later form
    under another name renames it (linking.follow_latest)."""
    store(company_name="綠能五金行")
    green = db.session.scalar(db.select(Company))
    assert stored_grams() == expected_grams() and ids("金行") == [green.id]
    store(company_name="綠能科技有限公司")
    assert green.name == "綠能科技有限公司"
    assert stored_grams() == expected_grams()
    assert ids("金行") == [] and ids("科技") == [green.id]


def test_a_merge_and_its_undoing_carry_the_pieces_with_the_names(ctx, officer):
    store(company_name="綠能五金行")
    store(ubn="04541302", company_name="綠能科技有限公司")  # later: the merge's target takes it
    target, source = db.session.scalars(db.select(Company).order_by(Company.id))
    with write_unit():
        merge_companies(source, target, "同一家公司", officer)
    assert target.name == "綠能科技有限公司"
    assert stored_grams() == expected_grams()
    assert ids("科技") == [target.id] and ids("金行") == []  # the source is merged away
    with write_unit():
        undo_merge(db.session.get(Company, source.id), "合併錯了", officer)
    assert db.session.get(Company, target.id).name == "綠能五金行"
    assert stored_grams() == expected_grams()
    assert ids("金行") == [target.id] and ids("科技") == [source.id]


def _open_form(client) -> dict:
    page = client.get("/netzero/").get_data(as_text=True)
    return dict(
        re.findall(r'name="(csrf_token|submission_key)" type="hidden" value="([^"]+)"', page)
    )


def _post(client, **changes) -> None:
    response = client.post("/netzero/", data={**NETZERO_FORM, **_open_form(client), **changes})
    assert response.status_code == 303


def test_a_form_for_a_known_company_under_its_name_writes_no_pieces(app, client):
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args):
        if "company_bigram" in statement:
            statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        _post(client)  # a company first seen: its pieces written
        assert any(s.startswith("INSERT") for s in statements)
        statements.clear()
        _post(client)  # the same company under the same name: nothing
        _post(client, employees="40")  # other fields change, the name does not
        assert statements == []
        _post(client, company_name="綠能科技有限公司")  # renamed: rewritten
        assert [s.split()[0] for s in statements] == ["DELETE", "INSERT"]
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    with app.app_context():
        assert stored_grams() == expected_grams()
        assert {g for g, _c in stored_grams()} == bigrams("綠能科技有限公司")
