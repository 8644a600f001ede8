"""Reference data for the digital programme, loaded once from smeup/data/digital.toml."""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "digital.toml"


@functools.cache
def load_reference() -> dict[str, Any]:
    """Return the parsed digital.toml, checked (read from disk only on the first call)."""
    with DATA_FILE.open("rb") as fh:
        data = tomllib.load(fh)
    names = [site["name"] for site in data["sites"]]
    if len(names) != len(set(names)):
        raise ValueError("digital.toml: site names must be distinct")
    if data["outlier_factor"] <= 1:
        raise ValueError("digital.toml: outlier_factor must be greater than 1")
    return data


_DATA = load_reference()

REFERENCE_VERSION: str = _DATA["version"]
SOURCES: tuple[str, ...] = tuple(_DATA["sources"])
OUTLIER_FACTOR: int = _DATA["outlier_factor"]
MAX_EMPLOYEES: int = _DATA["max_employees"]
GROWTH_THRESHOLD_PERCENT: int = _DATA["growth_threshold_percent"]
SEEDED_SITES: tuple[tuple[str, str], ...] = tuple((s["name"], s["county"]) for s in _DATA["sites"])
TOOL_CATEGORIES: dict[str, str] = dict(_DATA["tool_categories"])
USAGE_UNITS: tuple[str, ...] = tuple(_DATA["usage_units"])
SHOP_STATUSES: dict[str, str] = dict(_DATA["shop_statuses"])
