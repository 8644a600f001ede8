"""Officers review SBTR proposals: the detail page, status moves with reasons, the history."""

import re

import pytest

from smeup.extensions import db
from smeup.models import AuditEntry, StatusChange, Submission
from tests.helpers import csrf_token, login
from tests.sbtr.conftest import SbtrClient, proposal_b_plus, tiny_pdf


@pytest.fixture
def proposal_id(app, client) -> int:
    response = SbtrClient(app.test_client()).post(proposal_b_plus(), loi=(tiny_pdf(), "loi.pdf"))
    assert response.status_code == 303
    with app.app_context():
        return db.session.scalars(db.select(Submission.id)).one()


@pytest.fixture
def officer(client, users):
    login(client, users["officer"])
    return client


def move(client, submission_id: int, status: str, reason: str = "", htmx: bool = False):
    token = csrf_token(client, f"/console/sbtr/{submission_id}")
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(
        f"/console/sbtr/{submission_id}/status",
        data={"csrf_token": token, "status": status, "reason": reason},
        headers=headers,
    )


def status_of(app, submission_id: int) -> str:
    with app.app_context():
        return db.session.get(Submission, submission_id).status


def test_detail_page_shows_everything_submitted(officer, proposal_id):
    html = officer.get(f"/console/sbtr/{proposal_id}").get_data(as_text=True)
    for text in (
        "山海創生有限公司",
        "22099131",
        "089-123-456",
        "老屋新生：池上米食體驗基地",
        "乙合作社",
        "丙工作室",
        "送出時符合所有申請資格",
        "B+類須 3 家以上企業共同申請",
        '目前狀態：<span class="badge status-badge">已收件</span>',
        "團隊經營共識與城鄉事業藍圖",
    ):
        assert text in html, text
    assert re.search(r'href="/console/sbtr/upload/\d+" download>下載 loi\.pdf', html)


def test_the_review_page_links_the_proposal_to_its_company_in_the_register(
    app, officer, proposal_id
):
    html = officer.get(f"/console/sbtr/{proposal_id}").get_data(as_text=True)
    with app.app_context():
        company_id = db.session.get(Submission, proposal_id).company_id
    assert company_id is not None
    assert f'<a href="/console/companies/{company_id}">山海創生有限公司（22099131）</a>' in html
    company = officer.get(f"/console/companies/{company_id}").get_data(as_text=True)
    assert f"/console/sbtr/{proposal_id}" in company  # and back: the proposal is on its timeline


def test_status_moves_are_recorded_with_who_and_when(app, officer, proposal_id, users):
    response = move(officer, proposal_id, "資格審查中")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/console/sbtr/{proposal_id}")
    assert move(officer, proposal_id, "符合資格", "文件齊全").status_code == 303
    assert move(officer, proposal_id, "已通知").status_code == 303
    assert status_of(app, proposal_id) == "已通知"
    with app.app_context():
        changes = db.session.scalars(db.select(StatusChange).order_by(StatusChange.id)).all()
        assert [(c.from_status, c.to_status) for c in changes] == [
            ("已收件", "資格審查中"),
            ("資格審查中", "符合資格"),
            ("符合資格", "已通知"),
        ]
        assert all(c.user.username == users["officer"] and c.at for c in changes)
        assert changes[1].reason == "文件齊全"
        audit = db.session.scalars(
            db.select(AuditEntry).filter_by(action="status_change").order_by(AuditEntry.id)
        ).all()
        assert len(audit) == 3
        assert audit[0].detail["submission_id"] == proposal_id
        assert audit[0].detail["to_status"] == "資格審查中"
    html = officer.get(f"/console/sbtr/{proposal_id}").get_data(as_text=True)
    assert "「資格審查中」→「符合資格」" in html and "理由：文件齊全" in html
    assert "審查流程已完成" in html


def test_ineligible_needs_a_reason(app, officer, proposal_id):
    move(officer, proposal_id, "資格審查中")
    refused = move(officer, proposal_id, "不符資格", "  ")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert 'id="status-reason-error">改為「不符資格」時請填寫理由' in html
    assert status_of(app, proposal_id) == "資格審查中"
    assert move(officer, proposal_id, "不符資格", "場域使用權不足").status_code == 303
    assert status_of(app, proposal_id) == "不符資格"


def test_a_move_the_workflow_does_not_allow_is_refused(app, officer, proposal_id):
    response = move(officer, proposal_id, "已通知")
    assert response.status_code == 422
    assert "目前狀態「已收件」不能改為「已通知」" in response.get_data(as_text=True)
    assert status_of(app, proposal_id) == "已收件"
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(StatusChange)) == 0


def test_htmx_status_change_answers_the_status_section(app, officer, proposal_id):
    response = move(officer, proposal_id, "資格審查中", htmx=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="sbtr-status"')
    assert "已將狀態改為「資格審查中」" in html
    refused = move(officer, proposal_id, "不符資格", htmx=True)
    assert refused.status_code == 422
    assert refused.get_data(as_text=True).lstrip().startswith('<section id="sbtr-status"')


@pytest.mark.parametrize("role", ["anonymous", "agent"])
def test_agents_and_anonymous_cannot_open_officer_pages(app, users, proposal_id, role):
    client = app.test_client()
    if role == "agent":
        login(client, users["agent"])
    for url in (f"/console/sbtr/{proposal_id}", "/console/sbtr/drafts"):
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302 and "/login" in response.headers["Location"]
        else:
            assert response.status_code == 403
    token = csrf_token(client, "/sbtr/")
    response = client.post(
        f"/console/sbtr/{proposal_id}/status", data={"csrf_token": token, "status": "資格審查中"}
    )
    assert response.status_code == (302 if role == "anonymous" else 403)
    assert status_of(app, proposal_id) == "已收件"


def test_other_forms_and_missing_ids_are_not_found(officer):
    assert officer.get("/console/sbtr/999999").status_code == 404
