"""Tablet entry over HTTP: rows saved in place, % change, outlier confirmation, keys, locks."""

import re
from datetime import date

import pytest

from smeup import clock
from smeup.models.digital import MonthlyRecord, RecordChange
from tests.helpers import count_rows, csrf_token, login, sql

KEY = "tap-key-0123456789abcdef"


@pytest.fixture(autouse=True)
def june_fifth(monkeypatch):
    """Today is 2026-06-05 in Taipei: May is still open, April locked (10 days)."""
    monkeypatch.setattr(clock, "taipei_today", lambda: date(2026, 6, 5))


def post_month(client, shop_id, month, htmx=True, key=KEY, **values):
    token = csrf_token(client, f"/digital/shops/{shop_id}/entry")
    data = {"csrf_token": token, "key": key, "usage": "", "orders": "", "net_sales": ""}
    data.update(values)
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(f"/digital/shops/{shop_id}/months/{month}", data=data, headers=headers)


def test_entry_screen_lists_months_newest_first_with_one_form_each(auth, make_shop):
    shop_id = make_shop(enrolled_month="2026-03")
    html = auth("agent").get(f"/digital/shops/{shop_id}/entry").get_data(as_text=True)
    assert re.findall(r'<form id="month-(\d{4}-\d\d)"', html) == [
        "2026-06",
        "2026-05",
        "2026-04",
        "2026-03",
    ]
    assert "空白表示未回報" in html
    assert "顯示更早的月份" not in html  # all four months are already there


def test_older_months_wait_behind_a_link(auth, make_shop):
    shop_id = make_shop(enrolled_month="2025-01")
    client = auth("agent")
    html = client.get(f"/digital/shops/{shop_id}/entry").get_data(as_text=True)
    assert html.count('<form id="month-') == 12 and "顯示更早的月份" in html
    html = client.get(f"/digital/shops/{shop_id}/entry?all=1").get_data(as_text=True)
    assert html.count('<form id="month-') == 18 and "顯示更早的月份" not in html


def test_a_saved_month_answers_with_its_row_and_the_next_months_change(auth, make_shop):
    shop_id = make_shop(enrolled_month="2026-05")
    client = auth("agent")
    first = post_month(client, shop_id, "2026-05", usage="100", orders="20", net_sales="50000")
    assert first.status_code == 200
    html = first.get_data(as_text=True)
    assert html.lstrip().startswith('<form id="month-2026-05"')
    assert "已儲存" in html
    # The May row's "last month" hint is re-sent out of band: last month now 100.
    assert 'id="hint-2026-06-usage"' in html and "上月 100" in html
    second = post_month(
        client, shop_id, "2026-06", key="other-key-0123456789ab", usage="125", orders="18"
    )
    html = second.get_data(as_text=True)
    assert "+25.0%" in html and "-10.0%" in html
    assert "上月未回報" not in html.split('id="hint-2026-06-net_sales"')[0]
    # net sales left blank: stored as "not reported", not 0
    assert sql(
        client.application, "select net_sales from monthly_record where month='2026-06'"
    ) == [(None,)]


def test_an_outlier_asks_for_confirmation_and_keeps_nothing_until_confirmed(auth, make_shop):
    shop_id = make_shop(enrolled_month="2026-05")
    client = auth("agent")
    post_month(client, shop_id, "2026-05", usage="100")
    asked = post_month(client, shop_id, "2026-06", key="k2-0123456789abcdefghij", usage="450")
    assert asked.status_code == 422
    html = asked.get_data(as_text=True)
    assert "是上月 100 的 4.5 倍" in html
    assert 'value="450"' in html  # what was typed is kept
    assert 'name="confirm" value="1"' in html
    assert count_rows(client.application, MonthlyRecord) == 1
    confirmed = post_month(
        client, shop_id, "2026-06", key="k2-0123456789abcdefghij", usage="450", confirm="1"
    )
    assert confirmed.status_code == 200
    assert count_rows(client.application, MonthlyRecord) == 2


def test_a_double_tap_stores_once_and_logs_no_change(auth, make_shop):
    shop_id = make_shop()
    client = auth("agent")
    for _ in range(2):
        assert post_month(client, shop_id, "2026-05", usage="80").status_code == 200
    assert count_rows(client.application, MonthlyRecord) == 1
    assert count_rows(client.application, RecordChange) == 0
    logged = sql(
        client.application, "SELECT username FROM audit_entry WHERE action = 'digital_month_save'"
    )
    assert [row.username for row in logged] == ["agent1"]  # one save, audited once


def test_bad_values_are_refused_beside_the_field_and_kept(app, auth, make_shop):
    shop_id = make_shop()
    response = post_month(auth("agent"), shop_id, "2026-05", usage="12.5", orders="-3")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "使用量請填寫整數" in html and "訂單數不可為負數" in html
    assert 'value="12.5"' in html and 'aria-invalid="true"' in html
    assert count_rows(app, MonthlyRecord) == 0


def test_without_javascript_a_save_redirects_back_to_the_row(auth, make_shop):
    shop_id = make_shop()
    response = post_month(auth("agent"), shop_id, "2026-05", htmx=False, usage="80")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/digital/shops/{shop_id}/entry#month-2026-05")


def test_a_locked_month_refuses_a_save_until_an_officer_reopens_it(auth, make_shop, app):
    shop_id = make_shop(enrolled_month="2026-03")
    client = auth("agent")
    refused = post_month(client, shop_id, "2026-04", usage="80")
    assert refused.status_code == 422
    assert "2026-05-11 鎖定" in refused.get_data(as_text=True)
    assert count_rows(app, MonthlyRecord) == 0
    officer = app.test_client()
    login(officer, "officer1")
    token = csrf_token(officer, f"/digital/shops/{shop_id}")
    no_reason = officer.post(
        f"/digital/shops/{shop_id}/reopen", data={"csrf_token": token, "month": "2026-04"}
    )
    assert no_reason.status_code == 422
    assert "請填寫重新開放的原因" in no_reason.get_data(as_text=True)
    reopened = officer.post(
        f"/digital/shops/{shop_id}/reopen",
        data={"csrf_token": token, "month": "2026-04", "reason": "店家補交四月報表"},
    )
    assert reopened.status_code == 303
    assert post_month(client, shop_id, "2026-04", usage="80").status_code == 200
    page = officer.get(f"/digital/shops/{shop_id}").get_data(as_text=True)
    assert "店家補交四月報表" in page


def test_changes_after_the_first_save_show_on_the_shop_page(auth, make_shop):
    shop_id = make_shop()
    client = auth("agent")
    post_month(client, shop_id, "2026-05", usage="80")
    post_month(client, shop_id, "2026-05", key="second-key-0123456789", usage="90")
    page = client.get(f"/digital/shops/{shop_id}").get_data(as_text=True)
    history = page.split('id="history-title"')[1]
    assert "使用量" in history and ">80<" in history and ">90<" in history and "agent1" in history
