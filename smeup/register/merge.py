"""Merging two company records (a mistyped 統一編號 corrected): audited, nothing deleted."""

from __future__ import annotations

from ..audit import record
from ..extensions import db
from ..models import Submission
from ..models.register import Company, CompanyMerge
from .linking import LinkError, follow_latest, move_referrals

REASON_MAX = 2000
NO_REASON = "請填寫合併理由"
SAME = "不能把企業合併到它自己"
ALREADY = "這筆企業資料已經合併過，請從合併後的企業操作"


def merge_companies(source: Company, target: Company, reason: str, user) -> CompanyMerge:
    """Move every submission and referral of `source` to `target`; keep `source` as merged."""
    reason = (reason or "").strip()[:REASON_MAX]
    if not reason:
        raise LinkError(NO_REASON)
    if source.id == target.id:
        raise LinkError(SAME)
    if source.merged_into_id is not None or target.merged_into_id is not None:
        raise LinkError(ALREADY)
    moved = list(
        db.session.scalars(
            db.select(Submission).where(Submission.company_id == source.id).order_by(Submission.id)
        )
    )
    for submission in moved:
        submission.company_id = target.id
        follow_latest(target, submission)
    moved_ids = [s.id for s in moved]
    move_referrals(moved_ids, target.id)
    source.merged_into_id = target.id
    merge = CompanyMerge(
        source_id=source.id,
        target_id=target.id,
        reason=reason,
        moved_submission_ids=moved_ids,
        user_id=user.id,
    )
    db.session.add(merge)
    record(
        "company_merge",
        user=user,
        source_id=source.id,
        source_ubn=source.ubn,
        target_id=target.id,
        target_ubn=target.ubn,
        reason=reason,
        submissions=moved_ids,
    )
    return merge
