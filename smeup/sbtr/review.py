"""Officers moving an SBTR proposal through its status workflow, every move logged."""

from ..audit import record
from ..extensions import db
from ..forms.validators import without_controls
from ..models import StatusChange, Submission
from ..workflow import check_move, needs_reason, next_statuses

FORM_TYPE = "sbtr"
REASON_LIMIT = 1000


def moves(submission: Submission) -> list[dict]:
    """Where this proposal may go next, and whether each move needs a reason."""
    return [
        {"status": s, "needs_reason": needs_reason(FORM_TYPE, s)}
        for s in next_statuses(FORM_TYPE, submission.status)
    ]


def change_status(
    submission: Submission, target: str, reason: str | None, user
) -> tuple[str, str] | None:
    """Move the proposal (the caller commits); None when done, else (field, zh-Hant message)."""
    reason = without_controls(reason or "").strip()
    if not target:
        return "status", "請選擇新的狀態"
    if len(reason) > REASON_LIMIT:
        return "reason", f"理由最多 {REASON_LIMIT:,} 個字，目前 {len(reason):,} 個字，請刪減"
    if target not in next_statuses(FORM_TYPE, submission.status):
        return "status", check_move(FORM_TYPE, submission.status, target, reason)
    problem = check_move(FORM_TYPE, submission.status, target, reason)
    if problem:
        return "reason", problem
    previous = submission.status
    db.session.add(
        StatusChange(
            submission_id=submission.id,
            from_status=previous,
            to_status=target,
            reason=reason or None,
            user_id=user.id,
        )
    )
    submission.status = target
    record(
        "status_change",
        user=user,
        submission_id=submission.id,
        form_type=FORM_TYPE,
        from_status=previous,
        to_status=target,
        reason=reason,
    )
    return None
