"""Call-centre entry over HTTP: lookup, prefill, the agent's drafts, the call note."""

import html
import re

import pytest

from smeup.models import Draft, Submission
from tests.channels.helpers import (
    hidden_fields,
    netzero_answers,
    post_netzero,
    prefill_link,
    stored_check,
    user_id,
)
from tests.helpers import count_rows, login, sql

ENTRY = "/phone/netzero"


def lookup(client, q: str) -> str:
    response = client.get("/phone/lookup", query_string={"q": q}, headers={"HX-Request": "1"})
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def names_in(fragment: str) -> list[str]:
    return re.findall(r'<span class="lookup-name">([^<]+)</span>', fragment)


def test_lookup_finds_a_company_by_the_start_of_its_ubn_once_latest_first(auth, app):
    stored_check(app, company_name="綠能五金有限公司", ubn="22099131")
    latest_id, _ = stored_check(app, company_name="綠能五金股份有限公司", ubn="22099131")
    stored_check(app, company_name="海風民宿", ubn="04541302")
    client = auth("agent")
    fragment = lookup(client, "2209")
    assert fragment.startswith('<div id="lookup-results"')
    assert names_in(fragment) == ["綠能五金股份有限公司"]  # one row per 統一編號, the latest
    [link] = re.findall(r'href="(/phone/netzero\?prefill=[^"]+)"', fragment)
    assert f"prefill={latest_id}" not in link  # a signed reference, not the bare id
    assert 'value="綠能五金股份有限公司"' in html.unescape(client.get(link).get_data(True))
    assert "找到 1 家企業" in fragment
    assert "0422223333" not in fragment  # the phone number shows masked


def test_lookup_finds_by_part_of_the_name_and_full_width_digits(auth, app):
    stored_check(app, company_name="綠能五金有限公司", ubn="22099131")
    stored_check(app, company_name="海風民宿", ubn="04541302")
    client = auth("agent")
    assert names_in(lookup(client, "民宿")) == ["海風民宿"]
    assert names_in(lookup(client, "０４５４")) == ["海風民宿"]
    assert "找不到符合「不存在」的企業" in lookup(client, "不存在")
    assert names_in(lookup(client, "%")) == []  # LIKE wildcards are plain characters
    assert names_in(lookup(client, "")) == []


def test_lookup_lists_at_most_ten_companies(auth, app):
    ubns = ["22099131", "04541302", "34051920", "04595252", "12345675"]
    for n in range(12):
        stored_check(app, company_name=f"測試企業{n:02d}", ubn=ubns[n % 5] if n < 5 else None)
    fragment = lookup(auth("agent"), "測試企業")
    assert len(names_in(fragment)) == 10
    assert names_in(fragment)[0] == "測試企業11"


def test_lookup_without_javascript_shows_results_on_the_start_page(auth, app):
    stored_check(app, company_name="海風民宿", ubn="04541302")
    page = html.unescape(auth("agent").get("/phone/", query_string={"q": "0454"}).get_data(True))
    assert names_in(page) == ["海風民宿"] and 'value="0454"' in page


def test_prefill_fills_the_company_block_but_not_consent(auth, app):
    stored_check(app, contact_email="lin@example.com")
    client = auth("agent")
    page = html.unescape(client.get(prefill_link(client, "2209", ENTRY)).get_data(True))
    for expected in (
        'value="綠能五金有限公司"',
        'value="22099131"',
        '<option selected value="臺中市">',
        'value="35"',
        'value="林小姐"',
        'value="04-2222-3333"',
        'value="lin@example.com"',
    ):
        assert expected in page, expected
    assert re.search(r'<input id="consent" name="consent"[^>]*type="checkbox"', page)
    assert not re.search(r'<input[^>]*checked[^>]*name="consent"', page)
    assert "請與來電者逐項確認" in page
    assert "通話紀錄" in page and "儲存未完成" in page


def test_prefill_of_a_missing_submission_is_not_found(auth):
    assert auth("agent").get(f"{ENTRY}?prefill=999999").status_code == 404


def test_a_phone_entry_is_tagged_phone_with_its_agent_and_keeps_the_call_note(auth, app, users):
    client = auth("agent")
    note = "來電者為林小姐本人，請週三上午回電。"
    response = post_netzero(client, ENTRY, call_note=note)
    assert response.status_code == 303 and "/netzero/r/" in response.headers["Location"]
    rows = sql(app, "SELECT channel, event_id, entered_by_id, call_note FROM submission")
    assert rows == [("phone", None, user_id(app, users["agent"]), note)]
    assert client.get(response.headers["Location"]).status_code == 200


