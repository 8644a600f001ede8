"""The SBTR form over HTTP: submit A and B+, errors next to fields, eligibility enforced."""

import re

from smeup.extensions import db
from smeup.models import Submission
from smeup.models.sbtr import SbtrMember, SbtrProposal, SbtrUpload
from smeup.sbtr.plan import plan_end
from tests.helpers import count_rows, login
from tests.sbtr.conftest import (
    BLUEPRINT,
    proposal_a,
    proposal_b_plus,
    start_date,
    tiny_pdf,
)


def stored(app) -> Submission:
    with app.app_context():
        submission = db.session.scalars(db.select(Submission)).one()
        submission.sbtr.members  # noqa: B018 - load while the session is open
        submission.sbtr.loi  # noqa: B018
        db.session.expunge_all()
        return submission


def test_form_has_every_field_by_its_contract_name(client):
    html = client.get("/sbtr/").get_data(as_text=True)
    for name in (
        "company_name",
        "ubn",
        "employees",
        "paid_in_capital",
        "category",
        "plan_title",
        "site_county",
        "site_address",
        "site_right",
        "site_right_until",
        "site_operating",
        "planned_start",
        "blueprint",
        "expected_local_jobs",
        "members-0-prior_sbtr",
        "loi_file",
        "submission_key",
    ):
        assert f'name="{name}"' in html, name
    assert 'enctype="multipart/form-data"' in html
    assert 'data-hx-encoding="multipart/form-data"' in html
    assert "城鄉創生發展藍圖" in html and "團隊經營共識與城鄉事業藍圖" in html
    assert 'value="add_member"' in html and "新增成員" in html
    assert 'value="save_draft"' in html and "儲存草稿" in html
    assert html.count("<option value=") >= 22 * 2


def test_a_proposal_is_stored_with_its_applicant_row_and_eligibility(app, sbtr):
    response = sbtr.post(proposal_a())
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    submission = stored(app)
    assert response.headers["Location"].endswith(f"/sbtr/r/{submission.result_token}")
    assert (submission.form_type, submission.channel, submission.status) == (
        "sbtr",
        "web",
        "已收件",
    )
    assert submission.paid_in_capital == 5_000_000
    proposal = submission.sbtr
    assert proposal.category == "A"
    assert proposal.planned_start == start_date()
    assert proposal.plan_end == plan_end(start_date())
    assert proposal.site_right_until is None
    assert proposal.blueprint == BLUEPRINT
    assert proposal.member_count == 1
    assert [
        (m.position, m.ubn, m.name, m.employees, m.paid_in_capital) for m in proposal.members
    ] == [(0, "22099131", "山海創生有限公司", 12, 5_000_000)]
    assert proposal.eligible is True
    assert proposal.ineligible_reasons == []
    assert [i["key"] for i in proposal.eligibility_items] == [
        "single_enterprise",
        "sme",
        "no_prior_sbtr",
        "site_right",
        "site_operating",
    ]
    assert proposal.loi_upload_id is None


def test_b_plus_proposal_stores_every_member_and_the_letter(app, sbtr):
    pdf = tiny_pdf()
    response = sbtr.post(proposal_b_plus(), loi=(pdf, "意向書.pdf"))
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    proposal = stored(app).sbtr
    assert proposal.category == "B_PLUS"
    assert proposal.member_count == 3
    assert [(m.position, m.ubn, m.name) for m in proposal.members] == [
        (0, "22099131", "山海創生有限公司"),
        (1, "04541302", "乙合作社"),
        (2, "34051920", "丙工作室"),
    ]
    assert proposal.eligible
    assert proposal.loi.filename == "意向書.pdf"
    assert proposal.loi.size == len(pdf)
    assert proposal.site_right == "leased" and proposal.site_right_until is not None


def test_receipt_shows_the_result_and_summary(client, sbtr):
    response = sbtr.post(proposal_b_plus(), loi=(tiny_pdf(), "loi.pdf"))
    receipt = client.get(response.headers["Location"])
    html = receipt.get_data(as_text=True)
    assert receipt.status_code == 200
    assert "已收到您的城鄉創生（SBTR）計畫申請" in html
    assert "送出時符合所有申請資格" in html
    assert "乙合作社" in html and "丙工作室" in html
    assert plan_end(start_date()).isoformat() in html
    assert "團隊經營共識與城鄉事業藍圖" in html
    assert "/console/sbtr/upload/" not in html  # the public receipt never links the file


