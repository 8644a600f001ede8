"""Merging two company records (a mistyped 統一編號 corrected): audited, nothing deleted.

Two people at once (quality.md): every merge and undo first locks the companies it changes, in
id order (SELECT ... FOR UPDATE on PostgreSQL; on SQLite the caller's write unit already holds
the database's write lock), and only then reads whether they are merged. Two opposite merges
at once thus end in one merge: the second waits for the first's commit, then finds a company
already merged and is refused. Call both inside `write_unit()`.

An admin may undo a merge, should one ever go wrong: the source is active again, the
submissions the merge moved (and the referrals that follow them) go back to it, and so do the
forms that came in meanwhile under its 統一編號.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..audit import record
from ..extensions import db
from ..forms.kinds import FORM_TYPES
from ..models import Submission
from ..models.base import utcnow
from ..models.register import Company, CompanyMerge, Referral
from .linking import NEVER, LinkError, follow_latest, move_referrals
from .referrals import OPEN

REASON_MAX = 2000
NO_REASON = "請填寫合併理由"
SAME = "不能把企業合併到它自己"
SOURCE_MERGED = "這筆企業資料已經併入另一筆企業資料（可能有人剛完成合併），不能再合併。"
TARGET_MERGED = (
    "統一編號 {ubn} 的企業資料已經併入另一筆企業資料（可能有人剛完成合併），請改併入合併後的企業。"
)
NO_UNDO_REASON = "請填寫復原理由"
NOT_MERGED = "這筆企業資料目前沒有併入其他企業資料（可能有人剛復原了這次合併）。"
NO_RECORD = "找不到這次合併的紀錄，無法復原。"
CHANGED = "這幾筆企業資料剛被其他人變更，請重新整理頁面後再試一次。"


class MergeError(LinkError):
    """A merge or undo the register refuses; `field` is the form field the message belongs
    beside ("reason", "target_ubn"), or "form" for the whole form."""

    def __init__(self, message: str, field: str = "form"):
        super().__init__(message)
        self.field = field


def lock_companies(ids) -> dict[int, Company]:
    """Lock these companies' rows one by one in id order, read afresh (the lock is held until
    the transaction ends; in id order, so two units that lock the same two never deadlock)."""
    locked = {}
    for company_id in sorted(set(ids)):
        query = (
            db.select(Company)
            .where(Company.id == company_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        company = db.session.scalar(query)
        if company is not None:
            locked[company.id] = company
    return locked


def merge_companies(source: Company, target: Company, reason: str, user) -> CompanyMerge:
    """Move every submission and referral of `source` to `target`; keep `source` as merged."""
    reason = (reason or "").strip()[:REASON_MAX]
    if not reason:
        raise MergeError(NO_REASON, "reason")
    if source.id == target.id:
        raise MergeError(SAME, "target_ubn")
    locked = lock_companies([source.id, target.id])
    source, target = locked[source.id], locked[target.id]
    if source.merged_into_id is not None:
        raise MergeError(SOURCE_MERGED)
    if target.merged_into_id is not None:
        raise MergeError(TARGET_MERGED.format(ubn=target.ubn), "target_ubn")
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


def active_merge(company: Company) -> CompanyMerge | None:
    """The merge that put `company` where it is now (None when it is not merged)."""
    if company.merged_into_id is None:
        return None
    query = (
        db.select(CompanyMerge)
        .where(
            CompanyMerge.source_id == company.id,
            CompanyMerge.target_id == company.merged_into_id,
            CompanyMerge.undone_at.is_(None),
        )
        .order_by(CompanyMerge.id.desc())
        .limit(1)
    )
    return db.session.scalar(query)


def _onward(source: Company) -> list[int]:
    """The companies `source`'s forms have gone to: its target, that one's target if it was
    merged on in turn, ... (stopping at `source` itself, should a cycle left by the old race
    lead back to it)."""
    chain: list[int] = []
    next_id = source.merged_into_id
    while next_id is not None and next_id != source.id and next_id not in chain:
        chain.append(next_id)
        next_id = db.session.get(Company, next_id).merged_into_id
    return chain


def _family_ubns(source: Company) -> set[str]:
    """Source's 統一編號 and those of the companies merged into it (their forms land on it)."""
    ubns, seen, frontier = {source.ubn}, {source.id}, [source.id]
    while frontier:
        rows = db.session.execute(
            db.select(Company.id, Company.ubn).where(Company.merged_into_id.in_(frontier))
        ).all()
        frontier = [row.id for row in rows if row.id not in seen]
        seen.update(frontier)
        ubns.update(row.ubn for row in rows)
    return ubns


