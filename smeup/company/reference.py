"""Reference lists for the company block, loaded once from smeup/data/company.toml."""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "company.toml"


@functools.cache
def load_reference() -> dict[str, Any]:
    """Return the parsed company.toml (read from disk only on the first call)."""
    with DATA_FILE.open("rb") as fh:
        data = tomllib.load(fh)
    # Fail at import rather than at the first odd submission if the file is edited badly.
    if len(data["counties"]) != 22 or len(set(data["counties"])) != 22:
        raise ValueError("company.toml: counties must list 22 distinct names")
    if list(data["industries"]) != [chr(c) for c in range(ord("A"), ord("S") + 1)]:
        raise ValueError("company.toml: industries must be the letters A–S in order")
    return data


_DATA = load_reference()

REFERENCE_VERSION: str = _DATA["version"]
SOURCES: tuple[str, ...] = tuple(_DATA["sources"])
COUNTIES: tuple[str, ...] = tuple(_DATA["counties"])
INDUSTRIES: dict[str, str] = dict(_DATA["industries"])

_COUNTY_SET = frozenset(COUNTIES)
_SPACE_RE = re.compile(r"\s+")


def normalise_county(raw: str | None) -> str | None:
    """Return the official county/city name for raw input, or None if it is not one of the 22."""
    if raw is None:
        return None
    # NFKC folds full-width forms; 台 is the everyday spelling of the official 臺.
    name = _SPACE_RE.sub("", unicodedata.normalize("NFKC", raw)).replace("台", "臺")
    return name if name in _COUNTY_SET else None


def industry_label(letter: str) -> str:
    """Return the zh-Hant label of an industry letter A–S; raise KeyError for anything else."""
    try:
        return INDUSTRIES[letter]
    except KeyError:
        raise KeyError(f"unknown industry letter: {letter!r}") from None
