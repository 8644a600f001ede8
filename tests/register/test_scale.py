"""The register at national scale (issue 30), on the real database: suggested matches from
indexed lookups, the timeline a page at a time with exact counts, and "contains" search through
the trigram index. Each gives the answers the old whole-table queries gave, in the same order
(those queries are kept here as the reference); speed is `make bench`'s."""

import html
import re
from datetime import datetime, timedelta

import pytest

from smeup.extensions import db
from smeup.models import StatusChange, Submission, SubmissionNote
from smeup.models.register import Company
from smeup.phone.lookup import find_companies as phone_lookup
from smeup.register import search
from smeup.register.linking import merge_candidates, suggested_matches, unlinked_matches
from smeup.register.search import find_companies, like_escape
from smeup.register.timeline import Cursor, timeline_page
from tests.console import factories as f

T0 = datetime(2026, 3, 1, 2, 0, 0)


def company(ubn: str, name: str, phone: str = "0422223333", at: datetime = T0) -> Company:
    row = Company(ubn=ubn, name=name, contact_phone=phone, latest_at=at)
    db.session.add(row)
    db.session.flush()
    return row


def unlinked(name: str, phone: str, minutes: int, **values) -> Submission:
    return f.submission(
        "course",
        ubn=None,
        company_name=name,
        contact_phone=phone,
        submitted_at=T0 + timedelta(minutes=minutes),
        **values,
    )


# --- the queries as they were: whole-table ORs, the reference answers -----------------------


