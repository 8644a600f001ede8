"""The register over HTTP: company page, search, linking, merge, referrals, hand-off export."""

import csv
import html
import io
import re

import openpyxl

from smeup.database import write_unit
from smeup.extensions import db
from smeup.models import AuditEntry, Submission
from smeup.models.register import Company, Referral
from smeup.register.referrals import refer
from tests.helpers import csrf_token
from tests.register.conftest import store, store_course


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def post(client, url: str, page: str, **data):
    return client.post(url, data={"csrf_token": csrf_token(client, page), **data})


def company_id(app, ubn="22099131") -> int:
    with app.app_context():
        return db.session.scalar(db.select(Company.id).filter_by(ubn=ubn))


def seed_journey(app):
    """Two yearly checks and a course ranking of one company, one unrelated check."""
    with app.test_request_context():
        older = store(year=2023, kwh=160000, employees=3).submission.id
        course = store_course(employees=3).submission.id
        newer = store(year=2024, kwh=120000, employees=3).submission.id
        store(ubn="04541302", company_name="海風民宿")
    return older, course, newer


def test_company_page_shows_header_timeline_newest_first_and_emissions(auth, app):
    older, course, newer = seed_journey(app)
    page = text_of(auth("officer").get(f"/console/companies/{company_id(app)}"))
    assert "綠能五金有限公司" in page and "統一編號 22099131" in page
    assert "小規模企業" in page  # 3 employees
    order = [page.index(f"第 {n} 號") for n in (newer, course, older)]
    assert order == sorted(order)  # newest first
    assert "課程意願調查" in page and "海風民宿" not in page
    assert "歷年排放量" in page and "2023 年" in page and "2024 年" in page
    assert '<svg viewBox="0 0' in page


def test_one_data_year_shows_no_emissions_history(auth, app):
    with app.test_request_context():
        store()
    page = text_of(auth("officer").get(f"/console/companies/{company_id(app)}"))
    assert "歷年排放量" not in page and "中小企業" in page


def test_status_changes_notes_and_referrals_appear_in_the_timeline(auth, app):
    _, _, newer = seed_journey(app)
    client = auth("officer")
    detail = f"/console/netzero/{newer}"
    assert post(client, detail + "/notes", detail, text="已電話聯繫林小姐").status_code == 303
    assert post(client, detail + "/status", detail, status="處理中").status_code == 303
    company = f"/console/companies/{company_id(app)}"
    response = post(
        client,
        f"/console/checks/{newer}/refer",
        company,
        item_key="diagnosis",
        unit="itri",
        next=company,
    )
    assert response.status_code == 303 and response.headers["Location"] == company + "#referrals"
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text_of(client.get(company))))
    assert "已電話聯繫林小姐" in page and "已收件 → 處理中" in page
    assert "「健檢診斷」→ 工研院：開立 → 待轉介" in page


def test_the_console_list_search_and_the_company_search_find_companies(auth, app):
    seed_journey(app)
    client = auth("officer")
    target = f"/console/companies/{company_id(app)}"
    rows = client.get(
        "/console/netzero/?q=2209", headers={"HX-Request": "1", "HX-Target": "submission-rows"}
    )
    assert f'href="{target}"' in text_of(rows)
    found = client.get(
        "/console/companies/?q=綠能", headers={"HX-Request": "1", "HX-Target": "company-results"}
    )
    fragment = text_of(found)
    assert fragment.startswith('<div id="company-results"') and f'href="{target}"' in fragment
    assert "海風民宿" not in fragment
    assert "找不到符合「不存在」的企業" in text_of(client.get("/console/companies/?q=不存在"))


