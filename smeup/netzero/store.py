"""Storing a 淨零健檢 once, and reading a stored one back for its result page."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..extensions import db
from ..forms.call_stores import phone_store
from ..forms.company import COMPANY_FIELDS
from ..intake import Intake
from ..models import Draft, Submission
from ..models.netzero import NetzeroCheck
from ..reference.netzero_rules import rules
from ..submissions import Stored, store_once
from . import factors
from .assessment import assess
from .emissions import energy_keys
from .prescription import Contact
from .urgency import estimate_notice, rules_statement

FORM_TYPE = "netzero"
ANSWER_FIELDS = (
    "cbam_export",
    "supply_chain_request",
    "listed_company",
    "supplier_to_listed",
    "has_inventory",
    "has_target",
)


def store_check(key: str, data: Mapping[str, Any], intake: Intake) -> Stored:
    """Assess and store the cleaned answers under `key`, or return what that key stored."""

    check = build_check(data)  # judged before the write unit: no lock needed

    def build() -> Submission:
        submission = Submission(
            **intake.envelope(FORM_TYPE),
            **{name: data[name] for name in COMPANY_FIELDS},
        )
        submission.netzero = check
        return submission

    return store_once(key, data, build)


@phone_store(FORM_TYPE)
def store_call(
    key: str, data: Mapping[str, Any], intake: Intake, call_note: str, draft: Draft | None
) -> Stored:
    """Store a check taken on the phone once under `key`, with its call note; the resumed draft
    goes with it."""

    check = build_check(data)  # judged before the write unit: no lock needed

    def build() -> Submission:
        submission = Submission(
            **intake.envelope(FORM_TYPE),
            call_note=call_note or None,
            **{name: data[name] for name in COMPANY_FIELDS},
        )
        submission.netzero = check
        if draft is not None:
            db.session.delete(draft)
        return submission

    return store_once(key, {**data, "call_note": call_note}, build)


def build_check(data: Mapping[str, Any]) -> NetzeroCheck:
    """A NetzeroCheck row holding the answers and their assessment, computed now."""
    record = assess(data).to_record()
    return NetzeroCheck(
        data_year=int(data["data_year"]),
        **{key: data[key] for key in energy_keys()},
        **{key: data[key] for key in ANSWER_FIELDS},
        **record,
    )


def find_by_token(token: str) -> Submission | None:
    """The net-zero submission behind a result link, or None."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(
        db.select(Submission).filter_by(result_token=token, form_type=FORM_TYPE)
    )


@dataclass(frozen=True)
class ResultLine:
    """One row of the breakdown, formatted for display."""

    label: str
    scope: int
    quantity: str
    unit: str
    factor: str
    factor_unit: str
    tco2e: str
    # 計算方式: what the arithmetic assumed, stored with the check (factors.line_basis).
    assumption: str = ""
    heating_value: str = ""
    heating_value_source: str = ""
    factor_source: str = ""
    factor_note: str = ""
    factor_year: int | None = None


@dataclass(frozen=True)
class ResultItem:
    """A prescription item: its stored title, with today's wording and link when it has one."""

    title: str
    text: str
    url: str | None


@dataclass(frozen=True)
class ResultView:
    """Everything `netzero/_result_body.html` shows, from a stored check."""

    company_name: str
    submitted_at: datetime
    data_year: int
    lines: tuple[ResultLine, ...]
    scope1: str
    scope2: str
    total: str
    level: str
    reasons: tuple[str, ...]
    items: tuple[ResultItem, ...]
    contacts: tuple[Contact, ...]
    factor_version: str
    rules_version: str
    estimate_notice: str
    rules_statement: str
    # "2025 年的電力排放係數尚未公告，暫以 2024 年係數計算" when another year's factor was used.
    factor_note: str = ""
    # 計算方式: each distinct factor source of the lines, once, in line order.
    factor_sources: tuple[str, ...] = ()


def result_view(submission: Submission) -> ResultView:
    """The result page's content, from the STORED figures, reasons and prescription titles."""
    check = submission.netzero
    lines = tuple(_line(row, check) for row in check.breakdown)
    factor_years = [ln.factor_year for ln in lines if ln.factor_year is not None]
    note = factors.provisional_note(check.data_year, factor_years[0]) if factor_years else ""
    return ResultView(
        company_name=submission.company_name,
        submitted_at=submission.submitted_at,
        data_year=check.data_year,
        lines=lines,
        scope1=tonnes(check.scope1_tco2e),
        scope2=tonnes(check.scope2_tco2e),
        total=tonnes(check.total_tco2e),
        level=check.urgency,
        reasons=tuple(check.urgency_reasons),
        items=tuple(_item(title) for title in check.prescriptions),
        contacts=tuple(Contact(c["name"], c["phone"]) for c in rules()["contacts"]),
        factor_version=check.factor_version,
        rules_version=check.rules_version,
        estimate_notice=estimate_notice(),
        rules_statement=rules_statement(),
        factor_note=note,
        factor_sources=tuple(dict.fromkeys(ln.factor_source for ln in lines if ln.factor_source)),
    )


def tonnes(value: float) -> str:
    """tCO2e with thousands separators and 2 decimals (1,234.57)."""
    return f"{value:,.2f}"


def quantity(value: float) -> str:
    """An energy quantity as typed, with thousands separators (120,000 or 350.5)."""
    text = f"{value:,.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _line(row: Mapping[str, Any], check: NetzeroCheck) -> ResultLine:
    basis = {k: row[k] for k in _BASIS if k in row}
    if not basis and check.factor_version == factors.FACTOR_VERSION and "key" in row:
        # Stored before the basis was kept: the same table version still holds the same words.
        basis = factors.line_basis(row["key"])
    factor_year = row.get("factor_year")
    if factor_year is None and row.get("key") == factors.electricity_meta()["key"]:
        factor_year = check.data_year  # then only years with their own factor could be chosen
    return ResultLine(
        **basis,
        factor_year=factor_year,
        label=row["label"],
        scope=int(row["scope"]),
        quantity=quantity(row["quantity"]),
        unit=row["unit"],
        factor=f"{row['factor']:.4f}",
        factor_unit=row["factor_unit"],
        tco2e=tonnes(row["tco2e"]),
    )


_BASIS = (
    "assumption",
    "heating_value",
    "heating_value_source",
    "factor_source",
    "factor_note",
)


def _item(title: str) -> ResultItem:
    # Titles are stored; the longer wording and the link may be reworded by officers later.
    for item in rules()["prescription"]["items"].values():
        if item["title"] == title:
            return ResultItem(title, item["text"], item.get("url") or None)
    return ResultItem(title, "", None)
