"""A valid 淨零健檢 submission, and pulling the CSRF token and submission key out of a page."""

from __future__ import annotations

import html
import re
from urllib.parse import urlencode

_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
_CSRF_ANY = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')
_KEY = re.compile(r'<input[^>]*name="submission_key"[^>]*value="([^"]+)"')
_KEY_ALT = re.compile(r'<input[^>]*value="([^"]+)"[^>]*name="submission_key"')


def netzero_fields(n: int = 0) -> dict[str, str]:
    """Form fields of a valid net-zero check; `n` varies the energy figures."""
    return {
        "company_name": f"效能測試股份有限公司{n}",
        "ubn": "04595252",
        "county": "臺北市",
        "industry": "C",
        "employees": "25",
        "paid_in_capital": "5000000",
        "contact_name": "王小明",
        "contact_phone": "02-2358-1021",
        "contact_email": "ming@example.com",
        "consent": "y",
        "data_year": "",  # filled from the page's default by `form_data`
        "electricity_kwh": str(120000 + n % 1000),
        "natural_gas_m3": "3500",
        "lpg_kg": "",
        "diesel_l": "800",
        "gasoline_l": "",
        "fuel_oil_l": "",
        "cbam_export": "no",
        "supply_chain_request": "requested",
        "listed_company": "no",
        "supplier_to_listed": "yes",
        "has_inventory": "no",
        "has_target": "no",
    }


_YEAR = re.compile(r'<option[^>]*selected[^>]*value="(\d{4})"|<option value="(\d{4})" selected')


def default_year(page: str) -> str:
    """The data year the form page selects by default (the latest with factors)."""
    match = _YEAR.search(page)
    if match:
        return match.group(1) or match.group(2)
    years = re.findall(r'<option value="(\d{4})"', page)
    return max(years)


def csrf_token(page: str) -> str:
    """The CSRF token of a rendered form page."""
    match = _CSRF.search(page) or _CSRF_ANY.search(page)
    if not match:
        raise ValueError("no csrf_token in page")
    return html.unescape(match.group(1))


def submission_key(page: str) -> str:
    """The submission key the form was rendered with."""
    match = _KEY.search(page) or _KEY_ALT.search(page)
    if not match:
        raise ValueError("no submission_key in page")
    return html.unescape(match.group(1))


def form_data(page: str, n: int = 0) -> dict[str, str]:
    """A valid submission for this rendered form page (its token, key and default year)."""
    data = netzero_fields(n)
    data["data_year"] = default_year(page)
    data["csrf_token"] = csrf_token(page)
    data["submission_key"] = submission_key(page)
    return data


def encode(data: dict[str, str]) -> str:
    """application/x-www-form-urlencoded, UTF-8."""
    return urlencode(data)
