"""The factor table: electricity per year, and fuel factors derived from the spec's inputs."""

from decimal import Decimal

import pytest

from smeup.netzero import factors

KCAL_TO_TJ = Decimal("4.1868e-9")

# netzero-rules.md: (heating value in TJ per unit, CO2, CH4, N2O kg/TJ, published kgCO2e/unit)
SPEC_FUELS = {
    "natural_gas_m3": (8107 * KCAL_TO_TJ, 56100, 1, Decimal("0.1"), Decimal("1.9060")),
    "lpg_kg": (Decimal("47.3e-6"), 63100, 1, Decimal("0.1"), Decimal("2.9872")),
    "diesel_l": (8629 * KCAL_TO_TJ, 74100, 3, Decimal("0.6"), Decimal("2.6859")),
    "gasoline_l": (7520 * KCAL_TO_TJ, 69300, 25, 8, Decimal("2.2707")),
    "fuel_oil_l": (9320 * KCAL_TO_TJ, 77400, 3, Decimal("0.6"), Decimal("3.0297")),
}
SPEC_ELECTRICITY = {2019: "0.509", 2020: "0.502", 2021: "0.509", 2022: "0.495", 2023: "0.494",
                    2024: "0.474"}  # fmt: skip


def test_version_and_years():
    assert factors.FACTOR_VERSION == "2025-tw-ar5"
    assert factors.data_years() == [2019, 2020, 2021, 2022, 2023, 2024]
    assert factors.latest_year() == 2024


@pytest.mark.parametrize(("year", "value"), SPEC_ELECTRICITY.items())
def test_electricity_factor_each_year(year, value):
    assert factors.electricity_factor(year) == Decimal(value)


@pytest.mark.parametrize("year", [2018, 2025])
def test_electricity_factor_unknown_year(year):
    with pytest.raises(ValueError):
        factors.electricity_factor(year)


def test_fuel_keys_are_form_fields_in_page_order():
    assert list(factors.fuel_factors()) == list(SPEC_FUELS)


@pytest.mark.parametrize("key", SPEC_FUELS)
def test_fuel_factor_derived_from_spec_inputs(key):
    tj, co2, ch4, n2o, published = SPEC_FUELS[key]
    f = factors.fuel_factors()[key]
    assert f.per_unit == tj * (co2 + 28 * ch4 + 265 * n2o)
    assert f.per_unit.quantize(Decimal("0.0001")) == published
    assert f.published_per_unit == published
    assert f.scope == 1
    assert f.gwp_ch4 == 28 and f.gwp_n2o == 265


def test_fuel_metadata_is_complete():
    names = {k: f.name for k, f in factors.fuel_factors().items()}
    assert names == {
        "natural_gas_m3": "天然氣",
        "lpg_kg": "液化石油氣",
        "diesel_l": "柴油",
        "gasoline_l": "汽油",
        "fuel_oil_l": "燃料油",
    }
    for f in factors.fuel_factors().values():
        assert f.unit and f.unit_zh and f.heating_value_source and f.derivation
        assert "1139101231" in f.factor_source


def test_electricity_meta():
    meta = factors.electricity_meta()
    assert meta["key"] == "electricity_kwh"
    assert meta["scope"] == 2
    assert "能源署" in meta["source"]
