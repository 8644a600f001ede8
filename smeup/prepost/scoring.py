"""Scoring one attempt against a test's items, and which attempt of a person counts.

Plain Python (architecture.md): no request, no session, no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

KINDS = {"single": "單選", "multiple": "複選", "truefalse": "是非"}
TRUE_FALSE_OPTIONS = (("T", "是（對）"), ("F", "非（錯）"))


@dataclass(frozen=True)
class ItemKey:
    """What scoring needs of an item: its kind, points, correct option codes, partial credit."""

    id: int
    kind: str  # single | multiple | truefalse
    points: int
    correct: frozenset[str]
    partial_credit: bool = False


def score_item(item: ItemKey, chosen: Iterable[str]) -> Fraction:
    """Points earned on one item.

    single and true/false: all points for the one right option, else 0. multiple: all points
    for exactly the right set; with partial credit (only when the definition says so) each
    right option chosen earns points / (number of right options) and each wrong one chosen
    takes that much away, never below 0 — so ticking every box earns nothing.
    """
    picked = set(chosen)
    if item.kind != "multiple":
        return (
            Fraction(item.points)
            if len(picked) == 1 and picked == set(item.correct)
            else Fraction(0)
        )
    if picked == set(item.correct):
        return Fraction(item.points)
    if not item.partial_credit or not item.correct:
        return Fraction(0)
    share = Fraction(item.points, len(item.correct))
    earned = share * (len(picked & item.correct) - len(picked - item.correct))
    return max(Fraction(0), earned)


def score_attempt(
    items: Iterable[ItemKey], answers: Mapping[int, Iterable[str]]
) -> dict[int, Fraction]:
    """Points per item id for one attempt (an unanswered item earns 0)."""
    return {item.id: score_item(item, answers.get(item.id, ())) for item in items}


@dataclass(frozen=True)
class AttemptRow:
    """A sent attempt as the first-attempt rule sees it."""

    id: int
    person: str  # the match key (matching.person_key)
    kind: str  # pre | post
    sent_order: tuple  # (sent_at, id): earlier sorts first


def counted_attempts(attempts: Iterable[AttemptRow]) -> set[int]:
    """Ids of the attempts that count: the first sent of each kind per person."""
    first: dict[tuple[str, str], AttemptRow] = {}
    for attempt in attempts:
        key = (attempt.person, attempt.kind)
        if key not in first or attempt.sent_order < first[key].sent_order:
            first[key] = attempt
    return {attempt.id for attempt in first.values()}
