"""Officers' changes to a submission: moving its status and adding notes (each audit-logged)."""

from __future__ import annotations

from ..audit import record
from ..extensions import db
from ..forms.validators import without_controls
from ..models import StatusChange, Submission, SubmissionNote
from ..workflow import check_move

NOTE_MAX = 2000
NOTE_EMPTY = "請填寫備註內容"
NOTE_TOO_LONG = f"備註最多 {NOTE_MAX} 字，請縮短後再送出"
REASON_MAX = 2000


class ReviewError(ValueError):
    """A change the rules refuse; its message is zh-Hant and meant for the officer."""


def change_status(submission: Submission, target: str, reason: str, user) -> StatusChange:
    """Move the submission to `target` (checked by the workflow) and log who did it and why."""
    reason = without_controls(reason or "").strip()[:REASON_MAX]
    problem = check_move(submission.form_type, submission.status, target, reason)
    if problem:
        raise ReviewError(problem)
    change = StatusChange(
        submission_id=submission.id,
        from_status=submission.status,
        to_status=target,
        reason=reason or None,
        user_id=user.id,
    )
    submission.status = target
    db.session.add(change)
    record(
        "status_change",
        user=user,
        submission_id=submission.id,
        form_type=submission.form_type,
        from_status=change.from_status,
        to_status=target,
        reason=reason,
    )
    return change


def add_note(submission: Submission, text: str, user) -> SubmissionNote:
    """Add an officer's note to the submission and log it."""
    text = without_controls(text or "").strip()
    if not text:
        raise ReviewError(NOTE_EMPTY)
    if len(text) > NOTE_MAX:
        raise ReviewError(NOTE_TOO_LONG)
    note = SubmissionNote(submission_id=submission.id, text=text, user_id=user.id)
    db.session.add(note)
    record("note_add", user=user, submission_id=submission.id, form_type=submission.form_type)
    return note
