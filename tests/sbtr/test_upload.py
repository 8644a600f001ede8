"""The 合作意向書 upload: real PDFs only, 10 MB, 413 past the body limit, officers download."""

import hashlib
import io
import re

import pytest

import smeup.sbtr.pdf_check as pdf_check
from smeup.extensions import db
from smeup.models import AuditEntry, Submission
from smeup.models.sbtr import SbtrUpload
from smeup.sbtr.pdf_check import MAX_LOI_BYTES
from tests.helpers import count_rows, login
from tests.sbtr.conftest import PNG, hidden, proposal_b_plus, tiny_pdf
from tests.sbtr.test_pdf_check import REFUSED, PdfProblem, plain_pdf


def upload_via_htmx(sbtr, content: bytes, filename: str):
    sbtr.open()
    data = {
        "csrf_token": sbtr.csrf,
        "category": "B_PLUS",
        "loi_file": (io.BytesIO(content), filename),
    }
    return sbtr.client.post(
        "/sbtr/loi",
        data=data,
        headers={"HX-Request": "true"},
        content_type="multipart/form-data",
    )


def test_immediate_upload_stores_a_real_pdf_and_answers_the_field(app, sbtr):
    pdf = tiny_pdf()
    response = upload_via_htmx(sbtr, pdf, "合作意向書.pdf")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith('<div class="field field-file" id="field-loi_file"')
    assert "已上傳：合作意向書.pdf" in html
    assert response.headers["HX-Trigger-After-Settle"] == "sbtr-refresh"
    with app.app_context():
        upload = db.session.scalars(db.select(SbtrUpload)).one()
        assert upload.content == pdf
        assert upload.sha256 == hashlib.sha256(pdf).hexdigest()
        assert upload.size == len(pdf)
        assert f'name="loi_token" value="{upload.token}"' in html


