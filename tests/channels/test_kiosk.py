"""Kiosk mode over HTTP: starting it, what a visitor can reach, 完成, leaving by PIN."""

import html
import re

import pytest

from smeup.kiosk.qr import qr_data_uri
from tests.channels.helpers import (
    PIN,
    hidden_fields,
    make_event,
    post_netzero,
    start_kiosk,
    stored_check,
)
from tests.helpers import login, sql


@pytest.fixture
def kiosk(app, client, users):
    """A test client in kiosk mode for an event offering 淨零健檢 and the course survey."""
    event_id = make_event(app)
    response = start_kiosk(client, users["agent"], event_id)
    assert response.status_code == 303 and response.headers["Location"].endswith("/kiosk/")
    client.event_id = event_id
    return client


def test_the_start_screen_shows_only_the_event_and_its_forms(kiosk):
    page = kiosk.get("/kiosk/").get_data(as_text=True)
    assert "展示機模式已啟動" in page
    header = page[page.index("<header") : page.index("</header>")]
    assert "淨零巡迴說明會（臺中場）" in header
    assert "登出" not in page and "電話登錄" not in header and "工作人員登入" not in page
    tiles = re.findall(r'<a class="tile kiosk-tile" href="([^"]+)"', page)
    assert tiles == ["/netzero/", "/surveys/"]  # SBTR is not open at this event
    assert 'data-kiosk-idle="120"' in page and 'data-kiosk-home="/kiosk/"' in page
    assert "js/kiosk.js" in page


@pytest.mark.parametrize(
    "url", ["/console/", "/phone/", "/admin/users", "/kiosk/setup", "/console/events/"]
)
def test_staff_pages_are_out_of_reach_in_kiosk_mode(kiosk, url):
    response = kiosk.get(url)
    assert response.status_code == 302
    assert response.headers["Location"] == "/kiosk/"


def test_the_home_page_and_login_lead_back_to_the_start_screen(kiosk):
    assert kiosk.get("/").headers["Location"] == "/kiosk/"
    assert kiosk.get("/login").headers["Location"] == "/kiosk/"


def test_a_kiosk_submission_is_tagged_roadshow_with_its_event_and_no_agent(kiosk, app):
    response = post_netzero(kiosk)
    assert response.status_code == 303
    rows = sql(app, "SELECT channel, event_id, entered_by_id FROM submission")
    assert rows == [("roadshow", kiosk.event_id, None)]


def test_kiosk_pages_are_never_stored_by_the_browser(kiosk, app):
    result_url = post_netzero(kiosk).headers["Location"]
    for url in (result_url, "/kiosk/", "/netzero/", "/surveys/", "/kiosk/exit"):
        response = kiosk.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url


def test_the_result_offers_a_qr_code_of_its_link_and_a_done_button(kiosk, app):
    result_url = post_netzero(kiosk).headers["Location"]
    page = html.unescape(kiosk.get(result_url).get_data(as_text=True))
    link = app.config["SMEUP_PUBLIC_BASE_URL"] + result_url
    assert f'<img class="kiosk-qr" src="{qr_data_uri(link)}"' in page
    assert 'action="/kiosk/done"' in page and ">完成</button>" in page
    assert "可加入書籤" not in page  # a bookmark on a shared tablet is somebody else's later


def test_the_web_result_has_no_qr_code_and_no_done_button(client, app):
    _id, token = stored_check(app)
    page = client.get(f"/netzero/r/{token}").get_data(as_text=True)
    assert "kiosk-qr" not in page and "/kiosk/done" not in page