def test_htmx_submit_gets_hx_redirect(app, sbtr):
    response = sbtr.post(proposal_a(), htmx=True)
    assert response.status_code == 200
    assert response.headers["HX-Redirect"].startswith("/sbtr/r/")


def test_errors_are_next_to_their_fields_and_keep_what_was_typed(app, sbtr):
    data = proposal_a(
        plan_title="",
        ubn="12345678",
        blueprint="太短",
        planned_start="2020-01-01",
        expected_local_jobs="三個",
        site_address="臺東縣<b>池上</b>",
    )
    response = sbtr.post(data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "請填寫計畫名稱" in html
    assert "統一編號檢查碼不符" in html
    assert "城鄉創生發展藍圖至少 50 個字，目前 2 個字" in html
    assert "預定開始日期不可早於今天" in html
    assert "請填寫整數" in html
    assert 'value="臺東縣&lt;b&gt;池上&lt;/b&gt;"' in html
    assert 'id="plan_title-error"' in html and 'aria-invalid="true"' in html
    assert count_rows(app, Submission) == 0


def test_site_right_until_required_unless_owned_and_past_the_plan_end(app, sbtr):
    end = plan_end(start_date())
    html = sbtr.post(proposal_a(site_right="leased")).get_data(as_text=True)
    assert "租賃或無償使用／授權的場域，請填寫使用權期限" in html
    response = sbtr.post(proposal_a(site_right="authorized", site_right_until=end.isoformat()))
    assert response.status_code == 422
    assert f"使用權期限須晚於計畫結束日 {end.isoformat()}" in response.get_data(as_text=True)
    assert count_rows(app, Submission) == 0


def test_site_operating_must_be_ticked(app, sbtr):
    data = proposal_a()
    del data["site_operating"]
    response = sbtr.post(data)
    assert response.status_code == 422
    assert "創生場域須可實際進入常態性商轉" in response.get_data(as_text=True)


def test_blueprint_label_and_message_follow_the_category(app, sbtr):
    data = proposal_b_plus(blueprint="")
    html = sbtr.post(data, loi=(tiny_pdf(), "a.pdf")).get_data(as_text=True)
    assert "請填寫團隊經營共識與城鄉事業藍圖" in html


def test_ineligible_proposal_is_refused_with_the_reason(app, sbtr):
    response = sbtr.post(proposal_a(**{"members-0-prior_sbtr": "y"}))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "目前尚不符合申請資格" in html
    assert "曾獲 SBTR 計畫輔導（含聯合執行企業），不得申請 A類" in html
    assert count_rows(app, Submission) == 0


def test_b_plus_with_two_members_is_refused(app, sbtr):
    response = sbtr.post(proposal_b_plus(members=MEMBERS_ONE), loi=(tiny_pdf(), "a.pdf"))
    assert response.status_code == 422
    assert "目前只有 2 家" in response.get_data(as_text=True)
    assert count_rows(app, SbtrProposal) == 0


MEMBERS_ONE = [("04541302", "乙合作社", "8", "1200000")]


def test_b_plus_without_letter_says_so_next_to_the_field(app, sbtr):
    response = sbtr.post(proposal_b_plus())
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'id="loi_file-error">B\+類須上傳合作意向書', html)


def test_b_plus_duplicate_member_ubn_is_refused(app, sbtr):
    members = [("04541302", "乙合作社", "8", "1200000"), ("22099131", "重複", "3", "300000")]
    response = sbtr.post(proposal_b_plus(members=members), loi=(tiny_pdf(), "a.pdf"))
    assert response.status_code == 422
    assert "統一編號 22099131 重複出現" in response.get_data(as_text=True)


def test_member_row_errors_name_the_row(app, sbtr):
    members = [("04541302", "", "8", "1200000"), ("34051920", "丙", "-1", "")]
    html = sbtr.post(proposal_b_plus(members=members), loi=(tiny_pdf(), "a.pdf")).get_data(
        as_text=True
    )
    assert "第 2 家成員企業名稱：請填寫這家成員的企業名稱" in html
    assert 'id="members-2-employees-error"' in html
    assert "第 3 家成員實收資本額：請填寫實收資本額" in html


