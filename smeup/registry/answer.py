"""Reading the registry's answer: 民國 dates, county from the address, capital, dissolution."""

from __future__ import annotations

import functools
import json
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..company.reference import COUNTIES

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "registry.toml"
_ROC_DATE_RE = re.compile(r"([0-9]{2,3})([0-9]{2})([0-9]{2})")
ROC_OFFSET = 1911  # 民國 1 年 is 1912


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
    """An amount in NT$ as an integer (the API gives numbers, sometimes text); None if unreadable."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        value = int(value) if value.is_integer() else None
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        value = int(text) if text.isascii() and text.isdigit() else None
    return value if isinstance(value, int) and value >= 0 else None


def is_dissolved(status: str) -> bool:
    """True when the status says the company is 解散, 廢止 or 撤銷."""
    return any(word in status for word in reference()["dissolved_words"])


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def read_record(row: dict) -> RegistryRecord:
    """One company object of the answer as a RegistryRecord."""
    status = _text(row.get("Company_Status_Desc"))
    address = _text(row.get("Company_Location"))
    return RegistryRecord(
        ubn=_text(row.get("Business_Accounting_NO")),
        company_name=_text(row.get("Company_Name")),
        status=status,
        dissolved=is_dissolved(status),
        capital_stock=capital(row.get("Capital_Stock_Amount")),
        paid_in_capital=capital(row.get("Paid_In_Capital_Amount")),
        responsible_name=_text(row.get("Responsible_Name")),
        address=address,
        county=county_of(address),
        register_organization=_text(row.get("Register_Organization_Desc")),
        founded_on=roc_date(row.get("Company_Setup_Date")),
        raw=row,
    )


def read_answer(body: bytes, ubn: str) -> RegistryRecord | None:
    """The company `ubn` from the answer body; None when the registry has no such company.

    The API answers "not found" with an empty body (and `[]` would mean the same); anything
    that is not a JSON array of objects is malformed, and so is an answer about another number.
    """
    try:
        text = body.decode("utf-8-sig").strip()
        if not text:
            return None
        rows = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MalformedAnswer(f"not JSON: {body[:80]!r}") from exc
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise MalformedAnswer("not an array of objects")
    for row in rows:
        if _text(row.get("Business_Accounting_NO")) == ubn:
            record = read_record(row)
            if not record.company_name:
                raise MalformedAnswer("a company without a name")
            return record
    if rows:
        raise MalformedAnswer("the answer is about another number")
    return None