def test_done_forgets_the_visitor_so_back_shows_the_start_screen(kiosk, app):
    result_url = post_netzero(kiosk).headers["Location"]
    assert kiosk.get(result_url).status_code == 200
    token = hidden_fields(kiosk, result_url)["csrf_token"]
    response = kiosk.post("/kiosk/done", data={"csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"] == "/kiosk/"
    again = kiosk.get(result_url)
    assert again.status_code == 302 and again.headers["Location"] == "/kiosk/"


def test_done_from_htmx_answers_with_hx_redirect(kiosk):
    token = hidden_fields(kiosk, "/kiosk/")["csrf_token"]
    response = kiosk.post("/kiosk/done", data={"csrf_token": token}, headers={"HX-Request": "1"})
    assert response.status_code == 200 and response.headers["HX-Redirect"] == "/kiosk/"


def test_returning_to_the_start_screen_also_forgets_the_visitor(kiosk):
    result_url = post_netzero(kiosk, headers={"HX-Request": "true"}).headers["HX-Redirect"]
    assert kiosk.get(result_url).status_code == 200
    kiosk.get("/kiosk/")  # the idle reset lands here
    assert kiosk.get(result_url).headers["Location"] == "/kiosk/"


def test_another_persons_result_link_does_not_open_on_the_kiosk(kiosk, app):
    _id, token = stored_check(app)
    response = kiosk.get(f"/netzero/r/{token}")
    assert response.status_code == 302 and response.headers["Location"] == "/kiosk/"


def test_a_wrong_pin_keeps_the_tablet_in_kiosk_mode(kiosk, app):
    token = hidden_fields(kiosk, "/kiosk/exit")["csrf_token"]
    response = kiosk.post("/kiosk/exit", data={"csrf_token": token, "pin": "999999"})
    assert response.status_code == 422
    assert "PIN 不正確，仍在展示機模式。" in response.get_data(as_text=True)
    assert kiosk.get("/phone/").headers["Location"] == "/kiosk/"
    assert "kiosk_pin_failed" in [a for (a,) in sql(app, "SELECT action FROM audit_entry")]


def test_the_right_pin_leaves_kiosk_mode_and_staff_must_sign_in_again(kiosk, app, users):
    token = hidden_fields(kiosk, "/kiosk/exit")["csrf_token"]
    response = kiosk.post("/kiosk/exit", data={"csrf_token": token, "pin": PIN})
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    assert "已離開展示機模式" in kiosk.get("/login").get_data(as_text=True)
    assert "尚未啟用展示機模式" in kiosk.get("/kiosk/").get_data(as_text=True)
    assert kiosk.get("/phone/").headers["Location"].startswith("/login")
    rows = sql(app, "SELECT action, username FROM audit_entry ORDER BY id")
    assert ("kiosk_start", users["agent"]) in rows and ("kiosk_exit", users["agent"]) in rows
    assert login(kiosk, users["agent"]).status_code == 302


def test_pin_attempts_are_rate_limited(make_app, users, monkeypatch):
    from smeup.extensions import limiter

    monkeypatch.setattr(limiter, "enabled", limiter.enabled)  # restored after the test
    app = make_app(RATELIMIT_ENABLED=True, SMEUP_KIOSK_PIN_LIMIT="3 per minute")
    try:
        _limited_pin_attempts(app)
    finally:
        with app.app_context():
            limiter.reset()


def _limited_pin_attempts(app):
    from smeup.extensions import db
    from smeup.models import User
    from tests.helpers import PASSWORD

    with app.app_context():
        agent = User(username="kioskagent", role="agent", display_name="展示")
        agent.set_password(PASSWORD)
        db.session.add(agent)
        db.session.commit()
    client = app.test_client()
    event_id = make_event(app)
    assert start_kiosk(client, "kioskagent", event_id).status_code == 303
    token = hidden_fields(client, "/kiosk/exit")["csrf_token"]
    codes = [
        client.post("/kiosk/exit", data={"csrf_token": token, "pin": "000000"}).status_code
        for _ in range(3)
    ]
    assert codes == [422, 422, 422]
    blocked = client.post("/kiosk/exit", data={"csrf_token": token, "pin": PIN})
    assert blocked.status_code == 429
    assert "PIN 輸入錯誤太多次" in blocked.get_data(as_text=True)
    assert client.get("/phone/").headers["Location"] == "/kiosk/"


@pytest.mark.parametrize(
    ("pin", "again", "message"),
    [
        ("2468", "2468", "PIN 請設定 6 到 12 位數字"),
        ("12345", "12345", "PIN 請設定 6 到 12 位數字"),
        ("1234567890123", "1234567890123", "PIN 請設定 6 到 12 位數字"),
        ("12ab56", "12ab56", "PIN 請設定 6 到 12 位數字"),
        ("246813", "246814", "兩次輸入的 PIN 不一樣"),
        ("", "", "請設定 PIN"),
    ],
)
def test_a_bad_pin_does_not_start_kiosk_mode(app, client, users, pin, again, message):
    event_id = make_event(app)
    login(client, users["agent"])
    token = hidden_fields(client, "/kiosk/setup")["csrf_token"]
    response = client.post(
        "/kiosk/setup",
        data={"csrf_token": token, "event_id": str(event_id), "pin": pin, "pin_again": again},
    )
    assert response.status_code == 422
    assert message in html.unescape(response.get_data(as_text=True))
    assert client.get("/phone/").status_code == 200  # still signed in, not in kiosk mode


def test_full_width_pin_digits_are_accepted(app, client, users):
    event_id = make_event(app)
    assert start_kiosk(client, users["agent"], event_id, pin="２４６８１３").status_code == 303
    token = hidden_fields(client, "/kiosk/exit")["csrf_token"]
    response = client.post("/kiosk/exit", data={"csrf_token": token, "pin": "246813"})
    assert response.status_code == 303


def test_kiosk_setup_needs_a_staff_login(client, app):
    response = client.get("/kiosk/setup")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    page = client.get("/kiosk/").get_data(as_text=True)
    assert "尚未啟用展示機模式" in page


def test_setup_without_events_points_officers_to_event_management(auth):
    page = auth("officer").get("/kiosk/setup").get_data(as_text=True)
    assert "還沒有任何活動" in page and 'href="/console/events/new"' in page


def test_done_and_exit_outside_kiosk_mode_go_home(client, app):
    token = hidden_fields(client, "/login")["csrf_token"]
    assert client.post("/kiosk/done", data={"csrf_token": token}).headers["Location"] == "/"
    assert client.get("/kiosk/exit").headers["Location"] == "/"


def test_a_kiosk_course_answer_is_tagged_and_its_receipt_offers_done(kiosk, app):
    from smeup.extensions import db
    from smeup.surveys.demo import seed

    with app.app_context():
        survey_id = seed().id
        db.session.commit()
    url = f"/surveys/{survey_id}"
    top5 = ["copy", "brand", "social", "events", "channels"]
    ranks = {f"rank_{n}": code for n, code in enumerate(top5, start=1)}
    company = {"company_name": "鹿港老街文創有限公司", "contact_name": "施先生"}
    company |= {"contact_phone": "04-777-2345", "consent": "y"}
    data = {**company, **ranks, "location": "審計新村", **hidden_fields(kiosk, url)}
    response = kiosk.post(url, data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    assert sql(app, "SELECT channel, event_id FROM submission") == [("roadshow", kiosk.event_id)]
    page = kiosk.get(response.headers["Location"]).get_data(as_text=True)
    assert 'action="/kiosk/done"' in page and "可加入書籤" not in page


def test_a_visitors_sbtr_draft_link_opens_for_them_and_not_for_the_next_visitor(app, client, users):
    event_id = make_event(app, forms=("sbtr",))
    start_kiosk(client, users["agent"], event_id)
    hidden = hidden_fields(client, "/sbtr/")
    data = {**hidden, "company_name": "鹿港老街文創有限公司", "action": "save_draft"}
    response = client.post("/sbtr/", data=data)
    assert response.status_code == 303 and "/sbtr/draft/" in response.headers["Location"]
    draft_url = response.headers["Location"]
    assert client.get(draft_url).status_code == 200
    assert sql(app, "SELECT channel, event_id, owner_id FROM draft") == [
        ("roadshow", event_id, None)
    ]
    client.post("/kiosk/done", data={"csrf_token": hidden_fields(client, "/kiosk/")["csrf_token"]})
    assert client.get(draft_url).headers["Location"] == "/kiosk/"


def test_the_qr_code_carries_the_public_address_not_the_host_header(kiosk, app, monkeypatch):
    monkeypatch.setitem(app.config, "SMEUP_PUBLIC_BASE_URL", "https://smeup.example.tw")
    monkeypatch.setitem(app.config, "TRUSTED_HOSTS", [])  # the host check off: links still hold
    result_url = post_netzero(kiosk).headers["Location"]
    tablet = app.test_client()  # the same tablet, asking by a forged host name
    tablet.set_cookie(
        "smeup_session", kiosk.get_cookie("smeup_session").value, domain="evil.example"
    )
    response = tablet.get(result_url, base_url="http://evil.example")
    page = html.unescape(response.get_data(as_text=True))
    assert qr_data_uri("https://smeup.example.tw" + result_url) in page
    assert "evil.example" not in page and 'action="/kiosk/done"' in page
