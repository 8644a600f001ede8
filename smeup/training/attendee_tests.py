"""The linked 前測／後測 for the people who attended a session (training.md, After the session).

Who took which attempt: a person is their phone number (digits, +886 read as 0), as in the
pre/post room's pairing (prepost/matching.py; a room never imports another, so the two lines
that read a phone are repeated here). An attempt whose phone matches no attendee still belongs
to one when its 統一編號 (typed, or its shop's) is the company of exactly one attendee: with two
people from that company it could be either, and it is left out. Counted attempts only (the
first of each kind per person), scored on the items the test still counts.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from ..extensions import db
from ..models.digital import Shop
from ..models.prepost import CourseTest, TestAttempt
from ..models.training import TrainingRegistration as R


def phone_digits(phone: str | None) -> str:
    """A Taiwan phone number as digits only, +886 9xx read as 09xx."""
    digits = re.sub(r"\D", "", phone or "")
    return "0" + digits[3:] if digits.startswith("886") else digits


@dataclass(frozen=True)
class AttendeeScores:
    """n and means of the attendees' counted scores; None where no one is counted."""

    test: CourseTest
    attendees: int
    n_pre: int
    n_post: int
    n_matched: int
    mean_pre: float | None  # of the matched attendees (both tests), as the two below
    mean_post: float | None
    mean_change: float | None


def _score(test: CourseTest, attempt: TestAttempt) -> float:
    """The attempt's score on the items the test still counts (removed items drop out)."""
    total = 0.0
    for item in test.visible_items:
        earned = float(attempt.item_scores.get(str(item.id)) or 0)
        total += min(max(earned, 0.0), float(item.points))
    return total


def _mean(values: list[float]) -> float | None:
    return statistics.fmean(values) if values else None


def attendee_scores(session) -> AttendeeScores | None:
    """The session's test figures for its attendees, or None when it links no test."""
    if session.course_test_id is None:
        return None
    test = db.session.get(CourseTest, session.course_test_id)
    people = db.session.execute(
        db.select(R.id, R.attendee_phone, R.ubn).where(
            R.session_id == session.id, R.attended.is_(True)
        )
    ).all()
    by_phone = {phone_digits(p.attendee_phone): p.id for p in people}
    by_ubn: dict[str, list[int]] = {}
    for p in people:
        if p.ubn:
            by_ubn.setdefault(p.ubn, []).append(p.id)
    attempts = db.session.execute(
        db.select(TestAttempt, Shop.ubn)
        .outerjoin(Shop, Shop.id == TestAttempt.shop_id)
        .where(TestAttempt.test_id == test.id, TestAttempt.counted.is_(True))
        .order_by(TestAttempt.sent_at, TestAttempt.id)
    ).all()
    scores: dict[str, dict[int, float]] = {"pre": {}, "post": {}}
    for attempt, shop_ubn in attempts:
        who = by_phone.get(phone_digits(attempt.phone))
        if who is None:
            company = by_ubn.get(attempt.ubn or shop_ubn or "", [])
            who = company[0] if len(company) == 1 else None
        if who is not None:
            scores[attempt.kind].setdefault(who, _score(test, attempt))  # the first counts
    pre, post = scores["pre"], scores["post"]
    both = sorted(pre.keys() & post.keys())
    return AttendeeScores(
        test=test,
        attendees=len(people),
        n_pre=len(pre),
        n_post=len(post),
        n_matched=len(both),
        mean_pre=_mean([pre[p] for p in both]),
        mean_post=_mean([post[p] for p in both]),
        mean_change=_mean([post[p] - pre[p] for p in both]),
    )
