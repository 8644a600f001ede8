"""Estimate a year's emissions (tCO2e) from energy use, per source and per scope.

All arithmetic is Decimal at full precision; rounding happens only for display (``round_t``),
so that urgency thresholds are judged on the unrounded total.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from smeup.netzero import factors

_KG_PER_T = Decimal(1000)
_CENT = Decimal("0.01")

Number = int | float | Decimal | str | None


@dataclass(frozen=True)
class EmissionLine:
    """One energy source's contribution."""

    key: str
    label: str
    quantity: Decimal
    unit: str
    factor: Decimal
    factor_unit: str
    tco2e: Decimal
    scope: int
    # Electricity only: the year whose factor was used (differs from the data year while that
    # year's factor is unpublished).
    factor_year: int | None = None


@dataclass(frozen=True)
class EmissionResult:
    """Lines for every source used (> 0), scope subtotals and the total, all in tCO2e."""

    lines: tuple[EmissionLine, ...]
    scope1_tco2e: Decimal
    scope2_tco2e: Decimal
    total_tco2e: Decimal
    data_year: int
    factor_version: str
    factor_year: int


def energy_keys() -> tuple[str, ...]:
    """Energy form field names in page order: electricity first, then the fuels."""
    return (factors.electricity_meta()["key"], *factors.fuel_factors())


def to_quantity(value: Number) -> Decimal:
    """A form value as a non-negative Decimal; None and blank count as 0."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return Decimal(0)
    if isinstance(value, bool):
        raise ValueError("energy quantity must be a number, not a yes/no answer")
    try:
        # str() first so a float such as 0.1 becomes Decimal("0.1"), not its binary expansion.
        qty = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(f"energy quantity is not a number: {value!r}") from None
    if not qty.is_finite() or qty < 0:
        raise ValueError(f"energy quantity must be a finite number ≥ 0: {value!r}")
    return qty


def has_any_energy(energy: Mapping[str, Number]) -> bool:
    """True when at least one energy field is above 0 (else: 請至少填寫一項能源用量)."""
    return any(to_quantity(energy.get(k)) > 0 for k in energy_keys())


def compute_emissions(energy: Mapping[str, Number], data_year: int) -> EmissionResult:
    """Emissions for the given energy use, with the electricity factor of ``data_year`` (the
    latest one for a provisional year such as 2025 before its factor is published)."""
    elec = factors.electricity_meta()
    # Looked up even without electricity use, so an unknown year always fails loudly.
    factor_year = factors.factor_year_for(data_year)
    elec_factor = factors.electricity_factor(factor_year)
    sources = [(elec["key"], elec["name"], elec["unit_zh"], elec_factor, int(elec["scope"]))]
    sources += [
        (f.key, f.name, f.unit_zh, f.per_unit, f.scope) for f in factors.fuel_factors().values()
    ]

    lines = []
    for key, label, unit, factor, scope in sources:
        qty = to_quantity(energy.get(key))
        if qty > 0:
            tco2e = qty * factor / _KG_PER_T
            year = factor_year if key == elec["key"] else None
            lines.append(
                EmissionLine(key, label, qty, unit, factor, f"kgCO2e/{unit}", tco2e, scope, year)
            )
    scope1 = sum((ln.tco2e for ln in lines if ln.scope == 1), Decimal(0))
    scope2 = sum((ln.tco2e for ln in lines if ln.scope == 2), Decimal(0))
    return EmissionResult(
        lines=tuple(lines),
        scope1_tco2e=scope1,
        scope2_tco2e=scope2,
        total_tco2e=scope1 + scope2,
        data_year=int(data_year),
        factor_version=factors.FACTOR_VERSION,
        factor_year=factor_year,
    )


def round_t(x: Number) -> Decimal:
    """Tonnes rounded half-up to 2 decimals, for display only."""
    return to_decimal(x).quantize(_CENT, rounding=ROUND_HALF_UP)


def to_decimal(x: Number) -> Decimal:
    """Any number (float via its shortest repr) as Decimal; None counts as 0."""
    if x is None:
        return Decimal(0)
    return x if isinstance(x, Decimal) else Decimal(str(x))
