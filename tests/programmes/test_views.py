"""The navigator pages over HTTP: form, validation, storing once, the result link, channels."""

import re

import pytest

from smeup.models import Submission
from smeup.models.navigator import NavigatorCheck
from smeup.submission_keys import KEY_REUSED
from tests.helpers import NAVIGATOR_FORM, count_rows, login, sql
from tests.programmes.navigator_pages import FORM, HTMX, cards, open_form, submit, text


@pytest.fixture(autouse=True)
def _today(fixed_today):
    """The navigator judges company age against today in Taipei."""


def test_form_has_every_question_with_its_label(client):
    page = text(client.get(FORM))
    assert re.search(r'<label for="founded_on">設立日期', page)
    assert 'type="date"' in page
    for legend in (
        "組織型態",
        "想找的資源",
        "研發進度",
        "研發主題",
        "曾完成的 SBIR 階段",
        "產業領域",
        "能否自籌至少一半經費",
        "近 3 年是否有欠稅",
        "陸資持股是否超過 30%，或負責人／經理人為陸資投資人",
    ):
        assert f"<legend>{legend}" in page, legend
    for name, value, label in (
        ("org_form", "none", "尚未設立"),
        ("need", "accelerator", "大企業想與新創合作"),
        ("rnd_stage", "commercialising", "已完成研發、要加值應用"),
        ("rnd_theme", "drone", "無人載具應用"),
        ("sbir_done", "phase2plus", "Phase 2+"),
        ("focus_industry", "space", "太空科技"),
        ("self_funding", "unsure", "不確定"),
        ("mainland_capital", "yes", "是（超過 30%，或負責人／經理人為陸資投資人）"),
    ):
        assert re.search(
            rf'name="{name}" (required )?type="(radio|checkbox)" value="{value}"', page
        ), name
        assert f"<span>{label}</span>" in page
    # The company block: 統一編號 optional here, 員工人數 required (the SME test needs it).
    assert re.search(r'<label for="ubn">統一編號</label>', page)
    assert re.search(r'<label for="employees">員工人數<span class="req">（必填）', page)
    assert "個人資料蒐集告知事項" in page


def test_valid_submission_stores_once_and_shows_each_verdict(client, app):
    response = submit(client)
    assert response.status_code == 303
    location = response.headers["Location"]
    assert re.fullmatch(r"/navigator/r/[A-Za-z0-9_-]{43}", location)
    assert count_rows(app, Submission) == 1 and count_rows(app, NavigatorCheck) == 1
    page = text(client.get(location))
    assert cards(page) == {
        "sbir_general": "符合",
        "sbir_local": "符合",
        "cocreation": "符合",
        "accelerator": "不符合",
    }
    assert "Phase 2 研究開發：補助上限 1,200 萬元" in page
    assert "主題式徵件「AI 智慧應用」" in page
    assert (
        "新竹市屬「西部其他縣市」，地方政府與中央配合比例依各縣市公告（計畫簡介所列為 1:2）" in page
    )
    assert "每案固定獎勵 200 萬元" in page
    for contact in ("0800-888-968", "(03)591-8253", "0800-056-476"):
        assert contact in page
    assert 'href="https://www.sbir.org.tw/"' in page
    assert "判斷依據：2026 年 1 月公告之補助上限；以主辦單位最新公告為準" in page
    [(channel, form_type, ubn, status)] = sql(
        app, "SELECT channel, form_type, ubn, status FROM submission"
    )
    assert (channel, form_type, ubn, status) == ("web", "navigator", "04541302", "已收件")
    [(general, local, award, route, judged, version)] = sql(
        app,
        "SELECT sbir_general, sbir_local, cocreation, accelerator, judged_on, rules_version"
        " FROM navigator_check",
    )
    assert (general, local, award, route) == ("符合", "符合", "符合", "不符合")
    assert str(judged)[:10] == "2026-11-30" and version == "innovation-2026"


def test_fits_come_first_and_the_result_has_one_of_each_verdict(client):
    response = submit(client, self_funding="unsure", need=["rnd", "cocreation", "netzero"])
    page = text(client.get(response.headers["Location"]))
    verdicts = list(cards(page).values())
    assert verdicts == sorted(verdicts, key=["符合", "可能符合", "不符合"].index)
    assert {"符合", "可能符合", "不符合"} <= set(verdicts)
    assert "不確定能否自籌一半經費" in page
    # The ticked 節能減碳 need links to the 淨零健檢.
    assert '<a href="/netzero/">淨零健檢</a>' in page


