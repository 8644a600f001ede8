"""Load the emission factor table (netzero-rules.md, version 2025-tw-ar5) and derive fuel factors.

Every figure comes from the TOML data file; nothing numeric lives in code. Values are Decimal so
that the derivation and every later sum keep full precision until display.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

FACTOR_FILE = (
    Path(__file__).resolve().parent.parent / "data" / "netzero" / "factors-2025-tw-ar5.toml"
)


@dataclass(frozen=True)
class FuelFactor:
    """One Scope 1 fuel: its inputs, their sources and the derived kgCO2e per unit."""

    key: str
    name: str
    use: str
    assumption: str
    unit: str
    unit_zh: str
    scope: int
    co2_kg_per_tj: Decimal
    ch4_kg_per_tj: Decimal
    n2o_kg_per_tj: Decimal
    heating_value: Decimal
    heating_value_unit: str
    heating_value_source: str
    tj_per_unit: Decimal
    gwp_ch4: Decimal
    gwp_n2o: Decimal
    factor_source: str
    derivation: str
    per_unit: Decimal
    published_per_unit: Decimal

    @property
    def factor_unit(self) -> str:
        """Unit of ``per_unit``, e.g. ``kgCO2e/公升``."""
        return f"kgCO2e/{self.unit_zh}"


@cache
def table() -> dict[str, Any]:
    """The parsed factor table, floats as Decimal; read once per process."""
    with FACTOR_FILE.open("rb") as fh:
        return tomllib.load(fh, parse_float=Decimal)


FACTOR_VERSION: str = table()["version"]


def data_years() -> list[int]:
    """Data years that have an electricity factor, ascending."""
    return sorted(int(y) for y in table()["electricity"]["factors"])


def latest_year() -> int:
    """The most recent data year with an electricity factor (the form's default)."""
    return data_years()[-1]


def provisional_years() -> list[int]:
    """Data years without a published factor yet that may still be chosen (e.g. 2025, the
    carbon fee's first year): computed with the latest factor, and the result says so."""
    listed = table()["electricity"].get("provisional_years", [])
    return sorted(int(y) for y in listed if int(y) > latest_year())


def selectable_years() -> list[int]:
    """The data years the form offers, ascending: those with a factor, then provisional ones."""
    return sorted({*data_years(), *provisional_years()})


def factor_year_for(year: int) -> int:
    """The year whose electricity factor is used for data year ``year``: its own when the table
    has it, the latest one for a provisional year; ValueError for any other year."""
    year = int(year)
    if year in data_years():
        return year
    if year in provisional_years():
        return latest_year()
    raise ValueError(f"no electricity factor for data year {year}")


def provisional_note(year: int, factor_year: int) -> str:
    """The result's note when a data year was computed with another year's factor, else ""."""
    if int(year) == int(factor_year):
        return ""
    template = table()["electricity"]["provisional_note"]
    return template.format(year=int(year), factor_year=int(factor_year))


def electricity_factor(year: int) -> Decimal:
    """Electricity kgCO2e/kWh for a data year; ValueError when the table has no such year."""
    factors = table()["electricity"]["factors"]
    try:
        return Decimal(factors[str(int(year))])
    except KeyError:
        raise ValueError(f"no electricity factor for data year {year}") from None


def electricity_meta() -> dict[str, Any]:
    """Electricity's label, units, scope and source (everything except the yearly factors)."""
    return {k: v for k, v in table()["electricity"].items() if k != "factors"}


def derive_per_unit(
    tj_per_unit: Decimal,
    co2: Decimal,
    ch4: Decimal,
    n2o: Decimal,
    gwp_ch4: Decimal,
    gwp_n2o: Decimal,
) -> Decimal:
    """kgCO2e per fuel unit = TJ per unit × (CO2 + GWP_CH4·CH4 + GWP_N2O·N2O) kg/TJ."""
    return tj_per_unit * (co2 + gwp_ch4 * ch4 + gwp_n2o * n2o)


@cache
def _fuels() -> tuple[FuelFactor, ...]:
    data = table()
    gwp_ch4, gwp_n2o = Decimal(data["gwp"]["CH4"]), Decimal(data["gwp"]["N2O"])
    out = []
    for key, f in data["fuels"].items():
        co2, ch4, n2o = (Decimal(f[g]) for g in ("co2_kg_per_tj", "ch4_kg_per_tj", "n2o_kg_per_tj"))
        heating_value = Decimal(f["heating_value"])
        tj_per_unit = heating_value * Decimal(data["to_tj"][f["heating_value_unit"]])
        out.append(
            FuelFactor(
                key=key,
                name=f["name"],
                use=f["use"],
                assumption=f["assumption"],
                unit=f["unit"],
                unit_zh=f["unit_zh"],
                scope=int(f["scope"]),
                co2_kg_per_tj=co2,
                ch4_kg_per_tj=ch4,
                n2o_kg_per_tj=n2o,
                heating_value=heating_value,
                heating_value_unit=f["heating_value_unit"],
                heating_value_source=f["heating_value_source"],
                tj_per_unit=tj_per_unit,
                gwp_ch4=gwp_ch4,
                gwp_n2o=gwp_n2o,
                factor_source=f["factor_source"],
                derivation=f["derivation"],
                per_unit=derive_per_unit(tj_per_unit, co2, ch4, n2o, gwp_ch4, gwp_n2o),
                published_per_unit=Decimal(f["published_per_unit"]),
            )
        )
    return tuple(out)


def fuel_factors() -> dict[str, FuelFactor]:
    """Scope 1 fuels keyed by form field name, in page order, with derived per-unit factors."""
    return {f.key: f for f in _fuels()}


def line_basis(key: str) -> dict[str, str]:
    """What one energy source's arithmetic assumes, as the result's 計算方式 shows it: the
    assumption (e.g. diesel as stationary combustion), heat value and sources, from the file."""
    elec = electricity_meta()
    if key == elec["key"]:
        return {"assumption": elec["assumption"], "factor_source": elec["source"]}
    fuel = fuel_factors()[key]
    basis = {
        "assumption": fuel.assumption,
        "heating_value": f"{fuel.heating_value:,} {fuel.heating_value_unit}",
        "heating_value_source": fuel.heating_value_source,
        "factor_source": fuel.factor_source,
    }
    note = table()["fuels"][key].get("emission_factor_note")
    if note:
        basis["factor_note"] = note
    return basis
