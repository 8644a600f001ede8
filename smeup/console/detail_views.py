"""One submission in full: what was sent and computed, its status history and officers' notes."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..access import access
from ..database import write_unit
from ..extensions import db
from ..forms.kinds import FORM_LABELS, FORM_TYPES, detail_endpoint
from ..models import Submission
from ..netzero.store import quantity, result_view
from ..programmes.result import result_view as navigator_result
from ..surveys.responses import ranked_labels
from ..workflow import initial_status, needs_reason, next_statuses
from .export_columns import NETZERO_ANSWERS, NETZERO_ENERGY, SUPPLY_CHAIN_LABELS
from .filters import CHANNEL_LABELS
from .navigator_columns import navigator_answers
from .review import ReviewError, add_note, change_status
from .views import bp


def _submission(form_type: str, submission_id: int, lock: bool = False) -> Submission:
    if form_type not in FORM_TYPES:
        abort(404)
    query = db.select(Submission).filter_by(id=submission_id, form_type=form_type)
    if lock:
        query = query.with_for_update()  # two officers at once: the second sees the first's move
    return db.session.scalar(query) or abort(404)


def _htmx() -> bool:
    return bool(request.headers.get("HX-Request"))


def status_context(submission: Submission, error: str | None = None, **typed) -> dict:
    """What _status.html shows: the status, where it may go, its history, any error."""
    targets = next_statuses(submission.form_type, submission.status)
    return {
        "submission": submission,
        "initial_status": initial_status(submission.form_type),
        "targets": targets,
        "reason_needed": [t for t in targets if needs_reason(submission.form_type, t)],
        "status_error": error,
        "typed_status": typed.get("status", ""),
        "typed_reason": typed.get("reason", ""),
        "status_saved": typed.get("saved"),
    }


def netzero_answers(check) -> list[tuple[str, str]]:
    """The net-zero answers as (label, text) pairs, in form order."""
    answers = [("資料年度", f"{check.data_year} 年")]
    answers += [(label, quantity(getattr(check, key))) for key, label in NETZERO_ENERGY]
    for key, label in NETZERO_ANSWERS:
        value = getattr(check, key)
        text = SUPPLY_CHAIN_LABELS.get(value, value) if isinstance(value, str) else None
        answers.append((label, text or ("是" if value else "否")))
    return answers


def detail_context(submission: Submission, **extra) -> dict:
    """Everything the detail page shows."""
    context = {
        "submission": submission,
        "form_label": FORM_LABELS[submission.form_type],
        "channel_labels": CHANNEL_LABELS,
        "note_error": extra.pop("note_error", None),
        "typed_note": extra.pop("typed_note", ""),
        **status_context(submission, **extra),
    }
    if submission.form_type == "netzero" and submission.netzero is not None:
        context["result"] = result_view(submission)
        context["answers"] = netzero_answers(submission.netzero)
    if submission.form_type == "navigator" and submission.navigator is not None:
        context["navigation"] = navigator_result(submission)
        context["answers"] = navigator_answers(submission.navigator)
    if submission.form_type == "course" and submission.course is not None:
        context["ranked"] = ranked_labels(submission.course)
    return context


@bp.route("/<form_type>/<int:submission_id>")
@access("officer")
def detail(form_type: str, submission_id: int):
    """The whole submission, with status change and notes in place."""
    submission = _submission(form_type, submission_id)
    if detail_endpoint(form_type) != "console.detail":
        return redirect(url_for(detail_endpoint(form_type), submission_id=submission_id), 303)
    return render_template("console/detail.html", **detail_context(submission))


@bp.route("/<form_type>/<int:submission_id>/status", methods=["POST"])
@access("officer")
def change_status_view(form_type: str, submission_id: int):
    """Move the status (workflow rules; reason where needed); audit-logged."""
    target = request.form.get("status", "")
    reason = request.form.get("reason", "")
    try:
        with write_unit():
            submission = _submission(form_type, submission_id, lock=True)
            change_status(submission, target, reason, current_user)
    except ReviewError as error:
        submission = _submission(form_type, submission_id)
        typed = {"status": target, "reason": reason}
        if _htmx():
            context = status_context(submission, str(error), **typed)
            return render_template("console/_status.html", **context), 422
        context = detail_context(submission, error=str(error), **typed)
        return render_template("console/detail.html", **context), 422
    if _htmx():
        context = status_context(submission, saved=target)
        return render_template("console/_status.html", **context)
    flash(f"狀態已改為「{target}」", "success")
    return redirect(
        url_for("console.detail", form_type=form_type, submission_id=submission_id), 303
    )


@bp.route("/<form_type>/<int:submission_id>/notes", methods=["POST"])
@access("officer")
def add_note_view(form_type: str, submission_id: int):
    """Add an officer's note; audit-logged."""
    text = request.form.get("text", "")
    try:
        with write_unit():
            submission = _submission(form_type, submission_id)
            add_note(submission, text, current_user)
    except ReviewError as error:
        submission = _submission(form_type, submission_id)
        if _htmx():
            context = {"submission": submission, "note_error": str(error), "typed_note": text}
            return render_template("console/_notes.html", **context), 422
        context = detail_context(submission, note_error=str(error), typed_note=text)
        return render_template("console/detail.html", **context), 422
    if _htmx():
        return render_template("console/_notes.html", submission=submission, note_saved=True)
    flash("已新增備註", "success")
    return redirect(
        url_for("console.detail", form_type=form_type, submission_id=submission_id), 303
    )
