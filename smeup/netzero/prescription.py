"""開處方: the government resources to offer for an urgency level (rule set urgency-v1).

Which items each level gets, their wording, links and the contacts all come from the rules TOML.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from smeup.netzero.urgency import LEVELS, answer_yes
from smeup.reference.netzero_rules import rules


@dataclass(frozen=True)
class PrescriptionItem:
    """One resource offered: a short title, a plain-language text and an optional link."""

    key: str
    title: str
    text: str
    url: str | None


@dataclass(frozen=True)
class Contact:
    """A service contact shown on every result."""

    name: str
    phone: str


@dataclass(frozen=True)
class Prescription:
    """The items for a level (plus inventory/target help) and the contacts, in display order."""

    level: str
    items: tuple[PrescriptionItem, ...]
    contacts: tuple[Contact, ...]


def prescribe(level: str, answers: Mapping[str, Any], industry_letter: str | None) -> Prescription:
    """Resources for ``level``, filtered by 行業別 letter, plus help the answers call for."""
    if level not in LEVELS:
        raise ValueError(f"unknown urgency level: {level!r}")
    spec = rules()["prescription"]
    industry = (industry_letter or "").strip().upper()

    keys = list(spec["levels"][level])
    if not answer_yes(answers, "has_inventory"):
        keys.append(spec["additions"]["no_inventory"])
    elif not answer_yes(answers, "has_target"):
        # A target only makes sense once the inventory shows where the emissions are.
        keys.append(spec["additions"]["no_target"])

    items = []
    for key in keys:
        item = spec["items"][key]
        if "industries" in item and industry not in item["industries"]:
            continue
        items.append(PrescriptionItem(key, item["title"], item["text"], item.get("url") or None))
    contacts = tuple(Contact(c["name"], c["phone"]) for c in rules()["contacts"])
    return Prescription(level=level, items=tuple(items), contacts=contacts)


def prescription_titles(p: Prescription) -> list[str]:
    """Item titles in order, for the export column (joined there with ；)."""
    return [item.title for item in p.items]
