"""One call for the 淨零健檢 view: cleaned form data in, emissions + urgency + prescription out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from smeup.netzero import factors
from smeup.netzero.emissions import EmissionResult, compute_emissions
from smeup.netzero.prescription import Prescription, prescribe, prescription_titles
from smeup.netzero.urgency import UrgencyResult, assess_urgency, estimate_notice, rules_statement

_STORED = Decimal("0.0001")


@dataclass(frozen=True)
class Assessment:
    """Everything the result page and the saved record need, from one set of answers."""

    emissions: EmissionResult
    urgency: UrgencyResult
    prescription: Prescription

    @property
    def rules_statement(self) -> str:
        """Notice that the urgency rules are the app's own (shown beside the level)."""
        return rules_statement()

    @property
    def estimate_notice(self) -> str:
        """Notice that the figures are an estimate, not a verified inventory."""
        return estimate_notice()

    def to_record(self) -> dict[str, Any]:
        """Flat JSON-serialisable values to store, so later table changes never rewrite them."""
        e = self.emissions
        return {
            "scope1_tco2e": _stored(e.scope1_tco2e),
            "scope2_tco2e": _stored(e.scope2_tco2e),
            "total_tco2e": _stored(e.total_tco2e),
            "urgency": self.urgency.level,
            "urgency_reasons": list(self.urgency.reasons),
            "prescriptions": prescription_titles(self.prescription),
            "factor_version": e.factor_version,
            "rules_version": self.urgency.rules_version,
            "breakdown": [
                {
                    "key": ln.key,
                    "label": ln.label,
                    "quantity": float(ln.quantity),
                    "unit": ln.unit,
                    "factor": float(ln.factor),
                    "factor_unit": ln.factor_unit,
                    "tco2e": _stored(ln.tco2e),
                    "scope": ln.scope,
                    **({"factor_year": ln.factor_year} if ln.factor_year is not None else {}),
                    **factors.line_basis(ln.key),
                }
                for ln in e.lines
            ],
        }


def assess(data: Mapping[str, Any]) -> Assessment:
    """Run the whole check on cleaned form data (energy fields, data_year, answers, industry)."""
    if data.get("data_year") in (None, ""):
        raise ValueError("data_year is required")
    emissions = compute_emissions(data, int(data["data_year"]))
    urgency = assess_urgency(
        emissions.total_tco2e,
        data,
        scope1_tco2e=emissions.scope1_tco2e,
        industry=data.get("industry"),
    )
    prescription = prescribe(urgency.level, data, data.get("industry"))
    return Assessment(emissions=emissions, urgency=urgency, prescription=prescription)


def _stored(x: Decimal) -> float:
    return float(x.quantize(_STORED, rounding=ROUND_HALF_UP))
