"""Keyset pages of the console list: right rows, right order, no duplicates or gaps."""

import re
from datetime import datetime, timedelta
from html import unescape

from tests.console import factories as f
from tests.console.helpers import listed_ids

LIST = "/console/netzero/"
START = datetime(2026, 11, 1, 2, 0)


def link(html: str, text: str) -> str | None:
    """The href of the pager link with this text."""
    match = re.search(rf'<a (?:rel="\w+" )?href="([^"]+)">{text}</a>', html)
    return unescape(match.group(1)) if match else None


def walk(officer, url: str, direction: str = "下一頁") -> list[list[int]]:
    """Follow the pager's next (or previous) links from `url`; each page's ids."""
    pages = []
    while url:
        html = officer.get(url).get_data(as_text=True)
        pages.append(listed_ids(html))
        url = link(html, direction)
    return pages


def add_many(add, count: int, same_time_every: int = 7, **values) -> list[int]:
    """`count` checks whose times repeat in runs (ties broken by id); their ids."""
    return add(
        lambda: [
            f.netzero(submitted_at=START + timedelta(minutes=i // same_time_every), **values)
            for i in range(count)
        ]
    )


def newest_first(app_ids: list[int], count: int, same_time_every: int = 7) -> list[int]:
    keyed = [(i // same_time_every, app_ids[i]) for i in range(count)]
    return [ident for _, ident in sorted(keyed, reverse=True)]


def test_next_links_walk_every_row_once_in_order_across_equal_times(officer, add):
    made = add_many(add, 173)
    pages = walk(officer, LIST)
    assert [len(p) for p in pages] == [50, 50, 50, 23]
    assert [i for p in pages for i in p] == newest_first(made, 173)


def test_previous_links_walk_back_to_page_one(officer, add):
    made = add_many(add, 120)
    last = officer.get(LIST + "?last=1").get_data(as_text=True)
    assert listed_ids(last) == newest_first(made, 120)[100:]
    assert "（第 3 / 3 頁）" in last
    back = walk(officer, link(last, "上一頁"), "上一頁")
    assert [i for p in reversed(back) for i in p] == newest_first(made, 120)[:100]
    assert back[-1] == newest_first(made, 120)[:50]


def test_rows_added_while_paging_neither_repeat_nor_vanish(officer, add):
    made = add_many(add, 100)
    first = officer.get(LIST).get_data(as_text=True)
    add(lambda: [f.netzero(submitted_at=START + timedelta(days=1))])  # newer than all
    second = officer.get(link(first, "下一頁")).get_data(as_text=True)
    assert listed_ids(first) + listed_ids(second) == newest_first(made, 100)


def test_page_numbers_jump_from_either_end(officer, add):
    made = newest_first(add_many(add, 260), 260)
    for number in (2, 3, 4, 5, 6):
        html = officer.get(f"{LIST}?page={number}").get_data(as_text=True)
        assert listed_ids(html) == made[(number - 1) * 50 : number * 50], number
        assert f"（第 {number} / 6 頁）" in html
    sixth = officer.get(f"{LIST}?page=6").get_data(as_text=True)
    assert "顯示第 251–260 筆" in sixth
    assert link(sixth, "下一頁") is None


def test_filters_ride_along_on_keyset_links(officer, add):
    add_many(add, 60, county="臺中市", check={"urgency": "高"})
    add_many(add, 60, county="臺中市", check={"urgency": "低"})
    wanted = add_many(add, 60, county="臺北市", check={"urgency": "高"})
    url = f"{LIST}?county=臺北市&urgency=高"
    first = officer.get(url).get_data(as_text=True)
    assert "共 60 筆" in first
    following = link(first, "下一頁")
    assert "county=" in following and "urgency=" in following
    pages = walk(officer, url)
    assert [i for p in pages for i in p] == newest_first(wanted, 60)


def test_unreadable_cursor_shows_page_one(officer, add):
    made = add_many(add, 60)
    for bad in ("x", "2026-1", "20261301000000000000-1", "99999999999999999999-" + "9" * 30):
        html = officer.get(f"{LIST}?after={bad}").get_data(as_text=True)
        assert listed_ids(html) == newest_first(made, 60)[:50], bad


def test_a_page_too_deep_to_jump_to_says_so(officer, add, monkeypatch):
    monkeypatch.setattr("smeup.console.keyset.MAX_JUMP_PAGE", 1)
    made = newest_first(add_many(add, 260), 260)
    deep = officer.get(f"{LIST}?page=4").get_data(
        as_text=True
    )  # 3 pages from the start, 2 from the end
    assert "無法直接跳頁，已顯示第 2 頁" in deep
    assert listed_ids(deep) == made[50:100]
    near_end = officer.get(f"{LIST}?page=5").get_data(as_text=True)  # 1 page from the end
    assert listed_ids(near_end) == made[200:250] and "無法直接跳頁" not in near_end