def test_digital_need_links_to_the_course_survey(client):
    response = submit(client, need=["digital"], rnd_stage=None, rnd_theme=None)
    page = text(client.get(response.headers["Location"]))
    assert "數位轉型（微型企業數位轉型輔導）" in page and "9 人以下" in page
    assert '<a href="/surveys/">' in page
    assert "貴公司員工 28 人，超過 9 人，是否適用請向主辦單位確認" in page
    small = submit(client, need=["digital"], rnd_stage=None, rnd_theme=None, employees="6")
    assert "超過 9 人" not in text(client.get(small.headers["Location"]))


def test_errors_sit_next_to_fields_and_keep_what_was_typed(client, app):
    response = submit(
        client,
        need="rnd",
        rnd_stage=None,
        focus_industry=None,
        founded_on="2027-01-01",
        company_name="<b>測試</b>",
        self_funding="maybe",
    )
    assert response.status_code == 422
    page = text(response)
    assert "勾選了研發補助，請選擇研發進度" in page
    assert "設立日期不可晚於今天" in page
    assert "請從選項中選擇" in page  # self_funding=maybe
    assert "勾選了與中大企業共創" not in page  # not ticked: the industry is not required
    assert 'value="2027-01-01"' in page
    assert "&lt;b&gt;測試&lt;/b&gt;" in response.get_data(as_text=True)
    assert 'id="navigator-errors"' in page
    assert count_rows(app, Submission) == 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"need": None}, "請至少勾選一項想找的資源"),
        ({"need": ["rnd", "teleport"]}, "請從選項中選擇"),
        ({"founded_on": "1899-12-31"}, "設立日期不可早於 1900 年"),
        ({"founded_on": "2021/13/01"}, "日期格式不正確"),
        ({"founded_on": ""}, "請填寫設立日期"),
        ({"org_form": None}, "請選擇組織型態"),
        ({"tax_arrears": None}, "請選擇「近 3 年是否有欠稅」是或否"),
        ({"employees": ""}, "請填寫員工人數"),
        ({"ubn": "12345678"}, "統一編號檢查碼不符"),
        ({"consent": None}, "請勾選同意個人資料蒐集"),
    ],
)
def test_each_refusal_says_why(client, app, changes, message):
    response = submit(client, **changes)
    assert response.status_code == 422
    assert message in text(response)
    assert count_rows(app, Submission) == 0


def test_not_yet_founded_needs_no_date_and_is_told_so(client, app):
    response = submit(client, org_form="none", founded_on="", ubn="")
    assert response.status_code == 303
    page = text(client.get(response.headers["Location"]))
    assert cards(page)["sbir_general"] == "不符合"
    assert "尚未設立" in page
    [(founded,)] = sql(app, "SELECT founded_on FROM navigator_check")
    assert founded is None


def test_double_submit_stores_once_and_changed_content_is_refused(client, app):
    hidden = open_form(client)
    first = submit(client, hidden=hidden)
    second = submit(client, hidden=hidden)
    assert first.headers["Location"] == second.headers["Location"]
    assert count_rows(app, Submission) == 1
    changed = submit(client, hidden=hidden, company_name="另一家公司")
    assert changed.status_code == 422 and KEY_REUSED in text(changed)
    assert count_rows(app, Submission) == 1


def test_htmx_submit_gets_partial_or_redirect(client):
    refused = submit(client, headers=HTMX, consent=None)
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422 and body.startswith('<form id="navigator-form"')
    accepted = submit(client, headers=HTMX)
    assert accepted.status_code == 200
    assert accepted.headers["HX-Redirect"].startswith("/navigator/r/")


def test_stale_key_is_refused_and_replaced(client, app):
    hidden = {**open_form(client), "submission_key": "x"}
    response = submit(client, hidden=hidden)
    assert response.status_code == 422 and "已逾時或不完整" in text(response)
    assert count_rows(app, Submission) == 0


def test_unknown_result_token_is_404(client):
    assert client.get("/navigator/r/no-such-token").status_code == 404
    assert client.get("/navigator/r/" + "a" * 80).status_code == 404


def test_a_netzero_result_link_does_not_open_as_a_navigator_result(client):
    from tests.helpers import NETZERO_FORM

    page = client.get("/netzero/").get_data(as_text=True)
    hidden = dict(
        re.findall(r'name="(csrf_token|submission_key)" type="hidden" value="([^"]+)"', page)
    )
    response = client.post("/netzero/", data={**NETZERO_FORM, **hidden})
    token = response.headers["Location"].rsplit("/", 1)[1]
    assert client.get(f"/navigator/r/{token}").status_code == 404


