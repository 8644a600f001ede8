"""A test's results from its counted attempts: the figures, per-item shares, pairs by name."""

from __future__ import annotations

from dataclasses import dataclass

from ..extensions import db
from ..models.prepost import CourseTest, TestAttempt
from .figures import Figures, figures


@dataclass(frozen=True)
class ItemShare:
    """One item: how many answered right in the counted 前測 and 後測, of how many."""

    position: int
    prompt: str
    right_pre: int
    n_pre: int
    right_post: int
    n_post: int

    @property
    def share_pre(self) -> float | None:
        return self.right_pre / self.n_pre if self.n_pre else None

    @property
    def share_post(self) -> float | None:
        return self.right_post / self.n_post if self.n_post else None


def counted(test_id: int) -> list[TestAttempt]:
    """The counted attempts of a test, oldest first."""
    return db.session.scalars(
        db.select(TestAttempt)
        .where(TestAttempt.test_id == test_id, TestAttempt.counted.is_(True))
        .order_by(TestAttempt.sent_at, TestAttempt.id)
    ).all()


def rescored(test: CourseTest, attempt: TestAttempt) -> float:
    """An attempt's score on the items the test still counts, from its stored item scores.

    Like is compared with like: an item removed (hidden) after people answered drops out of
    every attempt's score and of the maximum alike. An item added after the attempt counts 0
    for it (it was not asked). No item earns more than its points, so no score exceeds the max.
    """
    total = 0.0
    for item in test.visible_items:
        earned = float(attempt.item_scores.get(str(item.id)) or 0)
        total += min(max(earned, 0.0), float(item.points))
    return total


def test_figures(test: CourseTest, attempts: list[TestAttempt]) -> Figures:
    """The figures of the results page from the counted attempts, rescored on the visible items."""
    pre = {a.person_key: rescored(test, a) for a in attempts if a.kind == "pre"}
    post = {a.person_key: rescored(test, a) for a in attempts if a.kind == "post"}
    return figures(pre, post, test.max_score)


test_figures.__test__ = False  # a function of the app, not a pytest test
rescored.__test__ = False


def item_shares(test: CourseTest, attempts: list[TestAttempt]) -> list[ItemShare]:
    """Per visible item: right answers (full points) in the counted 前測 and 後測."""
    shares = []
    for n, item in enumerate(test.visible_items, start=1):
        tally = {"pre": [0, 0], "post": [0, 0]}
        for attempt in attempts:
            earned = attempt.item_scores.get(str(item.id))
            if earned is None:
                continue  # the item was added after this attempt
            tally[attempt.kind][1] += 1
            tally[attempt.kind][0] += earned >= item.points
        shares.append(ItemShare(n, item.prompt, *tally["pre"], *tally["post"]))
    return shares


def names_by_person(attempts: list[TestAttempt]) -> dict[str, str]:
    """The name (and shop) each person gave in their latest counted attempt, for the charts."""
    names = {}
    for a in attempts:
        shop = a.shop.name if a.shop else (a.ubn or "")
        names[a.person_key] = f"{a.name}（{shop}）" if shop else a.name
    return names
