"""The net-zero rules file (urgency thresholds, reasons, prescriptions, contacts), read once.

The net-zero room judges checks by it; the register reads each prescription item's default
service unit from it.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

RULES_FILE = Path(__file__).resolve().parent.parent / "data" / "netzero" / "rules-urgency-v1.toml"


@cache
def rules() -> dict[str, Any]:
    """The parsed rules file (thresholds, reason texts, prescriptions); read once per process."""
    with RULES_FILE.open("rb") as fh:
        return tomllib.load(fh, parse_float=Decimal)
