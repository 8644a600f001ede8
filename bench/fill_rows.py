"""The benchmark fill's rows: submission and netzero_check pairs, when each was submitted,
and the company rows they name.

Answers vary over a few dozen variants whose assessment the app's own code computes
(`_variants`); every tenth row is a roadshow one. Rows are 7 s apart, or spread over a year in
the realistic fill (`submitted_at`). The column lists are the order the writers
(bench/fill_write.py) insert the rows in.
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime, timedelta
from decimal import Decimal

from smeup.forms.company import COMPANY_FIELDS
from smeup.models.search_key import name_key

from .fill_companies import COUNTIES, block

SUBMISSION_COLUMNS = [
    "id",
    "form_type",
    "channel",
    "event_id",
    "entered_by_id",
    "submitted_at",
    "status",
    "submission_key",
    "content_hash",
    "result_token",
    *COMPANY_FIELDS,
    "call_note",
    "segment",
    "name_key",
    "company_id",
]
COMPANY_COLUMNS = [
    "id",
    "ubn",
    "name",
    "name_key",
    "county",
    "contact_name",
    "contact_phone",
    "latest_at",
    "created_at",
]
NETZERO_COLUMNS = [
    "submission_id",
    "data_year",
    "electricity_kwh",
    "natural_gas_m3",
    "lpg_kg",
    "diesel_l",
    "gasoline_l",
    "fuel_oil_l",
    "cbam_export",
    "supply_chain_request",
    "listed_company",
    "supplier_to_listed",
    "has_inventory",
    "has_target",
    "scope1_tco2e",
    "scope2_tco2e",
    "total_tco2e",
    "urgency",
    "urgency_reasons",
    "prescriptions",
    "breakdown",
    "factor_version",
    "rules_version",
]
START = datetime(2026, 1, 1)
YEAR_SECONDS = 365 * 86_400


def _variants(count: int = 48) -> list[dict]:
    """Answers and their assessment, computed by the app's own domain code."""
    from smeup.netzero.store import build_check

    out = []
    for i in range(count):
        answers = {
            "data_year": 2024 - i % 3,
            "electricity_kwh": Decimal(50_000 + 7_919 * i).quantize(Decimal("0.01")),
            "natural_gas_m3": Decimal(i * 130),
            "lpg_kg": Decimal(0 if i % 2 else 400),
            "diesel_l": Decimal(i * 25),
            "gasoline_l": Decimal(0),
            "fuel_oil_l": Decimal(0 if i % 5 else 1200),
            "cbam_export": i % 7 == 0,
            "supply_chain_request": ("none", "requested", "deadline")[i % 3],
            "listed_company": i % 11 == 0,
            "supplier_to_listed": i % 2 == 0,
            "has_inventory": i % 4 == 0,
            "has_target": i % 6 == 0,
            "employees": 5 + i * 7,
            "industry": "CFGJ"[i % 4],
            "paid_in_capital": 1_000_000 * (i + 1),
        }
        check = build_check(answers)
        out.append({c: getattr(check, c) for c in NETZERO_COLUMNS[1:]} | {"_a": answers})
    return out


def submitted_at(n: int, total: int, companies: bool) -> datetime:
    """Rows 7 s apart (plain fill), or spread over a year (the realistic fill)."""
    if companies:
        return START + timedelta(seconds=n * YEAR_SECONDS // max(total, 1))
    return START + timedelta(seconds=n * 7)


def _companies(first_id: int, count: int, total: int) -> list[tuple]:
    """Company rows for rows first_id..: each named after the latest of its rows here."""
    latest: dict[int, tuple] = {}
    for n in range(first_id, first_id + count):
        name, number, phone, c = block(n, total, True)
        if c is None:
            continue
        at = submitted_at(n, total, True)
        county = COUNTIES[c % len(COUNTIES)]
        latest[c] = (c, number, name, name_key(name), county, "王小明", phone, at, at)
    return list(latest.values())


def _rows(
    first_id: int, count: int, status: str, variants: list[dict], companies: bool, total: int
):
    """(submission row, netzero row) pairs for ids first_id .. first_id+count-1."""
    salt = secrets.token_hex(4)
    for n in range(first_id, first_id + count):
        v = variants[n % len(variants)]
        a = v["_a"]
        name, number, phone, c = block(n, total, companies)
        submission = (
            n,
            "netzero",
            "roadshow" if n % 10 == 0 else "web",
            None,
            None,
            submitted_at(n, total, companies),
            status,
            f"fill{salt}{n:012d}",
            "0" * 64,
            f"tok{salt}{n:012d}",
            name,
            number,
            COUNTIES[n % len(COUNTIES)],
            a["industry"],
            a["employees"],
            a["paid_in_capital"],
            "王小明",
            phone,
            f"user{n}@example.com",
            True,
            None,
            v["urgency"],
            name_key(name),
            c if companies else None,
        )
        check = (
            n,
            *(v[c] for c in NETZERO_COLUMNS[1:18]),
            json.dumps(v["urgency_reasons"], ensure_ascii=False),
            json.dumps(v["prescriptions"], ensure_ascii=False),
            json.dumps(v["breakdown"], ensure_ascii=False),
            v["factor_version"],
            v["rules_version"],
        )
        yield submission, check
