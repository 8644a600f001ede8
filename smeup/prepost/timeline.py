"""What the company register's timeline shows of pre/post tests: each participant's scores.

The pre/post room talks to the register (architecture.md): it adds its lines as a timeline source.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..company.ubn import normalise_ubn
from ..extensions import db
from ..models.prepost import CourseTest, TestAttempt
from ..register.timeline import Event, add_timeline_source

KIND_LABELS = {"pre": "前測", "post": "後測"}


@dataclass(frozen=True)
class ScoreLine:
    """One counted attempt as a timeline line, with the test it belongs to."""

    test_id: int
    text: str


@add_timeline_source
def company_timeline(company) -> list[Event]:
    """The counted 前測/後測 scores of the company's people (by 統一編號), at their send time."""
    ubn = normalise_ubn(company.ubn or "")
    if not ubn:
        return []
    rows = db.session.execute(
        db.select(TestAttempt, CourseTest.title)
        .join(CourseTest, CourseTest.id == TestAttempt.test_id)
        .where(TestAttempt.ubn == ubn, TestAttempt.counted.is_(True))
    ).all()
    return [
        Event(
            a.sent_at,
            "prepost",
            None,
            ScoreLine(
                a.test_id,
                f"{a.name}「{title}」{KIND_LABELS[a.kind]} {a.score:g} / {a.max_score} 分",
            ),
        )
        for a, title in rows
    ]
