"""The dashboard's navigator numbers: how many pre-screens, and each programme's verdicts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func

from ..extensions import db
from ..models.navigator import NavigatorCheck
from ..programmes.rules import PROGRAMMES, VERDICTS
from .navigator_columns import programme_names


@dataclass(frozen=True)
class NavigatorSummary:
    """Pre-screens counted, and per programme (name) the count of each verdict."""

    count: int
    rows: list[tuple[str, str, dict[str, int]]]


def navigator_summary() -> NavigatorSummary:
    """Verdict counts per programme over every stored navigator pre-screen (one query each)."""
    names = programme_names()
    rows = []
    for key in PROGRAMMES:
        column = getattr(NavigatorCheck, key)
        counts = dict.fromkeys(VERDICTS, 0)
        for verdict, n in db.session.execute(db.select(column, func.count()).group_by(column)):
            counts[verdict] = counts.get(verdict, 0) + n
        rows.append((key, names[key], counts))
    count = db.session.scalar(db.select(func.count()).select_from(NavigatorCheck)) or 0
    return NavigatorSummary(count, rows)
