"""Reading the registry's answer: 民國 dates, county from the address, capital, dissolution.

An answer the app cannot use is a MalformedAnswer (the offer then says "unavailable"): not JSON,
nested deeper than any real answer, a number too long to be one, a capital beyond any company's
(or beyond the BIGINT column it is kept in), a field of the wrong type. Every text is passed
through clean_text (no control or bidi formatting characters) before it is shown or kept.
"""

from __future__ import annotations

import functools
import json
import math
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..company.reference import COUNTIES
from ..forms.validators import clean_text

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "registry.toml"
_ROC_DATE_RE = re.compile(r"([0-9]{2,3})([0-9]{2})([0-9]{2})")
ROC_OFFSET = 1911  # 民國 1 年 is 1912
# Far above any company's capital (TSMC: 2.6 × 10^11), far below the BIGINT column's 9.2 × 10^18.
MAX_CAPITAL = 10**15
# The answer is an array of flat objects (depth 2); anything much deeper is not the registry's.
MAX_DEPTH = 16
# A JSON integer longer than this is not the registry's (and a 5,000-digit one costs time).
MAX_INT_DIGITS = 19
# A lone surrogate (from a \ud800 escape in the JSON) has no UTF-8: no database can keep it.
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
# Strings and everything that is not a bracket: what is left shows how deep the JSON nests.
_NOT_NESTING_RE = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[^\[\]{}"]+')


class MalformedAnswer(ValueError):
    """The registry answered something that is not its JSON array of companies."""


@functools.cache
def reference() -> dict[str, Any]:
    """registry.toml: the dataset id, the dissolved words and the former county names."""
    with DATA_FILE.open("rb") as fh:
        data = tomllib.load(fh)
    unknown = set(data["former_counties"].values()) - set(COUNTIES)
    if unknown:
        raise ValueError(f"registry.toml: former counties map to unknown names {unknown}")
    return data


@dataclass(frozen=True)
class RegistryRecord:
    """What the registry says about one company, read into plain values."""

    ubn: str
    company_name: str
    status: str
    dissolved: bool
    capital_stock: int | None
    paid_in_capital: int | None
    responsible_name: str
    address: str
    county: str | None
    register_organization: str
    founded_on: date | None
    raw: dict


def roc_date(value: Any) -> date | None:
    """A 民國 date of 7 digits ('0760221' → 1987-02-21); None when it is not a real date."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = f"{value:07d}"  # a number loses the leading 0 of years before 民國 100
    if not isinstance(value, str):
        return None
    match = _ROC_DATE_RE.fullmatch(value.strip())
    if not match or int(match[1]) < 1:
        return None
    try:
        return date(int(match[1]) + ROC_OFFSET, int(match[2]), int(match[3]))
    except ValueError:
        return None


def county_of(address: Any) -> str | None:
    """The county or city an address is in: the first of the 22 (or a former name) it names."""
    if not isinstance(address, str):
        return None
    # NFKC folds full-width forms; 台 is the everyday spelling of the official 臺.
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", address)).replace("台", "臺")
    names = {name: name for name in COUNTIES} | reference()["former_counties"]
    # Usually the address starts with it; science-park addresses put the park first
    # (新竹科學園區新竹市力行六路8號), so the earliest mention wins.
    found = [(text.find(name), name) for name in names if name in text]
    return names[min(found)[1]] if found else None


def capital(value: Any) -> int | None:
    """An amount in NT$ as an integer (the API gives numbers, sometimes text); None if unreadable.

    A number beyond MAX_CAPITAL, or a value that is neither number nor text (a list...), is not
    an answer the app can use: MalformedAnswer.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not math.isfinite(value) or abs(value) > MAX_CAPITAL:
            raise MalformedAnswer(f"a capital out of range: {value!r}")
        value = int(value) if value.is_integer() else None
    elif isinstance(value, str):
        text = value.strip().replace(",", "")
        if not (text.isascii() and text.isdigit()):
            return None
        if len(text.lstrip("0")) > len(str(MAX_CAPITAL)):
            raise MalformedAnswer(f"a capital of {len(text)} digits")
        value = int(text)
    elif not isinstance(value, int):
        raise MalformedAnswer(f"a capital of type {type(value).__name__}")
    if value is None or value < 0:
        return None
    if value > MAX_CAPITAL:
        raise MalformedAnswer(f"a capital out of range: {value}")
    return value


def is_dissolved(status: str) -> bool:
    """True when the status says the company is 解散, 廢止 or 撤銷."""
    return any(word in status for word in reference()["dissolved_words"])


def _clean(text: str) -> str:
    if _SURROGATE_RE.search(text):
        raise MalformedAnswer("text with a lone surrogate")
    return clean_text(text)


def _text(row: dict, name: str) -> str:
    """The text field `name` of a company object, cleaned; "" when absent or null."""
    value = row.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise MalformedAnswer(f"{name} is a {type(value).__name__}, not text")
    return _clean(value)


def _date(row: dict, name: str) -> date | None:
    value = row.get(name)
    if value is not None and not isinstance(value, str | int):
        raise MalformedAnswer(f"{name} is a {type(value).__name__}, not a date")
    return roc_date(value)


def _cleaned(value: Any) -> Any:
    """A JSON value with every text (keys included) cleaned, to keep as `raw`."""
    if isinstance(value, str):
        return _clean(value)
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    if isinstance(value, dict):
        return {_clean(key): _cleaned(item) for key, item in value.items()}
    return value


def read_record(row: dict) -> RegistryRecord:
    """One company object of the answer as a RegistryRecord (MalformedAnswer if unusable)."""
    status = _text(row, "Company_Status_Desc")
    address = _text(row, "Company_Location")
    return RegistryRecord(
        ubn=_text(row, "Business_Accounting_NO"),
        company_name=_text(row, "Company_Name"),
        status=status,
        dissolved=is_dissolved(status),
        capital_stock=capital(row.get("Capital_Stock_Amount")),
        paid_in_capital=capital(row.get("Paid_In_Capital_Amount")),
        responsible_name=_text(row, "Responsible_Name"),
        address=address,
        county=county_of(address),
        register_organization=_text(row, "Register_Organization_Desc"),
        founded_on=_date(row, "Company_Setup_Date"),
        raw=_cleaned(row),
    )


def nesting(text: str) -> int:
    """How deep the JSON `text` nests arrays and objects (brackets inside strings don't count)."""
    depth = deepest = 0
    for char in _NOT_NESTING_RE.sub("", text):
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _json_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise MalformedAnswer(f"a number of {len(text)} digits")
    return int(text)


def _json_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e999
        raise MalformedAnswer(f"a number out of range: {text[:40]}")
    return value


def _json_constant(name: str):
    raise MalformedAnswer(f"not a JSON number: {name}")  # NaN, Infinity


def _parse(text: str) -> Any:
    if nesting(text) > MAX_DEPTH:
        raise MalformedAnswer(f"nested deeper than {MAX_DEPTH}")
    try:
        return json.loads(
            text, parse_int=_json_int, parse_float=_json_float, parse_constant=_json_constant
        )
    except MalformedAnswer:
        raise
    except (ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError
        raise MalformedAnswer(f"not JSON: {text[:80]!r}") from exc


def read_answer(body: bytes, ubn: str) -> RegistryRecord | None:
    """The company `ubn` from the answer body; None when the registry has no such company.

    The API answers "not found" with an empty body (and `[]` would mean the same); anything
    that is not a JSON array of objects is malformed, and so is an answer about another number.
    """
    try:
        text = body.decode("utf-8-sig").strip()
    except UnicodeDecodeError as exc:
        raise MalformedAnswer(f"not JSON: {body[:80]!r}") from exc
    if not text:
        return None
    rows = _parse(text)
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise MalformedAnswer("not an array of objects")
    for row in rows:
        if _text(row, "Business_Accounting_NO") == ubn:
            record = read_record(row)
            if not record.company_name:
                raise MalformedAnswer("a company without a name")
            return record
    if rows:
        raise MalformedAnswer("the answer is about another number")
    return None
