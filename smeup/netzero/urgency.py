"""Urgency of reduction (高/中/低) with the reasons that triggered it (rule set urgency-v1).

The rule logic follows netzero-rules.md; thresholds and every word shown come from the rules
TOML, so officers can reword without touching code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from smeup.netzero.emissions import Number, round_t, to_decimal
from smeup.reference.netzero_rules import rules

HIGH, MEDIUM, LOW = "高", "中", "低"
LEVELS = (HIGH, MEDIUM, LOW)
SUPPLY_CHAIN_CHOICES = ("none", "requested", "deadline")


@dataclass(frozen=True)
class UrgencyResult:
    """The level, its reasons in display order, and the rule set that produced them."""

    level: str
    reasons: tuple[str, ...]
    triggers: tuple[str, ...]
    rules_version: str


RULES_VERSION: str = rules()["version"]


def rules_statement() -> str:
    """The notice that these rules are the app's own, written from public obligations."""
    return rules()["statement"]


def estimate_notice() -> str:
    """The notice that the emissions are an orientation estimate, not a verified inventory."""
    return rules()["estimate_notice"]


def answer_yes(answers: Mapping[str, Any], key: str) -> bool:
    """A yes/no answer as bool; missing or None is no, anything but a bool is refused."""
    value = answers.get(key)
    if value is None:
        return False
    # bool("否") would be True, so strings must be converted by the form, never guessed here.
    if not isinstance(value, bool):
        raise TypeError(f"{key} must be a bool, got {value!r}")
    return value


def supply_chain_request(answers: Mapping[str, Any]) -> str:
    """The ``supply_chain_request`` answer, checked; missing counts as ``none``."""
    value = answers.get("supply_chain_request") or "none"
    if value not in SUPPLY_CHAIN_CHOICES:
        raise ValueError(f"supply_chain_request must be one of {SUPPLY_CHAIN_CHOICES}: {value!r}")
    return value


def pays_carbon_fee(industry_letter: str | None) -> bool:
    """True for the industries the carbon fee applies to (電力、燃氣供應業及製造業: C, D)."""
    industry = (industry_letter or "").strip().upper()
    return industry in rules()["carbon_fee"]["industries"]


def assess_urgency(
    total_tco2e: Number,
    answers: Mapping[str, Any],
    *,
    scope1_tco2e: Number = None,
    industry: str | None = None,
) -> UrgencyResult:
    """Classify urgency from the unrounded yearly total (and its scope 1 part), the 行業別
    letter and the yes/no answers.

    At the high threshold the words depend on the industry: the carbon fee's for C and D only
    (netzero-rules.md, revised 2026-12-07); inventory registration turns on scope 1 alone.
    """
    total = to_decimal(total_tco2e)
    scope1 = to_decimal(scope1_tco2e)
    thresholds = rules()["thresholds"]
    request = supply_chain_request(answers)
    registration = Decimal(thresholds["inventory_registration_scope1_tco2e"])

    # Order within each level follows netzero-rules.md, so reasons read the same every time.
    high = [
        ("high_emissions", total >= Decimal(thresholds["high_tco2e"])),
        ("inventory_registration", scope1 >= registration),
        ("cbam_export", answer_yes(answers, "cbam_export")),
        ("listed_company", answer_yes(answers, "listed_company")),
        ("supply_chain_deadline", request == "deadline"),
    ]
    medium = [
        ("supply_chain_requested", request == "requested"),
        ("supplier_to_listed", answer_yes(answers, "supplier_to_listed")),
        ("medium_emissions", total >= Decimal(thresholds["medium_tco2e"])),
    ]
    # Only the triggers of the level reached are reasons for it; lower-level ones would blur why.
    for level, checks in ((HIGH, high), (MEDIUM, medium)):
        triggers = tuple(key for key, hit in checks if hit)
        if triggers:
            return _result(level, triggers, total, scope1, industry)
    return _result(LOW, ("low",), total, scope1, industry)


def _result(
    level: str, triggers: tuple[str, ...], total: Decimal, scope1: Decimal, industry: str | None
) -> UrgencyResult:
    texts = rules()["reasons"]
    shown = {"total": f"{round_t(total):,.2f}", "scope1": f"{round_t(scope1):,.2f}"}

    def text_key(trigger: str) -> str:
        if trigger == "high_emissions" and pays_carbon_fee(industry):
            return "high_emissions_carbon_fee"
        return trigger

    return UrgencyResult(
        level=level,
        reasons=tuple(texts[text_key(t)].format(**shown) for t in triggers),
        triggers=triggers,
        rules_version=RULES_VERSION,
    )