def test_inline_check_of_one_field(client):
    hidden = open_form(client)
    response = client.post(
        "/validate/navigator/founded_on",
        data={**NAVIGATOR_FORM, "founded_on": "2099-01-01"},
        headers={"X-CSRFToken": hidden["csrf_token"]},
    )
    assert response.status_code == 200 and "設立日期不可晚於今天" in text(response)


def test_home_page_lists_the_navigator(client):
    assert '<a class="tile" href="/navigator/"' in client.get("/").get_data(as_text=True)


def test_phone_agent_entry_records_channel_note_and_prefill(client, app, users):
    assert login(client, users["agent"]).status_code == 302
    first = submit(client, call_note="來電詢問 SBIR，下午回電")
    assert first.status_code == 303
    [(sid, channel, note)] = sql(app, "SELECT id, channel, call_note FROM submission")
    assert (channel, note) == ("phone", "來電詢問 SBIR，下午回電")
    start = text(client.get("/phone/"))
    assert 'href="/navigator/"' in start and "補助與獎勵導航" in start
    lookup = text(client.get("/phone/lookup?q=04541302"))
    # the lookup links with a signed reference issued to this agent, never a bare id
    [reference] = re.findall(r'href="/navigator/\?prefill=([^"]+)"', lookup)
    assert reference != str(sid)
    assert "智聯感測股份有限公司" not in text(client.get(f"/navigator/?prefill={sid}"))
    prefilled = text(client.get(f"/navigator/?prefill={reference}"))
    assert 'value="智聯感測股份有限公司"' in prefilled
    assert 'id="call_note"' in prefilled
    assert re.search(r'id="consent"[^>]*checked', prefilled) is None


def test_anonymous_prefill_shows_nothing_and_no_call_note(client, app):
    submit(client)
    [(sid,)] = sql(app, "SELECT id FROM submission")
    page = text(client.get(f"/navigator/?prefill={sid}"))
    assert "智聯感測股份有限公司" not in page and 'id="call_note"' not in page
    # A call note posted by an anonymous visitor is ignored, never stored.
    submit(client, call_note="hello")
    assert sql(app, "SELECT call_note FROM submission WHERE call_note IS NOT NULL") == []


def test_error_list_follows_the_page_order(client):
    page = text(submit(client, org_form=None, founded_on="", rnd_stage=None, tax_arrears=None))
    start = page.index('id="navigator-errors"')
    summary = page[start : page.index("</ul>", start)]
    order = [
        summary.index(f"{label}：")
        for label in ("組織型態", "設立日期", "研發進度", "近 3 年是否有欠稅")
    ]
    assert order == sorted(order)


def test_an_agent_saves_an_unfinished_pre_screen_resumes_it_and_sends_it(client, app, users):
    assert login(client, users["agent"]).status_code == 302
    half = {"rnd_stage": None, "tax_arrears": None, "employees": "abc"}
    saved = submit(client, call_note="客戶稍後回電", save_draft="1", **half)
    assert saved.status_code == 303 and saved.headers["Location"] == "/phone/"
    assert count_rows(app, Submission) == 0  # kept unchecked, nothing stored
    start = text(client.get("/phone/"))
    assert "已儲存未完成：智聯感測股份有限公司" in start
    [token] = re.findall(r'href="/navigator/\?draft=([^"]+)"', start)
    resumed = text(client.get(f"/navigator/?draft={token}"))
    assert "繼續未完成的登錄：智聯感測股份有限公司" in resumed
    assert 'value="abc"' in resumed and ">客戶稍後回電</textarea>" in resumed
    assert f'name="draft_token" value="{token}"' in resumed
    # Another agent's draft does not open.
    other = app.test_client()
    assert login(other, users["officer"]).status_code == 302
    assert other.get(f"/navigator/?draft={token}").status_code == 404
    # Sent complete: stored once, and the draft leaves the queue in the same step.
    hidden = open_form(client, f"/navigator/?draft={token}")
    sent = submit(client, hidden=hidden, draft_token=token, call_note="客戶稍後回電")
    assert sent.status_code == 303
    assert sql(app, "SELECT channel, call_note FROM submission") == [("phone", "客戶稍後回電")]
    assert sql(app, "SELECT count(*) FROM draft") == [(0,)]


def test_visitors_cannot_save_unfinished_or_resume(client, app):
    page = text(client.get(FORM))
    assert "儲存未完成" not in page
    assert submit(client, save_draft="1").status_code == 303  # an ordinary send
    assert count_rows(app, Submission) == 1
    assert client.get("/navigator/?draft=anything").status_code == 200  # the blank form


# ---- issue 24: exclusions, the registry's status, no internal codes on public pages ---------
