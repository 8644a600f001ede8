"""One condition of a programme and its outcome (shared by the rules and the exclusions)."""

from __future__ import annotations

from dataclasses import dataclass

MET, NOT_MET, CHECK = "met", "not_met", "check"


@dataclass(frozen=True)
class Rule:
    """One condition of a programme: met, not met or to check, in one plain sentence."""

    outcome: str
    text: str


def yes_no_rule(value: bool | None, question: str, yes: Rule, no: Rule) -> Rule:
    """A 是/否 answer: `yes` or `no`, and to check when unanswered."""
    if value is None:
        return Rule(CHECK, f"未回答「{question}」，請補上以確認。")
    return yes if value else no