def old_unlinked_matches(c: Company, limit: int = 10) -> list[int]:
    same = [Submission.company_name == c.name]
    if c.contact_phone:
        same.append(Submission.contact_phone == c.contact_phone)
    query = (
        db.select(Submission.id)
        .where(Submission.company_id.is_(None), db.or_(*same))
        .order_by(Submission.submitted_at.desc(), Submission.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def old_find_companies(query: str, limit: int) -> list[int]:
    text = like_escape(query)
    matches = [Company.name.ilike(f"%{text}%", escape="\\")]
    if query.isdigit():
        matches.append(Company.ubn.like(f"{text}%", escape="\\"))
    found = (
        db.select(Company.id)
        .where(Company.merged_into_id.is_(None), db.or_(*matches))
        .order_by(Company.latest_at.desc(), Company.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(found))


# --- suggested matches ----------------------------------------------------------------------


def test_unlinked_matches_are_the_newest_ten_by_name_or_phone_as_before(ctx):
    green = company("22099131", "綠能五金有限公司", "0422223333")
    # 8 by name, 8 by phone, 2 by both, interleaved in time; linked rows and strangers left out.
    for i in range(8):
        unlinked("綠能五金有限公司", f"09000000{i:02d}", minutes=3 * i)
        unlinked("別家商號", "0422223333", minutes=3 * i + 1)
    unlinked("綠能五金有限公司", "0422223333", minutes=100)
    unlinked("綠能五金有限公司", "0422223333", minutes=100)  # the same instant: id decides
    f.submission(
        "course",
        company_name="綠能五金有限公司",
        company_id=green.id,
        submitted_at=T0 + timedelta(minutes=200),
    )
    unlinked("無關商號", "0299999999", minutes=300)
    db.session.flush()
    found = [s.id for s in unlinked_matches(green)]
    assert len(found) == 10
    assert found == old_unlinked_matches(green)
    linking = db.session.scalar(db.select(Submission).filter_by(company_name="無關商號"))
    assert suggested_matches(linking) == []


def test_suggested_companies_for_an_unlinked_form_by_name_or_phone_newest_first(ctx):
    by_name = company("22099131", "綠能五金有限公司", "0411111111", T0)
    by_phone = company("04541302", "海風民宿", "0422223333", T0 + timedelta(days=2))
    merged = company("12345675", "綠能五金有限公司", "0422223333", T0 + timedelta(days=3))
    merged.merged_into_id = by_name.id
    company("87654321", "無關商號", "0499999999", T0 + timedelta(days=4))
    form = unlinked("綠能五金有限公司", "0422223333", minutes=5)
    assert [c.id for c in suggested_matches(form)] == [by_phone.id, by_name.id]


def test_merge_candidates_share_the_phone_or_the_folded_name_start(ctx):
    source = company("22099131", "綠能 五金有限公司", "0422223333", T0)
    start = company("04541302", "綠能五金行", "0400000000", T0 + timedelta(days=1))
    phone = company("12345675", "海風民宿", "0422223333", T0 + timedelta(days=2))
    company("87654321", "綠地商號", "0499999999", T0 + timedelta(days=3))
    assert [c.id for c in merge_candidates(source)] == [phone.id, start.id]


# --- contains search ------------------------------------------------------------------------


NAMES = ["綠能五金有限公司", "五金行", "大同五金百貨", "Acme Hardware", "鑫五金工業社", "海風民宿"]


@pytest.fixture
def shops(ctx):
    rows = [
        company(f"{22099131 + i:08d}", name, at=T0 + timedelta(days=i % 3, minutes=i))
        for i, name in enumerate(NAMES * 4)
    ]
    rows[1].merged_into_id = rows[0].id  # merged away: never found
    db.session.flush()
    return rows


@pytest.mark.parametrize("query", ["五金", "五金行", "五金有限", "hard", "HARDWARE", "2209", "民"])
def test_contains_search_finds_what_the_scan_found_in_the_same_order(shops, query):
    assert [c.id for c in find_companies(query, limit=30)] == old_find_companies(query, 30)
    assert [c.id for c in find_companies(query, limit=3)] == old_find_companies(query, 3)


def test_a_two_character_query_finds_a_name_anywhere_in_it(shops):
    names = {c.name for c in find_companies("五金", limit=30)}
    assert names == {"綠能五金有限公司", "五金行", "大同五金百貨", "鑫五金工業社"}


@pytest.mark.parametrize("candidates", [0, 1, 5, 1000])
def test_common_and_rare_strings_give_the_same_answer(shops, monkeypatch, candidates):
    """Few rows in the index are read by id; many are walked newest first: the same answer."""
    monkeypatch.setattr(search, "CANDIDATES", candidates)
    monkeypatch.setattr(search, "BATCH", 3)  # several steps of the walk
    for query in ("五金", "五金工業", "有限公司", "Hardware"):
        assert [c.id for c in find_companies(query, 30)] == old_find_companies(query, 30)


def test_a_common_string_whose_walk_runs_out_is_read_whole_from_the_index(shops, monkeypatch):
    """Many hold it but far apart: past the walk's budget, every holder is read by id, sorted."""
    monkeypatch.setattr(search, "CANDIDATES", 0)  # every string "common"
    monkeypatch.setattr(search, "WALK", 1)
    monkeypatch.setattr(search, "BATCH", 2)
    for query in ("五金工業", "有限公司", "Hardware", "五金行"):
        found = search.search_companies(query, 30)
        assert [c.id for c in found.companies] == old_find_companies(query, 30), query
        assert not found.partial


def test_a_short_query_beyond_the_walk_says_it_looked_at_the_newest_only(shops, monkeypatch):
    """One character: no index serves it (two have company_bigram, three the trigram index)."""
    monkeypatch.setattr(search, "WALK", 5)
    monkeypatch.setattr(search, "BATCH", 2)
    found = search.search_companies("海", 30)
    assert found.partial
    assert all(c.name == "海風民宿" for c in found.companies)
    assert not search.search_companies("五金行", 30).partial  # 3 characters: the index


def test_the_index_follows_renames_links_and_deletes(ctx):
    shop = company("22099131", "老街雜貨店")
    assert find_companies("雜貨店") == [shop]
    shop.name = "老街五金店"
    db.session.flush()
    assert find_companies("雜貨店") == []
    assert find_companies("五金店") == [shop]
    form = unlinked("巷口五金小舖", "0911000000", minutes=1)
    db.session.flush()
    assert [s.id for s in phone_lookup("五金小舖")] == [form.id]
    form.company_id = shop.id  # linked: the phone lookup offers the company instead
    db.session.flush()
    assert [s.id for s in phone_lookup("五金小舖")] == []
    db.session.delete(form)
    db.session.flush()
    db.session.delete(shop)
    db.session.flush()
    assert find_companies("五金店") == []


def test_the_phone_lookup_offers_each_unlinked_name_once_newest_first(ctx, monkeypatch):
    for i, name in enumerate(["巷口五金小舖", "五金之家", "巷口五金小舖", "海風民宿", "五金之家"]):
        unlinked(name, f"09110000{i:02d}", minutes=i)
    db.session.flush()
    ids = dict(
        db.session.execute(
            db.select(Submission.company_name, db.func.max(Submission.id)).group_by(
                Submission.company_name
            )
        ).all()
    )
    expected = [ids["五金之家"], ids["巷口五金小舖"]]
    for candidates in (0, 1000):
        monkeypatch.setattr(search, "CANDIDATES", candidates)
        for query in ("五金", "五金之", "五金小舖"):
            found = [s.id for s in phone_lookup(query)]
            assert found == [i for i in expected if html.unescape(query) in _name(i)]


def _name(submission_id: int) -> str:
    return db.session.get(Submission, submission_id).company_name


# --- the timeline, a page at a time ---------------------------------------------------------


@pytest.fixture
def busy(ctx, officer):
    """A company with 120 forms, status changes and notes (some at the same instant)."""
    green = company("22099131", "綠能五金有限公司")
    forms = []
    for i in range(120):
        at = T0 + timedelta(hours=i // 2)  # two forms per instant
        forms.append(
            f.submission("netzero" if i % 3 else "course", company_id=green.id, submitted_at=at)
        )
    db.session.flush()
    for i, form in enumerate(forms[::7]):
        db.session.add(
            StatusChange(
                submission_id=form.id,
                from_status="已收件",
                to_status="處理中",
                user_id=officer.id,
                at=form.submitted_at + timedelta(hours=i % 2),
            )
        )
        db.session.add(
            SubmissionNote(
                submission_id=form.id, user_id=officer.id, text=f"備註 {i}", at=form.submitted_at
            )
        )
    other = company("04541302", "海風民宿")
    f.submission("course", company_id=other.id, submitted_at=T0)
    db.session.flush()
    return green


def _all_lines(green) -> list[tuple]:
    """Every line of the timeline, as the old timeline() put them, newest first."""
    lines = [
        ("submission", s.id, s.submitted_at)
        for s in db.session.scalars(db.select(Submission).filter_by(company_id=green.id))
    ]
    ids = [s for _k, s, _a in lines]
    lines += [
        ("status", c.id, c.at)
        for c in db.session.scalars(
            db.select(StatusChange).where(StatusChange.submission_id.in_(ids))
        )
    ]
    lines += [
        ("note", n.id, n.at)
        for n in db.session.scalars(
            db.select(SubmissionNote).where(SubmissionNote.submission_id.in_(ids))
        )
    ]
    rank = {"submission": 3, "status": 2, "note": 1}
    return sorted(lines, key=lambda x: (x[2], rank[x[0]], x[1]), reverse=True)


def test_the_timeline_pages_through_every_line_once_newest_first(busy):
    seen, cursor, pages = [], None, 0
    while True:
        page = timeline_page(busy, cursor, size=50)
        assert len(page.events) <= 50
        seen += [(e.kind, e.row.id, e.at) for e in page.events]
        pages += 1
        if page.more is None:
            break
        cursor = Cursor.parse(str(page.more))
    assert seen == _all_lines(busy)
    assert pages == 4  # 120 forms + 18 status changes + 18 notes = 156 lines
    assert (page.form_total, page.total) == (120, 156)
    assert dict(page.forms) == {"netzero": 80, "course": 40}
    assert dict(page.kinds) == {"status": 18, "note": 18}


def test_a_cursor_that_is_not_one_opens_the_newest_page(busy):
    assert Cursor.parse("nonsense") is None
    assert Cursor.parse("2026-01-01T00:00:00_x_1") is None
    newest = timeline_page(busy, Cursor.parse("garbage"))
    assert [e.row.id for e in newest.events] == [e.row.id for e in timeline_page(busy).events]


def _lines(page_html: str) -> list[str]:
    return re.findall(r'<li class="tl-[a-z_]+">', page_html)


def test_the_company_page_shows_50_lines_then_more_with_htmx_or_a_plain_link(busy, auth, app):
    green_id = busy.id
    db.session.commit()
    client = auth("officer")
    page = html.unescape(client.get(f"/console/companies/{green_id}").get_data(as_text=True))
    assert len(_lines(page)) == 50
    assert "共 156 筆紀錄，其中 120 份表單" in page
    assert "淨零健檢 80 份" in page and "狀態變更 18 筆" in page and "備註 18 筆" in page
    link = re.search(r'<a class="button" href="([^"]+)"\s+data-hx-get="([^"]+)"', page)
    plain, htmx = link.group(1), link.group(2)
    # Without JavaScript: the company page at that point, with a way back to the newest.
    older = html.unescape(client.get(plain).get_data(as_text=True))
    assert len(_lines(older)) == 50 and "回到最新的紀錄" in older
    # htmx: only the next lines and the next button.
    fragment = client.get(htmx, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in fragment and len(_lines(fragment)) == 50
    assert 'id="timeline-more"' in fragment
    assert _lines(fragment) == _lines(older)
    redirect = client.get(htmx)  # the htmx address opened by hand
    assert redirect.status_code == 303 and "before=" in redirect.headers["Location"]


def test_the_companies_page_says_when_a_short_query_looked_at_the_newest_only(
    auth, monkeypatch, request
):
    client = auth("officer")  # the accounts first: the companies below are then committed
    request.getfixturevalue("shops")
    db.session.commit()
    monkeypatch.setattr(search, "WALK", 5)
    monkeypatch.setattr(search, "BATCH", 2)
    page = html.unescape(client.get("/console/companies/?q=海").get_data(as_text=True))
    assert "只查最近填寫的 5 家企業" in page
    page = html.unescape(client.get("/console/companies/?q=海風民宿").get_data(as_text=True))
    assert "只查最近填寫" not in page and page.count("海風民宿</span>") == 4