def test_an_htmx_phone_entry_goes_to_the_result_with_hx_redirect(auth, app):
    response = post_netzero(auth("agent"), ENTRY, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "/netzero/r/" in response.headers["HX-Redirect"]
    assert sql(app, "SELECT call_note FROM submission") == [(None,)]


def test_a_refused_phone_entry_keeps_the_call_note_and_the_phone_extras(auth, app):
    client = auth("agent")
    response = post_netzero(
        client, ENTRY, headers={"HX-Request": "true"}, ubn="12345678", call_note="請回電"
    )
    assert response.status_code == 422
    page = html.unescape(response.get_data(as_text=True))
    assert page.lstrip().startswith('<form id="netzero-form"')
    assert 'action="/phone/netzero"' in page and "統一編號檢查碼不符" in page
    assert ">請回電</textarea>" in page and "儲存未完成" in page
    assert count_rows(app, Submission) == 0


def test_a_too_long_call_note_is_refused_next_to_it(auth, app):
    response = post_netzero(auth("agent"), ENTRY, call_note="長" * 2001)
    assert response.status_code == 422
    assert "通話紀錄最多 2,000 個字，目前 2,001 個字" in response.get_data(as_text=True)
    assert count_rows(app, Submission) == 0


def test_the_web_channel_has_no_event_and_no_agent(client, app):
    assert post_netzero(client).status_code == 303
    assert sql(app, "SELECT channel, event_id, entered_by_id FROM submission") == [
        ("web", None, None)
    ]


def save_draft(client, **changes):
    hidden = hidden_fields(client, ENTRY)
    data = {**netzero_answers(**changes), **hidden, "save_draft": "1"}
    return client.post(ENTRY, data=data)


def test_save_unfinished_keeps_what_was_typed_in_the_agents_queue(auth, app, users):
    client = auth("agent")
    response = save_draft(client, electricity_kwh="abc", cbam_export="", call_note="忙線中")
    assert response.status_code == 303 and response.headers["Location"] == "/phone/"
    assert count_rows(app, Submission) == 0
    with app.app_context():
        from smeup.extensions import db

        draft = db.session.scalar(db.select(Draft))
        assert (draft.form_type, draft.channel, draft.label) == (
            "netzero",
            "phone",
            "綠能五金有限公司",
        )
        assert draft.owner_id == user_id(app, users["agent"])
        assert draft.data["electricity_kwh"] == ["abc"] and draft.data["call_note"] == ["忙線中"]
        assert "csrf_token" not in draft.data and "submission_key" not in draft.data
        token = draft.token
    start = html.unescape(client.get("/phone/").get_data(as_text=True))
    assert "已儲存未完成：綠能五金有限公司" in start
    assert f"/phone/netzero?draft={token}" in start

    resumed = html.unescape(client.get(f"{ENTRY}?draft={token}").get_data(as_text=True))
    assert 'value="abc"' in resumed and ">忙線中</textarea>" in resumed
    assert f'name="draft_token" type="hidden" value="{token}"' in resumed or (
        f'name="draft_token" value="{token}"' in resumed
    )
    assert "繼續未完成的登錄" in resumed


def test_sending_a_resumed_entry_stores_it_and_empties_the_queue(auth, app):
    client = auth("agent")
    save_draft(client, electricity_kwh="")
    with app.app_context():
        from smeup.extensions import db

        token = db.session.scalar(db.select(Draft.token))
    hidden = hidden_fields(client, f"{ENTRY}?draft={token}")
    data = {**netzero_answers(), **hidden, "draft_token": token, "call_note": "已完成"}
    response = client.post(ENTRY, data=data)
    assert response.status_code == 303
    assert count_rows(app, Draft) == 0
    assert sql(app, "SELECT channel, call_note FROM submission") == [("phone", "已完成")]


def test_saving_a_resumed_entry_again_updates_the_same_draft(auth, app):
    client = auth("agent")
    save_draft(client)
    with app.app_context():
        from smeup.extensions import db

        token = db.session.scalar(db.select(Draft.token))
    hidden = hidden_fields(client, f"{ENTRY}?draft={token}")
    data = {**netzero_answers(company_name="海風民宿"), **hidden, "draft_token": token}
    client.post(ENTRY, data={**data, "save_draft": "1"})
    assert sql(app, "SELECT label FROM draft") == [("海風民宿",)]


def test_an_agent_cannot_resume_or_delete_someone_elses_draft(app, client, users):
    login(client, users["agent"])
    save_draft(client)
    with app.app_context():
        from smeup.extensions import db

        token = db.session.scalar(db.select(Draft.token))
    other = app.test_client()
    login(other, users["officer"])
    assert other.get(f"{ENTRY}?draft={token}").status_code == 404
    assert token not in other.get("/phone/").get_data(as_text=True)
    csrf = hidden_fields(other, "/phone/")["csrf_token"]
    assert other.post(f"/phone/drafts/{token}/delete", data={"csrf_token": csrf}).status_code == 404
    assert count_rows(app, Draft) == 1


def test_an_agent_deletes_their_own_draft(auth, app):
    client = auth("agent")
    save_draft(client)
    with app.app_context():
        from smeup.extensions import db

        token = db.session.scalar(db.select(Draft.token))
    csrf = hidden_fields(client, "/phone/")["csrf_token"]
    response = client.post(f"/phone/drafts/{token}/delete", data={"csrf_token": csrf})
    assert response.status_code == 303
    assert count_rows(app, Draft) == 0
    assert "已刪除未完成" in client.get("/phone/").get_data(as_text=True)


def test_the_start_page_lists_the_forms_with_the_phone_entry_for_net_zero(auth):
    page = auth("agent").get("/phone/").get_data(as_text=True)
    tiles = re.findall(r'<a class="tile" href="([^"]+)"', page)
    assert tiles[0] == "/phone/netzero" and "/surveys/" in tiles
    assert "目前沒有未完成的登錄" in page


@pytest.mark.parametrize("url", ["/phone/", ENTRY, "/phone/lookup?q=22"])
def test_phone_pages_need_a_staff_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_call_note_is_shown_to_officers_and_never_exported(app, client, users):
    login(client, users["agent"])
    note = "來電者要求以電子郵件寄送結果"
    assert post_netzero(client, ENTRY, call_note=note).status_code == 303
    (submission_id,) = sql(app, "SELECT id FROM submission")[0]
    officer = app.test_client()
    login(officer, users["officer"])
    detail = officer.get(f"/console/netzero/{submission_id}").get_data(as_text=True)
    assert "通話紀錄" in detail and note in detail
    for fmt, query in (("csv", ""), ("csv", "?zh=1"), ("xlsx", "")):
        exported = officer.get(f"/console/netzero/export.{fmt}{query}")
        assert exported.status_code == 200
        body = exported.get_data()
        if fmt == "xlsx":
            import io
            import zipfile

            with zipfile.ZipFile(io.BytesIO(body)) as book:
                body = b"".join(book.read(name) for name in book.namelist())
        text = body.decode("utf-8", "replace")
        assert "22099131" in text, fmt  # the row is there ...
        assert (
            note not in text and "call_note" not in text and "通話紀錄" not in text
        )  # ... not the note


def test_an_sbtr_draft_the_agent_saved_is_in_their_queue_and_resumes_in_the_sbtr_form(
    auth, app, users
):
    from datetime import timedelta

    from smeup.extensions import db
    from smeup.models.base import utcnow

    client = auth("agent")
    with app.app_context():
        draft = Draft(
            token="sbtr-draft-token-0123456789abcdef",
            form_type="sbtr",
            data={"plan_title": "鹿港老街創生"},
            label="鹿港老街文創有限公司",
            owner_id=user_id(app, users["agent"]),
            channel="phone",
            expires_at=utcnow() + timedelta(days=1),
        )
        db.session.add(draft)
        db.session.commit()
    page = html.unescape(client.get("/phone/").get_data(as_text=True))
    assert "鹿港老街文創有限公司" in page and "城鄉創生（SBTR）計畫申請" in page
    assert 'href="/sbtr/draft/sbtr-draft-token-0123456789abcdef"' in page


def test_a_course_answer_an_agent_enters_is_tagged_phone_with_the_agent(auth, app, users):
    from smeup.extensions import db
    from smeup.surveys.demo import seed

    with app.app_context():
        survey_id = seed().id
        db.session.commit()
    client = auth("agent")
    url = f"/surveys/{survey_id}"
    ranks = {
        f"rank_{n}": c for n, c in enumerate(["copy", "brand", "social", "events", "channels"], 1)
    }
    company = {
        "company_name": "海風民宿",
        "contact_name": "陳先生",
        "contact_phone": "0912-345-678",
    }
    data = {
        **company,
        **ranks,
        "consent": "y",
        "location": "台東樂活",
        **hidden_fields(client, url),
    }
    assert client.post(url, data=data).status_code == 303
    rows = sql(app, "SELECT form_type, channel, event_id, entered_by_id FROM submission")
    assert rows == [("course", "phone", None, user_id(app, users["agent"]))]