def test_renamed_png_is_refused_next_to_the_field_and_nothing_is_stored(app, sbtr):
    response = sbtr.post(proposal_b_plus(), loi=(PNG, "意向書.pdf"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    error = re.search(r'<p class="field-error" id="loi_file-error">([^<]+)</p>', html)
    assert error and "須為 PDF 檔" in error.group(1)
    assert 'aria-describedby="loi_file-help loi_file-error" aria-invalid="true"' in html
    assert 'value="乙合作社"' in html  # everything else kept
    assert count_rows(app, SbtrUpload) == 0
    assert count_rows(app, Submission) == 0


def test_renamed_png_refused_by_the_immediate_upload(app, sbtr):
    response = upload_via_htmx(sbtr, PNG, "scan.pdf")
    assert response.status_code == 422
    assert "須為 PDF 檔" in response.get_data(as_text=True)
    assert count_rows(app, SbtrUpload) == 0


def test_file_over_ten_megabytes_gets_a_field_error(app, sbtr):
    big = tiny_pdf(padding=MAX_LOI_BYTES)
    assert MAX_LOI_BYTES < len(big) < 12 * 1024 * 1024 - 100_000
    response = sbtr.post(proposal_b_plus(), loi=(big, "big.pdf"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'id="loi_file-error">合作意向書檔案為 10\.0 MB，超過 10 MB 上限', html)
    assert count_rows(app, SbtrUpload) == 0


def test_body_over_the_app_limit_gets_413(app, sbtr):
    huge = tiny_pdf(padding=12 * 1024 * 1024 + 10)
    response = sbtr.post(proposal_b_plus(), loi=(huge, "huge.pdf"))
    assert response.status_code == 413
    assert "檔案或資料太大" in response.get_data(as_text=True)
    assert count_rows(app, SbtrUpload) == 0


def test_upload_survives_a_refused_submit_without_sending_it_again(app, sbtr):
    first = sbtr.post(proposal_b_plus(plan_title=""), loi=(tiny_pdf(), "loi.pdf"))
    html = first.get_data(as_text=True)
    assert first.status_code == 422
    assert "已上傳：loi.pdf" in html
    token = re.search(r'name="loi_token" value="([^"]+)"', html).group(1)
    again = sbtr.post(proposal_b_plus(loi_token=token))
    assert again.status_code == 303, again.get_data(as_text=True)[:3000]
    with app.app_context():
        submission = db.session.scalars(db.select(Submission)).one()
        assert submission.sbtr.loi.token == token
    assert count_rows(app, SbtrUpload) == 1


def submit_b_plus(sbtr) -> int:
    response = sbtr.post(proposal_b_plus(), loi=(tiny_pdf(), "山海 合作意向書.pdf"))
    assert response.status_code == 303
    with sbtr.client.application.app_context():
        return db.session.scalars(db.select(SbtrUpload.id)).one()


def test_officer_downloads_the_letter_as_an_attachment(app, client, sbtr, users):
    upload_id = submit_b_plus(sbtr)
    login(client, users["officer"])
    response = client.get(f"/console/sbtr/upload/{upload_id}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''%E5%B1%B1%E6%B5%B7" in disposition
    assert response.headers["Cache-Control"] == "no-store"
    assert response.data == tiny_pdf()
    with app.app_context():
        entry = db.session.scalars(db.select(AuditEntry).filter_by(action="loi_download")).one()
        assert entry.username == users["officer"]


def test_agent_and_anonymous_cannot_download(app, client, sbtr, users):
    upload_id = submit_b_plus(sbtr)
    anonymous = app.test_client().get(f"/console/sbtr/upload/{upload_id}")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    login(client, users["agent"])
    assert client.get(f"/console/sbtr/upload/{upload_id}").status_code == 403


def test_upload_token_of_unknown_value_is_ignored(app, sbtr):
    response = sbtr.post(proposal_b_plus(loi_token="not-a-real-token"))
    assert response.status_code == 422
    assert "B+類須上傳合作意向書" in response.get_data(as_text=True)
    assert hidden(response.get_data(as_text=True), "submission_key")


# What the person is told, by why the file was refused: each says what to do instead.
SAYS = {
    PdfProblem.NOT_PDF: "須為 PDF 檔",
    PdfProblem.ACTIVE: "內含 JavaScript、內嵌檔案或開啟程式的動作",
    PdfProblem.ENCRYPTED: "設有密碼或加密",
}


def field_error(html: str) -> str:
    match = re.search(r'<p class="field-error" id="loi_file-error">([^<]+)</p>', html)
    assert match, "no error next to the file field"
    return match.group(1)


@pytest.mark.parametrize("kind", REFUSED)
def test_a_pdf_that_runs_code_carries_files_or_is_locked_is_refused_by_the_immediate_upload(
    app, sbtr, kind
):
    make, problem = REFUSED[kind]
    response = upload_via_htmx(sbtr, make(), "合作意向書.pdf")
    assert response.status_code == 422
    assert SAYS[problem] in field_error(response.get_data(as_text=True))
    assert count_rows(app, SbtrUpload) == 0


@pytest.mark.parametrize("kind", REFUSED)
def test_a_refused_pdf_sent_with_the_form_is_named_beside_the_field_and_the_rest_kept(
    app, sbtr, kind
):
    make, problem = REFUSED[kind]
    response = sbtr.post(proposal_b_plus(), loi=(make(), "意向書.pdf"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert SAYS[problem] in field_error(html)
    assert 'value="乙合作社"' in html and 'value="山海創生有限公司"' in html
    assert count_rows(app, SbtrUpload) == 0
    assert count_rows(app, Submission) == 0


def test_a_plain_pdf_written_by_pypdf_is_accepted(app, sbtr):
    pdf = plain_pdf()
    response = upload_via_htmx(sbtr, pdf, "合作意向書.pdf")
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    with app.app_context():
        assert db.session.scalars(db.select(SbtrUpload.content)).one() == pdf


def test_a_reader_that_fails_in_any_way_refuses_the_file_not_the_request(app, sbtr, monkeypatch):
    def broken(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(pdf_check, "PdfReader", broken)
    response = sbtr.post(proposal_b_plus(), loi=(tiny_pdf(), "意向書.pdf"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert SAYS[PdfProblem.NOT_PDF] in field_error(html)
    assert 'value="乙合作社"' in html
    assert count_rows(app, SbtrUpload) == 0
