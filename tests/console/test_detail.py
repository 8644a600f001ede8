"""The detail page: everything in full, status changes and notes (htmx and plain), the audit."""

import re

import pytest

from smeup.console.review import ReviewError, change_status
from smeup.extensions import db
from smeup.models import AuditEntry, StatusChange, Submission, SubmissionNote
from tests.console import factories as f
from tests.helpers import count_rows, csrf_token, login


def test_netzero_detail_shows_everything_in_full(officer, add, users):
    def build():
        agent = f.user(users["agent"])
        e = f.event(name="臺中巡迴場")
        return f.netzero(
            contact_name="王小明",
            contact_phone="0223581021#352",
            channel="phone",
            entered_by_id=agent.id,
            event_id=e.id,
            call_note="來電詢問補助，\n下週回電",
        )

    sid = add(build)
    html = officer.get(f"/console/netzero/{sid}").get_data(as_text=True)
    for expected in (
        "王小明",
        "02-2358-1021 #352",
        "ming@example.com",
        "製造業",
        "電話",
        "臺中巡迴場",
        "agent1",
        "通話紀錄",
        "下週回電",
        "120,000",  # electricity as typed
        "有要求，尚無期限",
        "59.71",  # the stored total, from the netzero result partial
        "碳盤查輔導",
        "2025-tw-ar5",
    ):
        assert expected in html, expected
    assert 'id="status-panel"' in html and 'id="notes-panel"' in html


def test_course_detail_shows_the_ranked_options(officer, add):
    sid = add(lambda: f.course(f.survey(), ranks=("social", "brand")))
    html = officer.get(f"/console/course/{sid}").get_data(as_text=True)
    first = html.index("新媒體經營－社群媒體經營")
    assert "第 1 順位" in html and first < html.index("企業品牌經營", first)
    assert "鹿港" in html


def test_sbtr_detail_goes_to_the_sbtr_review_page(officer, add):
    sid = add(lambda: f.sbtr())
    response = officer.get(f"/console/sbtr/{sid}")
    assert response.status_code == 200
    assert "老街文化創生計畫" in response.get_data(as_text=True)


def test_wrong_form_or_id_is_404(officer, add):
    sid = add(lambda: f.netzero())
    assert officer.get(f"/console/course/{sid}").status_code == 404
    assert officer.get("/console/netzero/999999").status_code == 404


def _post(client, url, page, data, htmx=False):
    token = csrf_token(client, page)
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(url, data={"csrf_token": token, **data}, headers=headers)


def test_status_change_in_place_with_htmx(app, officer, add):
    sid = add(lambda: f.netzero())
    page = f"/console/netzero/{sid}"
    response = _post(officer, f"{page}/status", page, {"status": "處理中", "reason": ""}, True)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<section class="section status-panel" id="status-panel"')
    assert "狀態已改為「處理中」" in html
    with app.app_context():
        assert db.session.get(Submission, sid).status == "處理中"
        change = db.session.scalar(db.select(StatusChange))
        assert (change.from_status, change.to_status, change.user.username) == (
            "已收件",
            "處理中",
            "officer1",
        )
        entry = db.session.scalar(db.select(AuditEntry).filter_by(action="status_change"))
        assert entry.username == "officer1"
        assert entry.detail["submission_id"] == sid and entry.detail["to_status"] == "處理中"


def test_status_change_without_js_redirects_back(app, officer, add):
    sid = add(lambda: f.netzero())
    page = f"/console/netzero/{sid}"
    response = _post(officer, f"{page}/status", page, {"status": "已結案"})
    assert response.status_code == 303 and response.headers["Location"].endswith(page)
    html = officer.get(page).get_data(as_text=True)
    assert "狀態已改為「已結案」" in html
    assert re.search(r"已收件 → <strong>已結案</strong>", html)


def test_a_move_the_workflow_refuses_keeps_the_status(app, officer, add):
    sid = add(lambda: f.netzero(status="已結案"))
    page = f"/console/netzero/{sid}"
    response = _post(officer, f"{page}/status", page, {"status": "已收件"}, True)
    assert response.status_code == 422
    assert "不能改為「已收件」" in response.get_data(as_text=True)
    assert count_rows(app, StatusChange) == 0
    with app.app_context():
        assert db.session.get(Submission, sid).status == "已結案"


def test_reason_required_where_the_workflow_says(app, users, add):
    """SBTR 不符資格 needs a written reason (review.change_status follows workflow.check_move)."""
    sid = add(lambda: f.sbtr(status="資格審查中"))
    with app.test_request_context():
        proposal = db.session.get(Submission, sid)
        officer = f.user(users["officer"])
        with pytest.raises(ReviewError, match="請填寫理由"):
            change_status(proposal, "不符資格", "  ", officer)
        change_status(proposal, "不符資格", "非中小企業", officer)
        db.session.commit()
    with app.app_context():
        proposal = db.session.get(Submission, sid)
        assert proposal.status == "不符資格"
        assert proposal.status_changes[-1].reason == "非中小企業"


def test_failed_plain_post_shows_the_page_with_the_typed_reason(officer, add):
    sid = add(lambda: f.netzero(status="已結案"))
    page = f"/console/netzero/{sid}"
    response = _post(officer, f"{page}/status", page, {"status": "已收件", "reason": "我打的字"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "<html" in html and "我打的字" in html and 'aria-invalid="true"' in html


def test_add_note_in_place_and_audited(app, officer, add):
    sid = add(lambda: f.netzero())
    page = f"/console/netzero/{sid}"
    response = _post(officer, f"{page}/notes", page, {"text": "已電話聯繫，\n待補資料"}, True)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<section class="section notes-panel" id="notes-panel"')
    assert "已電話聯繫" in html and "測試officer" in html
    assert count_rows(app, SubmissionNote) == 1
    with app.app_context():
        entry = db.session.scalar(db.select(AuditEntry).filter_by(action="note_add"))
        assert entry.detail == {"submission_id": sid, "form_type": "netzero"}


def test_empty_note_is_refused_next_to_the_field(app, officer, add):
    sid = add(lambda: f.netzero())
    page = f"/console/netzero/{sid}"
    response = _post(officer, f"{page}/notes", page, {"text": "   "}, True)
    assert response.status_code == 422
    assert 'id="note-error"' in response.get_data(as_text=True)
    assert count_rows(app, SubmissionNote) == 0


def test_note_without_js_redirects_back(officer, add):
    sid = add(lambda: f.course(f.survey()))
    page = f"/console/course/{sid}"
    response = _post(officer, f"{page}/notes", page, {"text": "純 HTML 表單"})
    assert response.status_code == 303
    assert "純 HTML 表單" in officer.get(page).get_data(as_text=True)


def test_notes_are_escaped(officer, add):
    sid = add(lambda: f.netzero(company_name="<script>alert(1)</script>"))
    page = f"/console/netzero/{sid}"
    _post(officer, f"{page}/notes", page, {"text": "<b>粗體</b>"})
    html = officer.get(page).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "&lt;b&gt;粗體&lt;/b&gt;" in html


@pytest.mark.parametrize("path", ["", "/status", "/notes"])
def test_agents_cannot_view_or_change(client, users, add, path):
    sid = add(lambda: f.netzero())
    login(client, users["agent"])
    url = f"/console/netzero/{sid}{path}"
    response = client.post(url) if path else client.get(url)
    assert response.status_code == 403
