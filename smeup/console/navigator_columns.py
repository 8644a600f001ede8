"""The navigator's export columns (exports.md: answers, then each programme's verdict) and labels."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Text, cast

from ..exports.cells import JOIN, stored_list
from ..models.navigator import NavigatorCheck
from ..programmes.forms import labels
from ..programmes.rules import PROGRAMMES
from ..programmes.table import table
from .export_columns import Field, _f, _label

QUESTION_LABELS = {
    "founded_on": "設立日期",
    "org_form": "組織型態",
    "need": "想找的資源",
    "rnd_stage": "研發進度",
    "rnd_theme": "研發主題",
    "sbir_done": "曾完成的 SBIR 階段",
    "focus_industry": "產業領域",
    "self_funding": "能否自籌至少一半經費",
    "tax_arrears": "近 3 年是否有欠稅",
    "mainland_capital": "陸資持股是否超過 30%，或負責人／經理人為陸資投資人",
}
LISTS = ("need", "sbir_done")


def programme_names() -> dict[str, str]:
    """Each programme's key and its name in the rule table."""
    return {key: table()[key]["name"] for key in PROGRAMMES}


def _joined_labels(codes: dict[str, str]) -> Callable[[object], str]:
    return lambda value: JOIN.join(codes.get(c, c) for c in stored_list(value))


def navigator_fields() -> tuple[Field, ...]:
    """The navigator columns: every answer in programmes.md order, verdicts, version."""
    coded = labels()
    fields = []
    for key, label in QUESTION_LABELS.items():
        column = getattr(NavigatorCheck, key)
        if key in LISTS:
            fields.append(_f(key, label, cast(column, Text), _joined_labels(coded[key])))
        else:
            fields.append(_f(key, label, column, _label(coded[key]) if key in coded else None))
    names = programme_names()
    fields += [_f(key, names[key], getattr(NavigatorCheck, key)) for key in PROGRAMMES]
    fields.append(_f("judged_on", "判斷日期", NavigatorCheck.judged_on))
    fields.append(_f("rules_version", "判斷規則版本", NavigatorCheck.rules_version))
    return tuple(fields)


def navigator_answers(check: NavigatorCheck) -> list[tuple[str, str]]:
    """The answers as (label, text) pairs for the officer's detail page."""
    coded = labels()
    answers = []
    for key, label in QUESTION_LABELS.items():
        value = getattr(check, key)
        if key in LISTS:
            text = JOIN.join(coded[key].get(c, c) for c in value or []) or "（未勾選）"
        elif isinstance(value, bool):
            text = "是" if value else "否"
        elif key in coded:
            text = coded[key].get(value, value) if value else "—"
        else:
            text = value.isoformat() if value else "—"
        answers.append((label, text))
    return answers
