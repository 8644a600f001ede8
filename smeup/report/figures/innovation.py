"""創新加值: navigator results, and each programme's verdict counts."""

from __future__ import annotations

from sqlalchemy import func

from ...extensions import db
from ...models.navigator import NavigatorCheck as N
from ...models.rollup import SubmissionRollup as R
from ...models.submission import Submission
from .base import Line, Scope, Table, num, rollup_in, submissions_in

PROGRAMMES = {
    "sbir_general": "SBIR 一般型",
    "sbir_local": "SBIR 地方型",
    "cocreation": "新創共創獎勵",
    "accelerator": "企業加速器",
}
VERDICTS = ("符合", "可能符合", "不符合")


def tables(scope: Scope) -> list[Table]:
    """Navigator results in the period and verdicts per programme (one grouped query)."""
    link = ("console.submissions", {"form_type": "navigator", **scope.list_args()})
    results = db.session.scalar(
        db.select(func.sum(R.submissions)).where(*rollup_in(scope, "navigator"))
    )
    columns = [
        func.coalesce(func.sum(db.case((getattr(N, p) == v, 1), else_=0)), 0)
        for p in PROGRAMMES
        for v in VERDICTS
    ]
    counts = db.session.execute(
        db.select(*columns)
        .select_from(N)
        .join(Submission, Submission.id == N.submission_id)
        .where(*submissions_in(scope, "navigator"))
    ).one()
    lines = [
        Line(f"{p}|{v}", f"{name}・{v}", int(counts[i * len(VERDICTS) + j]), link)
        for i, (p, name) in enumerate(PROGRAMMES.items())
        for j, v in enumerate(VERDICTS)
    ]
    return [
        Table("in_results", [Line("results", "補助與獎勵導航結果數", num(results), link)]),
        Table("in_verdicts", lines),
    ]
