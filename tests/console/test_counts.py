"""The list's count: exact from the rollup, capped (and said so) when a search is counted."""

from datetime import datetime, timedelta

import pytest

from smeup.console import counts
from tests.console import factories as f
from tests.console.helpers import listed_ids

LIST = "/console/netzero/"


@pytest.fixture
def small_cap(monkeypatch):
    monkeypatch.setattr(counts, "COUNT_CAP", 5)


def add_named(add, count: int, name: str, **values):
    start = datetime(2026, 11, 1)
    return add(
        lambda: [
            f.netzero(
                company_name=f"{name}{i}", submitted_at=start + timedelta(minutes=i), **values
            )
            for i in range(count)
        ]
    )


def test_filter_counts_are_exact_and_match_the_rows(officer, add):
    add_named(add, 7, "綠能", county="臺中市", check={"urgency": "高"})
    add_named(add, 4, "綠能", county="臺中市", check={"urgency": "低"})
    add_named(add, 3, "大同", county="臺北市", check={"urgency": "高"})
    html = officer.get(f"{LIST}?county=臺中市&urgency=高").get_data(as_text=True)
    assert "共 7 筆，顯示第 1–7 筆" in html and len(listed_ids(html)) == 7
    assert "共 14 筆" in officer.get(LIST).get_data(as_text=True)
    assert "共 10 筆" in officer.get(f"{LIST}?urgency=高").get_data(as_text=True)


def test_search_count_beyond_the_cap_says_so(officer, add, small_cap):
    add_named(add, 8, "綠能")
    add_named(add, 2, "大同")
    html = officer.get(f"{LIST}?q=綠能").get_data(as_text=True)
    assert "共 5+ 筆" in html
    assert "超過 5 筆時不再細數" in html
    assert len(listed_ids(html)) == 8  # the page itself shows every row it has
    exact = officer.get(f"{LIST}?q=大同").get_data(as_text=True)
    assert "共 2 筆" in exact and "不再細數" not in exact


def test_no_rows_says_so(officer, add):
    add_named(add, 2, "綠能")
    html = officer.get(f"{LIST}?q=沒有這家").get_data(as_text=True)
    assert "沒有符合條件的資料" in html
    html = officer.get(f"{LIST}?county=連江縣").get_data(as_text=True)
    assert "沒有符合條件的資料" in html


def test_capped_search_pages_on_by_key(officer, add, small_cap, monkeypatch):
    monkeypatch.setattr("smeup.console.keyset.PER_PAGE", 3)
    made = add_named(add, 8, "綠能")
    first = officer.get(f"{LIST}?q=綠能").get_data(as_text=True)
    assert listed_ids(first) == made[::-1][:3]
    assert "最後一頁" in first
    last = officer.get(f"{LIST}?q=綠能&last=1").get_data(as_text=True)
    assert listed_ids(last) == made[::-1][5:]


def test_a_broad_ubn_prefix_beyond_the_cap_lists_the_newest_matches(officer, add, small_cap):
    start = datetime(2026, 11, 1)
    made = add(
        lambda: [
            f.netzero(ubn=f"0454{i:04d}", submitted_at=start + timedelta(minutes=i))
            for i in range(7)
        ]
    )
    add(lambda: [f.netzero(ubn="22099131")])
    html = officer.get(f"{LIST}?q=045").get_data(as_text=True)
    assert "共 5+ 筆" in html
    assert listed_ids(html) == made[::-1]