def _follow_latest_again(company: Company) -> None:
    """The company's current fields from its latest linked submission (after some left it)."""
    latest = db.session.scalar(
        db.select(Submission)
        .where(Submission.company_id == company.id, Submission.submitted_at.is_not(None))
        .order_by(Submission.submitted_at.desc(), Submission.id.desc())
        .limit(1)
    )
    if latest is None:
        return  # nothing linked any more: the record keeps what it showed
    company.latest_at = NEVER
    follow_latest(company, latest)


def undo_merge(source: Company, reason: str, user) -> tuple[CompanyMerge, list[int]]:
    """Undo the merge of `source`: it is active again and its forms come back to it.

    Back come the submissions the merge moved and the forms stored meanwhile under the
    統一編號 of `source` (or of a company merged into it), from wherever the merge and any
    later merge of the target took them. Returns the merge and the submissions moved back.
    """
    reason = (reason or "").strip()[:REASON_MAX]
    if not reason:
        raise MergeError(NO_UNDO_REASON, "reason")
    onward = _onward(source)
    locked = lock_companies([source.id, *onward])
    source = locked[source.id]
    if source.merged_into_id is None:
        raise MergeError(NOT_MERGED)
    if _onward(source) != onward:
        raise MergeError(CHANGED)
    merge = active_merge(source)
    if merge is None:
        raise MergeError(NO_RECORD)
    moved = list(merge.moved_submission_ids or [])
    query = db.select(Submission).where(
        Submission.company_id.in_(onward),
        db.or_(Submission.id.in_(moved), Submission.ubn.in_(_family_ubns(source))),
    )
    back = list(db.session.scalars(query.order_by(Submission.id)))
    for submission in back:
        submission.company_id = source.id
    back_ids = [s.id for s in back]
    move_referrals(back_ids, source.id)
    source.merged_into_id = None
    db.session.flush()
    for company_id in (source.id, *onward):
        _follow_latest_again(locked[company_id])
    merge.undone_at = utcnow()
    merge.undone_by_id = user.id
    merge.undo_reason = reason
    target = locked[merge.target_id]
    record(
        "company_merge_undo",
        user=user,
        merge_id=merge.id,
        source_id=source.id,
        source_ubn=source.ubn,
        target_id=target.id,
        target_ubn=target.ubn,
        reason=reason,
        submissions=back_ids,
    )
    return merge, back_ids


@dataclass(frozen=True)
class MergePreview:
    """What a merge of `source` into `target` would move: forms by kind, and referrals."""

    source: Company
    target: Company
    forms: list[tuple[str, int]]  # (form type, how many), in FORM_TYPES order
    submission_ids: list[int]
    referrals: int
    open_referrals: int

    @property
    def form_count(self) -> int:
        return len(self.submission_ids)


def merge_preview(source: Company, target: Company) -> MergePreview:
    """Count what merging `source` into `target` moves (read only; the merge counts again)."""
    rows = db.session.execute(
        db.select(Submission.id, Submission.form_type)
        .where(Submission.company_id == source.id)
        .order_by(Submission.id)
    ).all()
    by_type: dict[str, int] = {}
    for row in rows:
        by_type[row.form_type] = by_type.get(row.form_type, 0) + 1
    order = [t for t in FORM_TYPES if t in by_type] + sorted(set(by_type) - set(FORM_TYPES))
    referrals = db.session.execute(
        db.select(Referral.status, db.func.count())
        .where(Referral.company_id == source.id)
        .group_by(Referral.status)
    ).all()
    return MergePreview(
        source=source,
        target=target,
        forms=[(t, by_type[t]) for t in order],
        submission_ids=[row.id for row in rows],
        referrals=sum(n for _, n in referrals),
        open_referrals=sum(n for status, n in referrals if status in OPEN),
    )
