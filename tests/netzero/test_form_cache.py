"""The blank net-zero form is drawn once per process; every visitor still gets their own
CSRF token and submission key, and nothing one visitor typed reaches another."""

import re

from smeup import page_cache
from tests.channels.helpers import make_event, netzero_answers, start_kiosk
from tests.helpers import login, without_tokens

KEY = re.compile(r'(name="submission_key" type="hidden" value=")[^"]+"')
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def parts(html: str) -> tuple[str, str, str]:
    """(the page with token and key masked, its CSRF token, its submission key)."""
    key = KEY.search(html)
    return KEY.sub(r"\1KEY", without_tokens(html)), CSRF.search(html).group(1), key.group(0)


def test_two_visitors_get_their_own_token_and_key_and_the_same_page(app):
    first, second = app.test_client(), app.test_client()
    page_a, token_a, key_a = parts(first.get("/netzero/").get_data(as_text=True))
    page_b, token_b, key_b = parts(second.get("/netzero/").get_data(as_text=True))
    assert token_a != token_b and key_a != key_b
    assert page_a == page_b
    assert "slot" not in page_a
    with app.app_context():
        assert "netzero.form" in app.extensions["smeup_blank_pages"]  # served from the cache


def test_a_cached_page_token_and_key_are_accepted(app):
    client = app.test_client()
    html = client.get("/netzero/").get_data(as_text=True)
    html = client.get("/netzero/").get_data(as_text=True)  # certainly from the cache
    key = re.search(r'name="submission_key" type="hidden" value="([^"]+)"', html).group(1)
    data = {**netzero_answers(), "csrf_token": CSRF.search(html).group(1), "submission_key": key}
    assert client.post("/netzero/", data=data).status_code == 303


def test_the_same_visitor_gets_a_new_key_each_time(client):
    keys = {parts(client.get("/netzero/").get_data(as_text=True))[2] for _ in range(3)}
    assert len(keys) == 3


def test_an_error_re_render_is_never_cached(app):
    typist, other = app.test_client(), app.test_client()
    typist.get("/netzero/")
    html = typist.get("/netzero/").get_data(as_text=True)
    data = {
        **netzero_answers(company_name="保密測試企業社", electricity_kwh="不是數字"),
        "csrf_token": CSRF.search(html).group(1),
        "submission_key": re.search(r'submission_key" type="hidden" value="([^"]+)"', html)[1],
    }
    refused = typist.post("/netzero/", data=data)
    assert refused.status_code == 422 and "保密測試企業社" in refused.get_data(as_text=True)
    for client in (other, typist):
        blank = client.get("/netzero/").get_data(as_text=True)
        assert "保密測試企業社" not in blank and "不是數字" not in blank


def test_staff_and_kiosk_pages_are_drawn_for_them(app, client, users):
    app.test_client().get("/netzero/")  # the anonymous page is cached first
    login(client, users["officer"])
    staff = client.get("/netzero/").get_data(as_text=True)
    assert "登出" in staff and "工作人員登入" not in staff
    kiosk = app.test_client()
    start_kiosk(kiosk, users["agent"], make_event(app, name="快取測試巡迴場"))
    shown = kiosk.get("/netzero/").get_data(as_text=True)
    assert "快取測試巡迴場" in shown and "工作人員登入" not in shown


def test_cache_can_be_cleared(app):
    client = app.test_client()
    client.get("/netzero/")
    with app.app_context():
        page_cache.clear()
        assert app.extensions["smeup_blank_pages"] == {}
    assert client.get("/netzero/").status_code == 200
