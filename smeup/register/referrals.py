"""Referrals of prescription items to service units: the state machine and its moves."""

from __future__ import annotations

from datetime import datetime

from ..audit import record
from ..extensions import db
from ..models import Submission
from ..models.base import utcnow
from ..models.register import Company, Referral, ReferralMove
from ..reference.service_units import check_items, unit
from .linking import LinkError

WAITING, REFERRED, CONTACTED, DONE, NOT_NEEDED = "待轉介", "已轉介", "已聯繫", "已完成", "不需要"
STATUSES = (WAITING, REFERRED, CONTACTED, DONE, NOT_NEEDED)
OPEN = (WAITING, REFERRED, CONTACTED)
# Where a referral may go from each status; 不需要 can be reopened if it was a mistake.
MOVES = {
    WAITING: (REFERRED, NOT_NEEDED),
    REFERRED: (CONTACTED, NOT_NEEDED),
    CONTACTED: (DONE, NOT_NEEDED),
    DONE: (),
    NOT_NEEDED: (WAITING,),
}
REASON_MAX = 2000


class ReferralError(LinkError):
    """A referral move the rules refuse; the message is zh-Hant, for the officer."""


class AlreadyOpen(ReferralError):
    """The company already has an open referral of this item to this unit: `referral` is it."""

    def __init__(self, referral: Referral):
        self.referral = referral
        super().__init__(
            f"「{referral.item_title}」已經轉介給這個單位（{referral.status}，"
            f"淨零健檢第 {referral.submission_id} 號），沒有再開一筆。"
        )


def next_statuses(status: str) -> tuple[str, ...]:
    """Where a referral in `status` may move."""
    return MOVES.get(status, ())


def check_move(current: str, target: str, reason: str | None) -> str | None:
    """None when the move is allowed, else a zh-Hant message saying why not."""
    if target not in next_statuses(current):
        return f"轉介目前是「{current}」，不能改為「{target}」"
    if target == NOT_NEEDED and not (reason or "").strip():
        return "改為「不需要」時請填寫理由"
    return None


def _log(referral: Referral, from_status: str | None, reason: str | None, user) -> None:
    db.session.add(
        ReferralMove(
            referral=referral,
            company_id=referral.company_id,
            from_status=from_status,
            to_status=referral.status,
            reason=reason or None,
            user_id=user.id,
        )
    )
    record(
        "referral_move",
        user=user,
        referral_id=referral.id,
        submission_id=referral.submission_id,
        company_id=referral.company_id,
        unit=referral.unit,
        item=referral.item_title,
        from_status=from_status,
        to_status=referral.status,
        reason=reason or "",
    )


def open_referral(company_id: int | None, item_key: str, unit_code: str) -> Referral | None:
    """The company's open referral (待轉介, 已轉介, 已聯繫) of this item to this unit, if any."""
    if company_id is None:
        return None
    query = (
        db.select(Referral)
        .where(
            Referral.company_id == company_id,
            Referral.item_key == item_key,
            Referral.unit == unit_code,
            Referral.status.in_(OPEN),
        )
        .order_by(Referral.id)
        .limit(1)
    )
    return db.session.scalar(query)


def _lock_company(company_id: int | None) -> None:
    """Hold the company's row until the transaction ends (PostgreSQL; SQLite's write unit
    already holds the database's write lock): two officers referring the same item at once
    then check one after the other, and the second finds the first's referral."""
    if company_id is None:
        return
    query = db.select(Company.id).where(Company.id == company_id).with_for_update()
    db.session.execute(query)


def refer(submission: Submission, item_key: str, unit_code: str, user) -> Referral:
    """Open a referral (待轉介) of one prescription item of a net-zero check to a unit.

    One open referral per company, item and unit: when the company already has one (from this
    check or another), AlreadyOpen names it and nothing is written. Call inside `write_unit()`.
    """
    if submission.form_type != "netzero" or submission.netzero is None:
        raise ReferralError("只有淨零健檢的處方可以轉介。")
    items = {i.key: i for i in check_items(submission.netzero.prescriptions)}
    if item_key not in items:
        raise ReferralError("這份健檢沒有這個處方項目。")
    if unit(unit_code) is None:
        raise ReferralError("請從選單中選擇轉介單位。")
    _lock_company(submission.company_id)
    taken = db.session.scalar(
        db.select(Referral).filter_by(submission_id=submission.id, item_key=item_key)
    )
    if taken is not None:
        raise ReferralError(f"「{taken.item_title}」已經轉介過（{taken.status}）。")
    existing = open_referral(submission.company_id, item_key, unit_code)
    if existing is not None:
        raise AlreadyOpen(existing)
    referral = Referral(
        company_id=submission.company_id,
        submission_id=submission.id,
        item_key=item_key,
        item_title=items[item_key].title,
        unit=unit_code,
        status=WAITING,
        check_at=submission.submitted_at,
    )
    db.session.add(referral)
    db.session.flush([referral])
    _log(referral, None, None, user)
    return referral


def move(referral: Referral, target: str, reason: str, user, now: datetime | None = None) -> None:
    """Move a referral (checked by MOVES; 不需要 needs a reason), dated and by whom."""
    reason = (reason or "").strip()[:REASON_MAX]
    problem = check_move(referral.status, target, reason)
    if problem:
        raise ReferralError(problem)
    now = now or utcnow()
    before = referral.status
    referral.status = target
    referral.moved_at = now
    if target == NOT_NEEDED:
        referral.reason = reason
    if target == CONTACTED:
        referral.days_to_contact = (now - referral.check_at).total_seconds() / 86400
    _log(referral, before, reason, user)


def mark_referred(referrals: list[Referral], user) -> int:
    """The hand-off was sent: move every still-waiting referral among these to 已轉介."""
    moved = 0
    for referral in referrals:
        if referral.status == WAITING:
            move(referral, REFERRED, "", user)
            moved += 1
    return moved
