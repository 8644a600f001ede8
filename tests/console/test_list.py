"""The list pages: filters and search over HTTP, the htmx partial, masking, pagination."""

import re
from datetime import datetime, timedelta

import pytest

from tests.console import factories as f
from tests.console.helpers import listed_ids
from tests.helpers import login


def test_console_list_defaults_to_netzero(officer, add):
    (nz,) = add(lambda: [f.netzero(), f.sbtr()][:1])
    page = officer.get("/console/list/")
    assert page.status_code == 200
    assert listed_ids(page.get_data(as_text=True)) == [nz]
    assert "資料列表：淨零健檢" in page.get_data(as_text=True)


@pytest.mark.parametrize("form_type", ["netzero", "course", "sbtr"])
def test_each_form_has_its_list(officer, add, form_type):
    def build():
        made = {"netzero": f.netzero(), "sbtr": f.sbtr(), "course": f.course(f.survey())}
        return [made[form_type]]

    (made,) = add(build)
    page = officer.get(f"/console/{form_type}/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    if form_type == "sbtr":  # the SBTR feature's own review page is linked
        assert f'href="/console/sbtr/{made}"' in html
    else:
        assert listed_ids(html, form_type) == [made]


def test_unknown_form_is_404(officer):
    assert officer.get("/console/nothing/").status_code == 404


def test_search_and_filters_over_http(officer, add):
    green, _other, phone_green = add(
        lambda: [
            f.netzero(company_name="綠能科技"),
            f.netzero(company_name="大同商行"),
            f.netzero(company_name="綠能電話行", channel="phone"),
        ]
    )
    html = officer.get("/console/netzero/?q=綠能").get_data(as_text=True)
    assert sorted(listed_ids(html)) == sorted([green, phone_green])
    html = officer.get("/console/netzero/?q=綠能&channel=phone").get_data(as_text=True)
    assert listed_ids(html) == [phone_green]
    assert 'value="綠能"' in html  # the search box keeps what was typed
    assert re.search(r'<option value="phone" selected>', html)


def test_htmx_search_answers_only_the_rows_partial(officer, add):
    add(lambda: [f.netzero(company_name="綠能科技"), f.netzero(company_name="大同商行")])
    response = officer.get(
        "/console/netzero/?q=大同", headers={"HX-Request": "true", "HX-Target": "submission-rows"}
    )
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<div id="submission-rows"')
    assert "<html" not in html and "大同商行" in html and "綠能科技" not in html


def test_search_input_is_wired_for_active_search(officer):
    html = officer.get("/console/netzero/").get_data(as_text=True)
    search = re.search(r'<input type="search"[^>]*>', html, re.S).group(0)
    assert 'data-hx-get="/console/netzero/"' in search
    assert 'data-hx-trigger="input changed delay:300ms, search"' in search
    assert 'data-hx-target="#submission-rows"' in search
    assert 'data-hx-push-url="true"' in search
    assert re.search(r'<form method="get" action="/console/netzero/"', html)  # works without JS


def test_personal_data_is_masked_in_the_list(officer, add):
    add(lambda: [f.netzero(contact_name="王小明", contact_phone="0912345678")])
    html = officer.get("/console/netzero/").get_data(as_text=True)
    assert "王○明" in html and "0912-***-678" in html
    assert "王小明" not in html and "0912345678" not in html and "345" not in html


def test_two_character_names_are_masked_too(officer, add):
    add(lambda: [f.netzero(contact_name="陳明", contact_phone="0223581021#352")])
    html = officer.get("/console/netzero/").get_data(as_text=True)
    assert "陳○" in html and "陳明" not in html
    assert "#352" not in html


def test_fifty_a_page_with_filters_kept_on_page_links(officer, add):
    start = datetime(2026, 11, 1)
    add(lambda: [f.netzero(submitted_at=start + timedelta(minutes=i)) for i in range(120)])
    first = officer.get("/console/netzero/?channel=web").get_data(as_text=True)
    assert len(listed_ids(first)) == 50
    assert "共 120 筆" in first
    assert 'href="/console/netzero/?page=3&amp;channel=web"' in first
    third = officer.get("/console/netzero/?channel=web&page=3").get_data(as_text=True)
    assert len(listed_ids(third)) == 20
    assert not set(listed_ids(first)) & set(listed_ids(third))
    beyond = officer.get("/console/netzero/?page=99").get_data(as_text=True)
    assert listed_ids(beyond) == listed_ids(third)  # past the end shows the last page


def test_bad_date_shows_a_message_next_to_the_field(officer, add):
    add(lambda: [f.netzero()])
    html = officer.get("/console/netzero/?date_from=2026-02-31").get_data(as_text=True)
    assert 'id="filter-date_from-error"' in html and "日期格式不正確" in html
    assert len(listed_ids(html)) == 1  # the unreadable filter narrows nothing


def test_course_list_says_export_needs_a_survey(officer, add):
    add(lambda: [f.course(f.survey())])
    html = officer.get("/console/course/").get_data(as_text=True)
    assert "請先選擇一份問卷再匯出" in html
    assert re.search(r"<button[^>]*disabled[^>]*>下載 CSV", html)


def test_export_form_carries_the_current_filters(officer):
    html = officer.get("/console/netzero/?q=綠能&urgency=高").get_data(as_text=True)
    form = html[html.index('class="export section"') :]
    assert '<input type="hidden" name="q" value="綠能">' in form
    assert '<input type="hidden" name="urgency" value="高">' in form


def test_export_form_offers_field_keys_and_labels_are_the_default(officer):
    """exports.md (revised 2026-12-07): zh-Hant headers unless 欄位代碼（供程式使用） is ticked."""
    html = officer.get("/console/netzero/").get_data(as_text=True)
    form = html[html.index('class="export section"') :]
    assert "中文欄名" not in form
    box = re.search(r'<input type="checkbox" id="export-keys"[^>]*>', form)
    assert box and 'name="headers"' in box[0] and 'value="keys"' in box[0]
    assert "checked" not in box[0]
    assert '<label for="export-keys">欄位代碼（供程式使用）</label>' in form


@pytest.mark.parametrize("url", ["/console/list/", "/console/netzero/", "/console/sbtr/"])
def test_agents_cannot_list(client, users, url):
    login(client, users["agent"])
    assert client.get(url).status_code == 403


def test_anonymous_are_sent_to_login(client):
    response = client.get("/console/netzero/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
