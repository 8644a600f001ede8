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
    """Verdict counts per programme over every stored navigator pre-screen, in one query."""
    names = programme_names()
    columns = [getattr(NavigatorCheck, key) for key in PROGRAMMES]
    counts = {key: dict.fromkeys(VERDICTS, 0) for key in PROGRAMMES}
    count = 0
    # One row per combination of verdicts (at most 3**4): the table is read once, not five times.
    for *verdicts, n in db.session.execute(db.select(*columns, func.count()).group_by(*columns)):
        count += n
        for key, verdict in zip(PROGRAMMES, verdicts, strict=True):
            counts[key][verdict] = counts[key].get(verdict, 0) + n
    rows = [(key, names[key], counts[key]) for key in PROGRAMMES]
    return NavigatorSummary(count, rows)
