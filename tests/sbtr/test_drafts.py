"""SBTR drafts: save anything, resume everything, update in place, expire and purge."""

import re
from datetime import timedelta

from smeup.extensions import db
from smeup.models import Draft, Submission
from smeup.models.base import utcnow
from smeup.models.sbtr import SbtrUpload
from tests.helpers import count_rows, login
from tests.sbtr.conftest import (
    PNG,
    SbtrClient,
    hidden,
    proposal_a,
    proposal_b_plus,
    tiny_pdf,
)


def the_draft(app) -> Draft:
    with app.app_context():
        draft = db.session.scalars(db.select(Draft)).one()
        db.session.expunge(draft)
        return draft


def save(sbtr, data, **kw):
    response = sbtr.post(data, action="save_draft", **kw)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return response.headers["Location"]


INVALID = proposal_b_plus(
    ubn="1234",
    plan_title="未完成的計畫",
    planned_start="2001-01-01",
    blueprint="還沒寫完",
    expected_local_jobs="很多",
    **{"members-2-paid_in_capital": "abc", "members-1-prior_sbtr": "y"},
)


def test_invalid_data_is_saved_as_a_draft_not_a_submission(app, sbtr):
    location = save(sbtr, INVALID)
    draft = the_draft(app)
    assert location.endswith(f"/sbtr/draft/{draft.token}?saved=1")
    assert len(draft.token) == 32
    assert draft.form_type == "sbtr" and draft.channel == "web"
    assert draft.data["ubn"] == "1234"
    assert draft.data["members-2-paid_in_capital"] == "abc"
    assert draft.data["members-0-ubn"] == "1234"  # the applicant row follows the company block
    assert "csrf_token" not in draft.data and "submission_key" not in draft.data
    assert draft.label == "山海創生有限公司｜未完成的計畫"
    days = (draft.expires_at - draft.created_at).days
    assert days == app.config["SMEUP_DRAFT_DAYS"] == 90
    assert count_rows(app, Submission) == 0


def test_resume_restores_every_field_and_member_row(app, client, sbtr):
    location = save(sbtr, INVALID)
    page = client.get(location)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "草稿已儲存" in html
    for value in ("1234", "未完成的計畫", "2001-01-01", "很多", "04541302", "乙合作社", "34051920"):
        assert f'value="{value}"' in html, value
    assert "還沒寫完</textarea>" in html
    assert re.search(r'name="members-2-paid_in_capital"[^>]*value="abc"', html)
    assert re.search(
        r'checked id="members-1-prior_sbtr"|id="members-1-prior_sbtr"[^>]*checked', html
    )
    assert re.search(r'id="category-1"[^>]*checked|checked[^>]*id="category-1"', html)
    assert 'value="leased" selected' in html or 'selected value="leased"' in html
    assert "field-error" not in html  # a resumed draft is not judged until it is sent


def test_resume_page_shows_link_code_in_groups_and_qr(app, client, sbtr):
    location = save(sbtr, INVALID)
    token = the_draft(app).token
    html = client.get(location).get_data(as_text=True)
    link = app.config["SMEUP_PUBLIC_BASE_URL"] + f"/sbtr/draft/{token}"
    assert f">{link}</textarea>" in html
    assert '<details class="draft-link" open>' in html  # just saved: shown open
    groups = re.findall(r'<span class="token-group">([^<]+)</span>', html)
    assert groups == [token[i : i + 4] for i in range(0, 32, 4)]
    assert 'src="data:image/svg+xml' in html
    assert hidden(html, "draft_token") == token


def test_saving_a_resumed_draft_updates_the_same_draft(app, client, sbtr):
    location = save(sbtr, INVALID)
    first = the_draft(app)
    resumed = SbtrClient(client)
    resumed.open(location)
    again = save(resumed, {**INVALID, "draft_token": first.token, "plan_title": "改過的名稱"})
    assert again == location
    updated = the_draft(app)
    assert updated.id == first.id
    assert updated.data["plan_title"] == "改過的名稱"
    assert updated.updated_at >= first.updated_at
    assert count_rows(app, Draft) == 1


def test_submitting_a_resumed_draft_deletes_it(app, client, sbtr):
    location = save(sbtr, proposal_a(plan_title="先存起來"))
    token = the_draft(app).token
    resumed = SbtrClient(client)
    resumed.open(location)
    response = resumed.post({**proposal_a(), "draft_token": token})
    assert response.status_code == 303
    assert count_rows(app, Draft) == 0
    assert count_rows(app, Submission) == 1
    assert client.get(location).status_code == 404
    assert client.get(location.split("?")[0]).status_code == 404


