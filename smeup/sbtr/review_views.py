"""SBTR proposals, officer side: the detail page, status changes, the LOI file, the draft list."""

from io import BytesIO

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user

from ..access import access
from ..audit import record
from ..database import write_unit
from ..extensions import db
from ..models import Draft, Submission
from ..models.base import utcnow
from ..models.sbtr import SbtrUpload
from . import review
from .views import bp

DRAFT_LIST_LIMIT = 500


def _proposal(submission_id: int, lock: bool = False) -> Submission:
    submission = db.session.get(Submission, submission_id, with_for_update=lock)
    if submission is None or submission.form_type != "sbtr" or submission.sbtr is None:
        abort(404)
    return submission


def _status_context(submission: Submission, error=None, typed=None, changed=None) -> dict:
    field, message = error or (None, None)
    console = "console.submissions" in current_app.view_functions
    return {
        "back_url": url_for("console.submissions") if console else None,
        "submission": submission,
        "moves": review.moves(submission),
        "error_field": field,
        "error_message": message,
        "typed": typed or {},
        "changed": changed,
    }


@bp.route("/console/sbtr/<int:submission_id>")
@access("officer")
def review_detail(submission_id: int):
    """Everything submitted, the eligibility as submitted, the history and the status form."""
    submission = _proposal(submission_id)
    return render_template(
        "sbtr/review.html", proposal=submission.sbtr, **_status_context(submission)
    )


@bp.route("/console/sbtr/<int:submission_id>/status", methods=["POST"])
@access("officer")
def change_status(submission_id: int):
    """Move the proposal to its next status (htmx swaps the status section in place)."""
    target = request.form.get("status", "")
    reason = request.form.get("reason", "")
    with write_unit():
        submission = _proposal(submission_id, lock=True)
        error = review.change_status(submission, target, reason, current_user)
    htmx = bool(request.headers.get("HX-Request"))
    if error is None and not htmx:
        flash(f"已將狀態改為「{target}」", "success")
        return redirect(url_for("sbtr.review_detail", submission_id=submission_id), 303)
    context = _status_context(
        submission, error, request.form if error else None, None if error else target
    )
    if htmx:
        return render_template("sbtr/_status.html", **context), (422 if error else 200)
    return render_template("sbtr/review.html", proposal=submission.sbtr, **context), 422


@bp.route("/console/sbtr/upload/<int:upload_id>")
@access("officer")
def download_upload(upload_id: int):
    """The 合作意向書 PDF, as a download (never shown inline)."""
    upload = db.get_or_404(SbtrUpload, upload_id)
    with write_unit():
        record("loi_download", upload_id=upload.id, filename=upload.filename)
    return send_file(
        BytesIO(upload.content),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=upload.filename,
        max_age=0,
    )


@bp.route("/console/sbtr/drafts")
@access("officer")
def drafts():
    """未送出草稿: unsent SBTR drafts (never proposals, never exported)."""
    rows = db.session.scalars(
        db.select(Draft)
        .filter_by(form_type="sbtr")
        .order_by(Draft.updated_at.desc(), Draft.id.desc())
        .limit(DRAFT_LIST_LIMIT)
    ).all()
    total = db.session.scalar(
        db.select(db.func.count()).select_from(Draft).filter_by(form_type="sbtr")
    )
    return render_template(
        "sbtr/drafts.html", drafts=rows, total=total, limit=DRAFT_LIST_LIMIT, now=utcnow()
    )
