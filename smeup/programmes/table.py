"""The rule table innovation-2026 (smeup/data/programmes/): figures, wording, sources, groups."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..company.reference import COUNTIES, normalise_county

TABLE_FILE = Path(__file__).resolve().parent.parent / "data" / "programmes" / "innovation-2026.toml"


@cache
def table() -> dict[str, Any]:
    """The parsed rule table; read once per process and checked for completeness."""
    with TABLE_FILE.open("rb") as fh:
        data = tomllib.load(fh)
    _check(data)
    return data


def _check(data: dict[str, Any]) -> None:
    """Refuse a table that misses a county or cites a source it does not list."""
    grouped = [c for g in data["sbir_local"]["groups"].values() for c in g["counties"]]
    if sorted(grouped) != sorted(COUNTIES):
        raise ValueError("innovation-2026: every one of the 22 counties must be in one group")
    cited = [p["source"] for p in data["sbir_general"]["phases"].values()]
    cited += [data["sbir_local"]["cap_source"], data["cocreation"]["award_source"]]
    cited += [data["exclusions"]["mainland_source"], data["exclusions"]["sbir_source"]]
    missing = set(cited) - set(data["sources"])
    if missing:
        raise ValueError(f"innovation-2026: unknown sources {sorted(missing)}")


RULES_VERSION: str = table()["version"]


@dataclass(frozen=True)
class CountyGroup:
    """A county's 地方型 SBIR group and the brochure's ratio for it."""

    county: str
    group: str
    ratio: str
    confirmed: bool


def county_group(raw: str | None) -> CountyGroup | None:
    """The group of a county or city (台 accepted for 臺), or None when it is not one of the 22."""
    county = normalise_county(raw)
    if county is None:
        return None
    for group in table()["sbir_local"]["groups"].values():
        if county in group["counties"]:
            confirmed = group["confirmed"] and county not in group.get("unconfirmed_counties", [])
            return CountyGroup(county, group["name"], group["ratio"], confirmed)
    return None


def money(amount: int) -> str:
    """NT$ in 萬 as the brochure writes it: 1500000 → 150 萬元, 12000000 → 1,200 萬元."""
    wan, rest = divmod(amount, 10_000)
    return f"{wan:,} 萬元" if rest == 0 else f"{amount:,} 元"


def source_line(key: str) -> str:
    """A source as one line for the page: title (date)."""
    source = table()["sources"][key]
    return f"{source['title']}（{source['date']}）"