def test_draft_keeps_its_letter_of_intent(app, client, sbtr):
    location = save(sbtr, INVALID, loi=(tiny_pdf(), "loi.pdf"))
    draft = the_draft(app)
    with app.app_context():
        upload = db.session.get(SbtrUpload, draft.data["loi_upload_id"])
        assert upload.filename == "loi.pdf"
        token = upload.token
    html = client.get(location).get_data(as_text=True)
    assert "已上傳：loi.pdf" in html
    assert f'name="loi_token" value="{token}"' in html


def test_draft_with_a_bad_file_is_saved_without_it_and_says_so(app, client, sbtr):
    location = save(sbtr, INVALID, loi=(PNG, "x.pdf"))
    assert "loi_upload_id" not in the_draft(app).data
    html = client.get(location).get_data(as_text=True)
    assert "合作意向書未儲存" in html
    assert count_rows(app, SbtrUpload) == 0


def test_htmx_save_gets_hx_redirect(app, sbtr):
    response = sbtr.post(INVALID, action="save_draft", htmx=True)
    assert response.headers["HX-Redirect"].startswith("/sbtr/draft/")


def test_typed_code_with_spaces_opens_the_draft(app, client, sbtr):
    save(sbtr, INVALID)
    token = the_draft(app).token
    spaced = " ".join(token[i : i + 4] for i in range(0, 32, 4))
    response = client.get("/sbtr/draft", query_string={"token": spaced})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/sbtr/draft/{token}")


def test_unknown_and_expired_drafts_are_not_found(app, client, sbtr):
    assert client.get("/sbtr/draft/no-such-token").status_code == 404
    location = save(sbtr, INVALID)
    with app.app_context():
        draft = db.session.scalars(db.select(Draft)).one()
        draft.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    response = client.get(location)
    assert response.status_code == 404
    assert "草稿已超過保存期限" in response.get_data(as_text=True)


def test_purge_command_deletes_expired_drafts_and_their_files(app, sbtr, runner):
    save(sbtr, INVALID, loi=(tiny_pdf(), "old.pdf"))
    live = SbtrClient(sbtr.client)
    save(live, proposal_a(plan_title="還在保存期限內"))
    with app.app_context():
        old = db.session.scalars(
            db.select(Draft).filter(Draft.data["plan_title"].as_string() == "未完成的計畫")
        ).one()
        old.expires_at = utcnow() - timedelta(days=1)
        upload = db.session.get(SbtrUpload, old.data["loi_upload_id"])
        upload.created_at = utcnow() - timedelta(days=91)
        stray = SbtrUpload(token="stray", filename="s.pdf", size=1, sha256="0", content=b"x")
        stray.created_at = utcnow() - timedelta(days=3)
        fresh = SbtrUpload(token="fresh", filename="f.pdf", size=1, sha256="0", content=b"x")
        db.session.add_all([stray, fresh])
        db.session.commit()
    result = runner.invoke(args=["purge-drafts"])
    assert result.exit_code == 0, result.output
    assert "已刪除過期草稿 1 份、未使用的合作意向書 2 份" in result.output
    with app.app_context():
        (kept,) = db.session.scalars(db.select(Draft)).all()
        assert kept.label.endswith("還在保存期限內")
        assert db.session.scalars(db.select(SbtrUpload.token)).all() == ["fresh"]


def test_purge_keeps_letters_of_submitted_proposals(app, sbtr, runner):
    response = sbtr.post(proposal_b_plus(), loi=(tiny_pdf(), "loi.pdf"))
    assert response.status_code == 303
    with app.app_context():
        upload = db.session.scalars(db.select(SbtrUpload)).one()
        upload.created_at = utcnow() - timedelta(days=400)
        db.session.commit()
    assert runner.invoke(args=["purge-drafts"]).exit_code == 0
    assert count_rows(app, SbtrUpload) == 1


def test_officers_see_drafts_in_their_own_list_only(app, client, sbtr, users):
    save(sbtr, INVALID)
    anonymous = app.test_client().get("/console/sbtr/drafts")
    assert anonymous.status_code == 302
    login(client, users["agent"])
    assert client.get("/console/sbtr/drafts").status_code == 403
    officer = app.test_client()
    login(officer, users["officer"])
    html = officer.get("/console/sbtr/drafts").get_data(as_text=True)
    assert "未送出草稿" in html
    assert "山海創生有限公司｜未完成的計畫" in html
    assert the_draft(app).token not in html  # officers never get the person's resume link