def test_the_list_s_company_matches_follow_the_list_s_rule_start_of_name_or_number(auth, app):
    seed_journey(app)
    client = auth("officer")
    target = f'href="/console/companies/{company_id(app)}"'
    htmx = {"HX-Request": "1", "HX-Target": "submission-rows"}

    def matches(q: str) -> str:
        fragment = text_of(client.get("/console/netzero/", query_string={"q": q}, headers=htmx))
        _rows, found, block = fragment.partition('<div class="company-matches">')
        return block if found else ""

    # The start of the name, typed with a space or in full-width: folded like the list's search.
    assert target in matches("綠能 五金")
    assert target in matches("2209") and "海風民宿" not in matches("2209")
    # Inside a name is not the start of it: the list shows no rows, so no company either.
    assert matches("五金") == ""
    # The register's own search page still finds a name anywhere in it.
    found = client.get("/console/companies/", query_string={"q": "五金"})
    assert target in text_of(found)


def test_an_officer_confirms_a_suggested_match_from_the_submission_page(auth, app):
    with app.test_request_context():
        store()
        unlinked = store_course(ubn=None).submission.id
    client = auth("officer")
    detail = f"/console/course/{unlinked}"
    assert "連結到這家" in text_of(client.get(detail))
    response = post(
        client,
        f"/console/submissions/{unlinked}/link",
        detail,
        company_id=company_id(app),
        next=detail,
    )
    assert response.status_code == 303
    assert "這份資料屬於" in text_of(client.get(detail))
    with app.app_context():
        assert db.session.get(Submission, unlinked).company_id == company_id(app)


def test_merge_over_http_shows_errors_beside_fields_then_merges(auth, app):
    with app.test_request_context():
        store()
        wrong = store(ubn="22099132", company_name="綠能五金").submission.id
    client = auth("officer")
    source = f"/console/companies/{company_id(app, '22099132')}"
    url = source + "/merge"
    refused = post(client, url, url, target_ubn="12345675", reason="打錯一碼")
    assert refused.status_code == 422
    page = text_of(refused)
    assert "登記簿中沒有統一編號 12345675 的企業" in page
    assert '<input type="hidden" name="reason" value="打錯一碼">' in page
    no_reason = text_of(post(client, url, url, target_ubn="22099131", reason=""))
    assert "請填寫合併理由" in no_reason
    done = post(client, url, url, target_ubn="22099131", reason="打錯一碼")
    target = f"/console/companies/{company_id(app)}"
    assert done.status_code == 303 and done.headers["Location"] == target
    assert f"第 {wrong} 號" in text_of(client.get(target))
    assert "這筆企業資料已併入" in text_of(client.get(source))


def refer_three(app, officer_name="officer1"):
    """A check with three referrals to ITRI; the company name would run as a formula."""
    from smeup.models import User

    with app.test_request_context():
        check = store(company_name='=HYPERLINK("http://x")').submission
        officer = db.session.scalar(db.select(User).filter_by(username=officer_name))
        with write_unit():
            made = [refer(check, k, "itri", officer) for k in ("diagnosis", "counselling")]
            refer(check, "inventory_help", "pidc", officer)
        return check.id, [r.id for r in made]


def test_queue_lists_open_referrals_and_a_refused_move_says_why_beside_the_field(auth, app):
    check_id, (first, second) = refer_three(app)
    client = auth("officer")
    page = text_of(client.get("/console/referrals/itri/"))
    assert page.index("健檢診斷") < page.index("減碳輔導") and "協助完成溫室氣體盤查" not in page
    assert "0 天" in re.sub(r"<[^>]+>", "", page)
    refused = post(
        client,
        f"/console/referrals/{first}/move",
        "/console/referrals/itri/",
        status="不需要",
        reason="",
    )
    assert refused.status_code == 422
    assert f'id="reason-{first}-error"' in refused.get_data(as_text=True)
    assert "改為「不需要」時請填寫理由" in text_of(refused)


