"""在地共榮: SBTR proposals by class (A / B+) and status."""

from __future__ import annotations

from sqlalchemy import func

from ...extensions import db
from ...models.rollup import SubmissionRollup as R
from ...workflow import statuses
from .base import Line, Scope, Table, num, rollup_in

CLASSES = {"A": "A類", "B_PLUS": "B+類"}


def tables(scope: Scope) -> list[Table]:
    """Proposals by class and status, from the rollup."""
    args = scope.list_args()
    counts = {
        (segment, status): num(n)
        for segment, status, n in db.session.execute(
            db.select(R.segment, R.status, func.sum(R.submissions))
            .where(*rollup_in(scope, "sbtr"))
            .group_by(R.segment, R.status)
        )
    }
    totals = [
        Line(
            code,
            f"{label}提案",
            sum(n for (c, _s), n in counts.items() if c == code),
            ("console.submissions", {"form_type": "sbtr", "category": code, **args}),
        )
        for code, label in CLASSES.items()
    ]
    by_status = [
        Line(
            f"{code}|{status}",
            f"{label}・{status}",
            counts.get((code, status), 0),
            (
                "console.submissions",
                {"form_type": "sbtr", "category": code, "status": status, **args},
            ),
        )
        for code, label in CLASSES.items()
        for status in statuses("sbtr")
    ]
    return [Table("lc_classes", totals), Table("lc_status", by_status, sparse=True)]