def test_same_form_twice_stores_once_and_other_content_is_refused(app, sbtr):
    first = sbtr.post(proposal_a())
    again = sbtr.post(proposal_a())
    assert again.status_code == 303
    assert again.headers["Location"] == first.headers["Location"]
    changed = sbtr.post(proposal_a(plan_title="另一個計畫"))
    assert changed.status_code == 422
    assert "這份表單已經送出過，且內容不同" in changed.get_data(as_text=True)
    assert count_rows(app, Submission) == 1


def test_no_js_add_member_rerenders_with_one_more_row_keeping_values(app, sbtr):
    data = proposal_b_plus(members=MEMBERS_ONE, plan_title="保留我")
    response = sbtr.post(data, action="add_member")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'name="members-2-ubn"' in html
    assert 'value="04541302"' in html and 'value="保留我"' in html
    assert "field-error" not in html  # adding a row is not a submit
    assert count_rows(app, Submission) == 0


def test_no_js_remove_member_renumbers_the_rows(sbtr):
    response = sbtr.post(proposal_b_plus(), action="remove_member-1")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'name="members-1-ubn"' in html and 'value="34051920"' in html
    assert "04541302" not in html
    assert 'name="members-2-ubn"' not in html


def test_htmx_members_endpoint_answers_the_rows_partial(sbtr):
    sbtr.open()
    data = {"csrf_token": sbtr.csrf, "action": "add_member", **proposal_b_plus()}
    response = sbtr.client.post("/sbtr/members", data=data, headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith('<fieldset class="section" id="sbtr-members">')
    assert 'name="members-3-ubn"' in html and "autofocus" in html
    assert response.headers["HX-Trigger-After-Settle"] == "sbtr-refresh"


def test_check_endpoint_answers_the_checklist_with_plan_end(sbtr):
    sbtr.open()
    data = {"csrf_token": sbtr.csrf, **proposal_b_plus(members=MEMBERS_ONE)}
    response = sbtr.client.post("/sbtr/check", data=data, headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="sbtr-eligibility"')
    assert f'至 <strong class="nowrap">{plan_end(start_date()).isoformat()}</strong>' in html
    assert "✗" in html and "不符合" in html and "目前只有 2 家" in html
    assert "B+類須附合作意向書" in html


def test_inline_validation_shows_the_plan_end_under_the_start_date(sbtr):
    sbtr.open()
    data = {"csrf_token": sbtr.csrf, "planned_start": start_date().isoformat()}
    response = sbtr.client.post("/validate/sbtr/planned_start", data=data)
    html = response.get_data(as_text=True)
    assert f"至 {plan_end(start_date()).isoformat()}" in html


def test_agent_entry_is_the_phone_channel(app, client, users):
    login(client, users["agent"])
    from tests.sbtr.conftest import SbtrClient

    response = SbtrClient(client).post(proposal_a())
    assert response.status_code == 303
    submission = stored(app)
    assert submission.channel == "phone" and submission.entered_by_id is not None


def test_category_a_ignores_a_sent_file(app, sbtr):
    response = sbtr.post(proposal_a(), loi=(tiny_pdf(), "a.pdf"))
    assert response.status_code == 303
    assert count_rows(app, SbtrUpload) == 0
    assert count_rows(app, SbtrMember) == 1


def test_control_characters_are_dropped_not_stored(app, sbtr):
    response = sbtr.post(proposal_a(plan_title="老屋\x00新生\x1b計畫"))
    assert response.status_code == 303
    assert stored(app).sbtr.plan_title == "老屋新生計畫"


def test_public_submits_are_rate_limited(make_app):
    limited = make_app(RATELIMIT_ENABLED=True, SMEUP_PUBLIC_SUBMIT_LIMIT="2 per minute")
    from tests.sbtr.conftest import SbtrClient

    sbtr = SbtrClient(limited.test_client())
    codes = [sbtr.post(proposal_a(plan_title=""), action="submit").status_code for _ in range(3)]
    assert codes == [422, 422, 429]
    assert "送出太頻繁" in sbtr.post(proposal_a()).get_data(as_text=True)