def test_handoff_export_has_the_columns_bom_and_neutralised_formulas_then_confirm(auth, app):
    check_id, ids = refer_three(app)
    client = auth("officer")
    queue = "/console/referrals/itri/"
    page = text_of(client.get(queue))
    wanted = ",".join(map(str, ids))
    assert f'name="ids" value="{wanted}"' in page
    body = client.get(f"/console/referrals/itri/handoff.csv?ids={wanted}&headers=keys").data
    assert body.startswith(b"\xef\xbb\xbf") and b"\r\n" in body
    rows = list(csv.reader(io.StringIO(body[3:].decode("utf-8"))))
    assert rows[0] == [
        "referral_id", "referred_at", "unit", "item", "company_name", "ubn", "county", "industry",
        "employees", "contact_name", "contact_phone", "contact_email", "consent", "submission_id",
        "submitted_at", "data_year", "scope1_tco2e", "scope2_tco2e", "total_tco2e", "urgency",
        "urgency_reasons", "prescriptions",
    ]  # fmt: skip
    assert [r[3] for r in rows[1:]] == ["健檢診斷", "減碳輔導"]
    assert rows[1][4] == '\'=HYPERLINK("http://x")' and rows[1][5] == "22099131"
    assert rows[1][2] == "工業技術研究院" and rows[1][12] == "是" and rows[1][19] == "高"
    xlsx = client.get(f"/console/referrals/itri/handoff.xlsx?ids={wanted}").data
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    assert sheet["A1"].value == "轉介編號" and sheet["E2"].value == '=HYPERLINK("http://x")'
    assert sheet["E2"].data_type == "s" and sheet["F2"].value == "22099131"
    with app.app_context():  # downloading changes nothing
        assert {r.status for r in db.session.scalars(db.select(Referral))} == {"待轉介"}
    confirmed = post(client, "/console/referrals/itri/handoff/confirm", queue, ids=wanted)
    assert confirmed.status_code == 303
    with app.app_context():
        statuses = dict(db.session.execute(db.select(Referral.item_key, Referral.status)).all())
        actions = db.session.scalars(db.select(AuditEntry.action)).all()
    assert statuses == {"diagnosis": "已轉介", "counselling": "已轉介", "inventory_help": "待轉介"}
    assert actions.count("referral_handoff") == 2 and "referral_handoff_confirm" in actions


def test_the_handoff_speaks_zh_hant_by_default_and_gives_the_keys_as_an_option(auth, app):
    _, ids = refer_three(app)
    client = auth("officer")
    queue = text_of(client.get("/console/referrals/itri/"))
    wanted = ",".join(map(str, ids))
    assert re.search(r"handoff\.csv\?[^\"]*headers=keys", queue)
    assert "欄位代碼（供程式使用）" in queue and "headers=zh" not in queue
    body = client.get(f"/console/referrals/itri/handoff.csv?ids={wanted}").data
    head = next(csv.reader(io.StringIO(body[3:].decode("utf-8"))))
    assert head[:6] == [
        "轉介編號",
        "開立轉介時間（臺北時間）",
        "轉介單位",
        "轉介項目",
        "企業名稱",
        "統一編號",
    ]
    assert "referral_id" not in head and len(head) == 22
    keys = client.get(f"/console/referrals/itri/handoff.xlsx?ids={wanted}&headers=keys").data
    assert openpyxl.load_workbook(io.BytesIO(keys)).active["A1"].value == "referral_id"
    with app.app_context():
        logged = db.session.scalars(
            db.select(AuditEntry).filter_by(action="referral_handoff").order_by(AuditEntry.id)
        ).all()
    assert [e.detail["zh_headers"] for e in logged] == [True, False]


def test_the_dashboard_shows_referrals_by_unit_and_status(auth, app):
    refer_three(app)
    page = text_of(auth("officer").get("/console/"))
    assert "處方轉介" in page and "工研院" in page and "尚無資料" in page


def test_a_navigator_result_joins_the_company_timeline_with_its_verdicts(auth, app, monkeypatch):
    from datetime import date

    from smeup.programmes import forms as navigator_forms
    from tests.programmes.navigator_pages import submit

    monkeypatch.setattr(navigator_forms, "taipei_today", lambda: date(2026, 11, 30))
    with app.test_request_context():
        store()
    client = app.test_client()
    assert submit(client, ubn="22099131").status_code == 303
    page = text_of(auth("officer").get(f"/console/companies/{company_id(app)}"))
    timeline = page[page.index("歷程") :]
    assert "補助與獎勵導航 第" in timeline
    assert "SBIR 一般型" in timeline and "大企業加速" in timeline
