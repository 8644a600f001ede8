"""The lists behind the report's figures: each shows exactly what its number counts."""

import re
from datetime import datetime, timedelta
from html import unescape

import pytest

from smeup.extensions import db

from . import programme as hand

URL = "/console/report/"
Q3 = {"period": "q:2026-3"}
# A figure row of the report: its link, its label and this period's value.
ROW = re.compile(
    r'<tr><th scope="row"><a href="([^"]+)">([^<]+)</a></th>\s*<td class="num">([^<]+)</td>'
)


def total(page) -> int:
    """The count a list page says it holds (共 N 筆 / 家)."""
    html = page.get_data(as_text=True)
    return int(re.search(r"<strong data-total>([\d,]+)</strong>", html)[1].replace(",", ""))


def names_in(page) -> list[str]:
    """The company names a list shows, in order (their links to the company page)."""
    html = page.get_data(as_text=True)
    return re.findall(r'<a href="/console/companies/\d+">([^<]+)</a>', html)


def figure_links(client, query: dict) -> list[tuple[str, str, str]]:
    html = client.get(URL, query_string=query).get_data(as_text=True)
    body = html[html.index('id="report-body"') :]
    return [(unescape(href), label, value) for href, label, value in ROW.findall(body)]


@pytest.mark.parametrize(
    "query", [Q3, {**Q3, "county": "臺中市"}, {"from": "2026-07-10", "to": "2026-07-10"}]
)
def test_every_count_a_list_stands_behind_equals_the_list_total(auth, programme, query):
    client = auth("officer")
    rows = [
        (href, label, value)
        for href, label, value in figure_links(client, query)
        if href.startswith(("/console/report/referrals", "/console/report/companies"))
        and "%" not in value
        and "天" not in value
        and value != "—"
    ]
    assert len(rows) >= 8, rows
    for href, label, value in rows:
        answer = client.get(href)
        assert answer.status_code == 200, href
        assert total(answer) == int(value.replace(",", "")), (label, href)


def test_contact_lists_keep_day_14_and_leave_out_not_needed(auth, programme):
    client = auth("officer")
    within = client.get("/console/report/referrals", query_string={**Q3, "which": "within"})
    html = within.get_data(as_text=True)
    # Item "a" was contacted on Taipei day 14 (counts); "b" on day 15 (does not).
    assert ">a</td>" in html and ">b</td>" not in html
    counted = client.get(
        "/console/report/referrals", query_string={**Q3, "which": "counted"}
    ).get_data(as_text=True)
    assert ">d</td>" not in counted  # 不需要 is in no contact figure
    assert {">a</td>", ">b</td>", ">c</td>"} <= {m for m in re.findall(r">[a-e]</td>", counted)}
    everything = client.get("/console/report/referrals", query_string=Q3).get_data(as_text=True)
    assert ">d</td>" in everything and ">e</td>" not in everything  # e is the previous quarter's
    assert "甲商行" in everything and "14.5 天" in everything


def test_company_lists_new_returning_size_and_county(auth, programme):
    client = auth("officer")
    companies = "/console/report/companies"
    # Served in Q3: A, B, C and D (D by a monthly record only); E only in Q2.
    served = names_in(client.get(companies, query_string=Q3))
    assert sorted(served) == sorted(["甲商行", "乙公司", "丙工業", "丁行"])
    new = client.get(companies, query_string={**Q3, "joined": "new"})
    assert sorted(names_in(new)) == sorted(["乙公司", "丙工業"])
    assert "本期新加入" in new.get_data(as_text=True)
    returning = client.get(companies, query_string={**Q3, "joined": "returning"})
    assert sorted(names_in(returning)) == sorted(["甲商行", "丁行"])
    small = client.get(companies, query_string={**Q3, "size": "small"})
    assert names_in(small) == ["甲商行"]
    taichung = client.get(companies, query_string={**Q3, "county": "臺中市"})
    assert sorted(names_in(taichung)) == sorted(["甲商行", "乙公司"])
    assert "臺中市" in taichung.get_data(as_text=True)


def test_a_long_list_is_paged_and_each_page_keeps_the_filter(auth, programme):
    with_many = [
        hand._company(f"7{n:07d}", f"測試{n:02d}號", "臺中市", 10, 1_000_000, datetime(2026, 1, 1))
        for n in range(60)
    ]
    db.session.flush()
    for n, company in enumerate(with_many):
        check = hand._check(company, datetime(2026, 8, 1) + timedelta(hours=n), "低", 1.0)
        db.session.flush()
        hand._referral(check, "itri", "待轉介", f"item{n}")
    db.session.commit()
    client = auth("officer")
    first = client.get(
        "/console/report/referrals", query_string={**Q3, "unit": "itri", "status": "待轉介"}
    )
    html = first.get_data(as_text=True)
    assert total(first) == 61  # the 60 above and the programme's c
    assert html.count("<tr>") == 1 + 50
    page_two = unescape(re.search(r'<a href="([^"]+page=2[^"]*)"', html)[1])
    assert "unit=itri" in page_two and "period=q" in page_two
    second = client.get(page_two).get_data(as_text=True)
    assert second.count("<tr>") == 1 + 11
    shown = re.findall(r">item(\d+)</td>", html + second)
    assert len(set(shown)) == 60  # no row on both pages, none left out


@pytest.mark.parametrize(
    "query",
    [
        {**Q3, "unit": "nope"},
        {**Q3, "status": "亂寫"},
        {**Q3, "which": "all"},
        {"period": "q:2026-9"},
        {"from": "2026-13-01", "to": "2026-12-31"},
    ],
)
def test_a_crafted_filter_is_refused(auth, programme, query):
    assert auth("officer").get("/console/report/referrals", query_string=query).status_code == 400


@pytest.mark.parametrize("path", ["/console/report/referrals", "/console/report/companies"])
def test_officers_only(client, auth, path):
    anonymous = client.get(path, query_string=Q3)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    assert auth("agent").get(path, query_string=Q3).status_code == 403


def test_shop_figures_open_the_period_s_months(auth, programme):
    links = {label: href for href, label, _v in figure_links(auth("officer"), Q3)}
    # A site's shops at the period's last month; the reporting rate's month in the grid.
    assert "site=" in links["審計新村"] and "month=2026-09" in links["審計新村"]
    assert "end=2026-09" in links["期間月回報率"] and "span=3" in links["期間月回報率"]
    assert "end=2026-07" in links["115年7月回報率"]
