"""Service units (reference data) and which unit each prescription item goes to by default."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .netzero_rules import rules

UNITS_FILE = Path(__file__).resolve().parent.parent / "data" / "register" / "service-units.toml"


@dataclass(frozen=True)
class ServiceUnit:
    """A unit that takes referrals: code, full name, short name, phone, hand-off mailbox."""

    code: str
    name: str
    short: str
    phone: str
    email: str = ""  # where the hand-off is mailed on confirmation; empty: not mailed


@dataclass(frozen=True)
class ItemUnit:
    """A prescription item of a check, with the unit it is referred to by default."""

    key: str
    title: str
    unit: str


@cache
def _load() -> dict:
    with UNITS_FILE.open("rb") as fh:
        data = tomllib.load(fh)
    codes = set(data["units"])
    # A typo in the rules file would send referrals nowhere: refuse it at start-up.
    for key, item in rules()["prescription"]["items"].items():
        if item.get("unit") not in codes:
            raise ValueError(f"prescription item {key!r} names unknown unit {item.get('unit')!r}")
    return data


def units() -> dict[str, ServiceUnit]:
    """Every service unit by code, in the data file's order."""
    return {code: ServiceUnit(code, **u) for code, u in _load()["units"].items()}


def unit(code: str) -> ServiceUnit | None:
    """One unit by code, or None."""
    return units().get(code)


def check_items(titles: list[str]) -> list[ItemUnit]:
    """A stored check's prescription titles as items with their default unit.

    Checks store item titles (their wording at the time); a title the rules no longer know is
    kept with a key made from its position and the first unit as default.
    """
    by_title = {
        item["title"]: (key, item) for key, item in rules()["prescription"]["items"].items()
    }
    first_unit = next(iter(units()))
    found = []
    for i, title in enumerate(titles):
        key, item = by_title.get(title, (f"item{i + 1}", {}))
        found.append(ItemUnit(key, title, item.get("unit", first_unit)))
    return found
