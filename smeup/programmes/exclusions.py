"""Exclusions (programmes.md, revised 2026-12-07), from the answers and the company registry.

陸資 (a threshold: over 30 %, or a mainland responsible person or manager), tax arrears in the
last 3 years and a registry status of 停業 exclude BOTH SBIR routes, the general and the county
calls; a registry status of 解散 / 廢止 / 撤銷 excludes every programme the navigator judges.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from .rule import MET, NOT_MET, Rule, yes_no_rule
from .table import table

MAINLAND_QUESTION = "陸資持股是否超過 30%，或負責人／經理人為陸資投資人"


@dataclass(frozen=True)
class RegistryStatus:
    """What the company registry last said: its status text, dissolved or not, and when."""

    status: str
    dissolved: bool  # 解散, 廢止 or 撤銷 (smeup.registry.answer.is_dissolved)
    asked_on: date


def _cannot(programme: str) -> str:
    space = " " if programme[:1].isascii() else ""
    return f"不能申請{space}{programme}"


def _registry_says(registry: RegistryStatus) -> str:
    return f"公司登記資料（{registry.asked_on:%Y-%m-%d} 查詢）顯示登記狀態為「{registry.status}」"


def dissolved_rules(registry: RegistryStatus | None, programme: str) -> tuple[Rule, ...]:
    """Every programme: a company the registry says is 解散, 廢止 or 撤銷 cannot apply."""
    if registry is None or not registry.dissolved:
        return ()
    text = (
        f"{_registry_says(registry)}：已解散、廢止或撤銷的公司{_cannot(programme)}"
        "（登記資料如有變動，請洽計畫窗口確認）。"
    )
    return (Rule(NOT_MET, text),)


def sbir_exclusions(
    answers: Mapping[str, Any], registry: RegistryStatus | None, programme: str
) -> tuple[Rule, ...]:
    """Both SBIR routes: not 陸資 (over the 30 % threshold), no tax arrears, not 停業
    (dissolved_rules, which every programme starts with, says 解散 / 廢止 / 撤銷)."""
    spec = table()["exclusions"]
    threshold = spec["mainland_threshold"]
    rules = [
        yes_no_rule(
            answers.get("mainland_capital"),
            MAINLAND_QUESTION,
            Rule(
                NOT_MET,
                f"您回答{threshold}：屬陸資企業，{_cannot(programme)}"
                "（陸資持股 30% 以下且負責人、經理人都不是陸資投資人者才可申請）。",
            ),
            Rule(MET, "陸資持股未超過 30%，負責人／經理人也不是陸資投資人，不屬陸資企業。"),
        ),
        yes_no_rule(
            answers.get("tax_arrears"),
            "近 3 年是否有欠稅",
            Rule(NOT_MET, f"近 3 年有欠稅，{_cannot(programme)}。"),
            Rule(MET, "近 3 年沒有欠稅。"),
        ),
    ]
    words = spec["sbir_status_words"]
    closed = registry is not None and not registry.dissolved
    if closed and any(word in registry.status for word in words):
        rules.insert(0, Rule(NOT_MET, f"{_registry_says(registry)}，{_cannot(programme)}。"))
    return tuple(rules)
