"""A session's numbers (training.md, "Numbers that must be right"), counted by the database.

- 已報名: registrations holding a seat now; 候補: waitlisted now; 已取消: cancelled.
- 應到 (confirmed at the start): registrations that held a seat when the session started and had
  not cancelled by then, plus anyone who attended without one then (a walk-in, a seat given at
  the last minute): an attendee always had a seat, so the rate never passes 100 %.
- 出席: checked in at the door or present long enough online. 未到 (no-show): 應到 − 出席, once
  the session has ended. Waitlisted people who never got a seat are not no-shows.
- 出席率 = 出席 ÷ 應到. A cancelled session has no rate. One row per person and session, so a
  person who registered twice counts once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from ..extensions import db
from ..models.training import TrainingRegistration as R
from ..models.training import TrainingSession as S


@dataclass(frozen=True)
class SessionFigures:
    registered: int = 0
    waitlisted: int = 0
    cancelled: int = 0
    attended: int = 0
    expected: int = 0  # 應到
    ended: bool = False
    session_cancelled: bool = False

    @property
    def no_show(self) -> int | None:
        """未到, once the session has ended (before that, nobody has failed to come yet)."""
        if not self.ended or self.session_cancelled:
            return None
        return self.expected - self.attended

    @property
    def rate(self) -> float | None:
        """出席率 in 0..1, or None (not ended, cancelled, or nobody expected)."""
        if not self.ended or self.session_cancelled or not self.expected:
            return None
        return self.attended / self.expected


def _count(condition):
    return db.func.coalesce(db.func.sum(db.case((condition, 1), else_=0)), 0)


def figures_by_session(ids: Iterable[int], now: datetime) -> dict[int, SessionFigures]:
    """The figures of each session in `ids`, in one grouped query."""
    ids = list(ids)
    if not ids:
        return {}
    held_at_start = db.and_(
        R.seated_at.is_not(None),
        R.seated_at <= S.starts_at,
        db.or_(R.cancelled_at.is_(None), R.cancelled_at > S.starts_at),
    )
    rows = db.session.execute(
        db.select(
            S.id,
            S.ends_at,
            S.cancelled_at,
            _count(R.status == "registered"),
            _count(R.status == "waitlisted"),
            _count(R.status == "cancelled"),
            _count(R.attended.is_(True)),
            _count(db.or_(held_at_start, R.attended.is_(True))),
        )
        .select_from(S)
        .outerjoin(R, R.session_id == S.id)
        .where(S.id.in_(ids))
        .group_by(S.id, S.ends_at, S.cancelled_at)
    ).all()
    return {
        sid: SessionFigures(
            int(registered),
            int(waitlisted),
            int(cancelled),
            int(attended),
            int(expected),
            ended=ends_at <= now,
            session_cancelled=cancelled_at is not None,
        )
        for sid, ends_at, cancelled_at, registered, waitlisted, cancelled, attended, expected in rows
    }


def session_figures(session: S, now: datetime) -> SessionFigures:
    return figures_by_session([session.id], now).get(session.id, SessionFigures())
