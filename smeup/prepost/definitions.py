"""Officers' test definitions: items read from a form, hidden once used, opened and closed."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..extensions import db
from ..models.prepost import CourseTest, TestAttempt, TestItem
from .scoring import KINDS, TRUE_FALSE_OPTIONS, ItemKey

OPEN_KINDS = {"pre": "前測", "post": "後測"}
LETTERS = "ABCDEFGHIJ"


@dataclass
class ItemInput:
    """An item form as typed, its cleaned values, and its errors by field name."""

    values: dict
    errors: dict = field(default_factory=dict)
    options: list = field(default_factory=list)
    correct: list = field(default_factory=list)


def read_item(form: Mapping[str, str]) -> ItemInput:
    """Check an item form: kind, prompt, points 1–100, 2–10 options, valid right answers."""
    values = {
        k: (form.get(k) or "").strip() for k in ("kind", "prompt", "points", "options", "correct")
    }
    values["partial_credit"] = form.get("partial_credit") == "1"
    item = ItemInput(values)
    if values["kind"] not in KINDS:
        item.errors["kind"] = "請選擇題型"
    if not values["prompt"]:
        item.errors["prompt"] = "請填寫題目"
    elif len(values["prompt"]) > 500:
        item.errors["prompt"] = "題目請在 500 字以內"
    if not re.fullmatch(r"[0-9]{1,3}", values["points"]) or not 1 <= int(values["points"]) <= 100:
        item.errors["points"] = "配分請填 1 到 100 的整數"
    if values["kind"] == "truefalse":
        item.options = [list(pair) for pair in TRUE_FALSE_OPTIONS]
        answer = {"是": "T", "對": "T", "O": "T", "非": "F", "錯": "F", "X": "F"}.get(
            values["correct"].upper()
        )
        if answer is None:
            item.errors["correct"] = "是非題的正確答案請填「是」或「非」"
        item.correct = [answer] if answer else []
        return item
    lines = [line.strip() for line in values["options"].splitlines() if line.strip()]
    if not 2 <= len(lines) <= len(LETTERS):
        item.errors["options"] = "選項請填 2 到 10 個，一行一個"
    item.options = [[LETTERS[i], text[:200]] for i, text in enumerate(lines[: len(LETTERS)])]
    codes = {code for code, _t in item.options}
    picked = [
        c for c in values["correct"].upper().replace("，", ",").replace(" ", ",").split(",") if c
    ]
    if not picked or not set(picked) <= codes:
        item.errors["correct"] = "正確答案請填選項字母，例如 B；複選題如 A,C"
    elif values["kind"] == "single" and len(picked) != 1:
        item.errors["correct"] = "單選題只能有一個正確答案"
    item.correct = sorted(set(picked))
    return item


def add_item(test: CourseTest, item: ItemInput) -> TestItem:
    """Append a checked item to the test."""
    row = TestItem(
        test=test,
        position=len(test.items),
        kind=item.values["kind"],
        prompt=item.values["prompt"],
        points=int(item.values["points"]),
        options=item.options,
        correct=item.correct,
        partial_credit=item.values["partial_credit"] and item.values["kind"] == "multiple",
    )
    db.session.add(row)
    return row


def remove_item(item: TestItem) -> str:
    """Delete an unused item; hide one an attempt used (its answers must stay readable)."""
    used = db.session.scalar(
        db.select(TestAttempt.id).where(TestAttempt.test_id == item.test_id).limit(1)
    )
    if used:
        item.hidden = True
        return "hidden"
    db.session.delete(item)
    return "deleted"


def item_keys(items: list[TestItem]) -> list[ItemKey]:
    """What scoring needs of each item."""
    return [ItemKey(i.id, i.kind, i.points, frozenset(i.correct), i.partial_credit) for i in items]


def has_attempts(test_id: int) -> bool:
    """Whether anyone has sent an attempt of the test (then items can only be removed)."""
    return (
        db.session.scalar(db.select(TestAttempt.id).where(TestAttempt.test_id == test_id).limit(1))
        is not None
    )


def item_values(item: TestItem) -> dict:
    """An item as its form shows it, for editing (the inverse of read_item)."""
    if item.kind == "truefalse":
        correct = "是" if item.correct == ["T"] else "非"
        options = ""
    else:
        correct = ",".join(item.correct)
        options = "\n".join(label for _code, label in item.options)
    return {
        "kind": item.kind,
        "prompt": item.prompt,
        "points": str(item.points),
        "options": options,
        "correct": correct,
        "partial_credit": item.partial_credit,
    }


def update_item(item: TestItem, checked: ItemInput) -> None:
    """Replace an unused item's kind, prompt, points, options and right answers."""
    item.kind = checked.values["kind"]
    item.prompt = checked.values["prompt"]
    item.points = int(checked.values["points"])
    item.options = checked.options
    item.correct = checked.correct
    item.partial_credit = checked.values["partial_credit"] and item.kind == "multiple"


def move_item(test: CourseTest, item: TestItem, step: int) -> bool:
    """Move an item one place up (step −1) or down (+1); False when it is already at that end."""
    items = list(test.visible_items)
    at = items.index(item)
    to = at + step
    if not 0 <= to < len(items):
        return False
    items[at], items[to] = items[to], items[at]
    for n, row in enumerate(items):
        row.position = n
    return True
