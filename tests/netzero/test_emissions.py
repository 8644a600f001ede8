"""Emissions per source, per scope and in total, against hand computations from the spec."""

from decimal import Decimal

import pytest

from smeup.netzero.emissions import compute_emissions, has_any_energy, round_t

ENERGY_KEYS = [
    "electricity_kwh",
    "natural_gas_m3",
    "lpg_kg",
    "diesel_l",
    "gasoline_l",
    "fuel_oil_l",
]

# Hand computation: heating value × 4.1868e-9 TJ/kcal × (CO2 + 28·CH4 + 265·N2O) / 1000 t/kg.
HAND_T_PER_1000 = {
    "natural_gas_m3": 8107 * 4.1868e-9 * (56100 + 28 * 1 + 265 * 0.1),  # ≈ 1.9060 t
    "lpg_kg": 47.3e-6 * (63100 + 28 * 1 + 265 * 0.1),  # ≈ 2.9872 t
    "diesel_l": 8629 * 4.1868e-9 * (74100 + 28 * 3 + 265 * 0.6),  # ≈ 2.6859 t
    "gasoline_l": 7520 * 4.1868e-9 * (69300 + 28 * 25 + 265 * 8),  # ≈ 2.2707 t
    "fuel_oil_l": 9320 * 4.1868e-9 * (77400 + 28 * 3 + 265 * 0.6),  # ≈ 3.0297 t
}
PUBLISHED_T_PER_1000 = {"natural_gas_m3": 1.9060, "lpg_kg": 2.9872, "diesel_l": 2.6859,
                        "gasoline_l": 2.2707, "fuel_oil_l": 3.0297}  # fmt: skip


@pytest.mark.parametrize("key", HAND_T_PER_1000)
def test_each_fuel_alone(key):
    r = compute_emissions({key: 1000}, 2024)
    assert float(r.total_tco2e) == pytest.approx(HAND_T_PER_1000[key], abs=1e-9)
    assert float(r.total_tco2e) == pytest.approx(PUBLISHED_T_PER_1000[key], abs=0.001)
    assert r.scope1_tco2e == r.total_tco2e and r.scope2_tco2e == 0
    [line] = r.lines
    assert (line.key, line.scope, line.quantity) == (key, 1, Decimal(1000))


def test_diesel_1000_litres_is_2_6859_tonnes():
    r = compute_emissions({"diesel_l": 1000}, 2024)
    assert abs(r.total_tco2e - Decimal("2.6859")) < Decimal("0.001")
    assert r.lines[0].label == "柴油" and r.lines[0].unit == "公升"


@pytest.mark.parametrize(
    ("year", "factor"),
    [(2019, 0.509), (2020, 0.502), (2021, 0.509), (2022, 0.495), (2023, 0.494), (2024, 0.474)],
)
def test_electricity_each_year(year, factor):
    r = compute_emissions({"electricity_kwh": 100_000}, year)
    assert r.total_tco2e == Decimal(str(factor)) * 100  # 100,000 kWh × factor kg ÷ 1000
    assert r.scope2_tco2e == r.total_tco2e and r.scope1_tco2e == 0
    assert r.lines[0].scope == 2 and r.data_year == year


def test_mixed_case():
    energy = {"electricity_kwh": "250000", "natural_gas_m3": 12000.5, "lpg_kg": None,
              "diesel_l": "", "gasoline_l": 3000, "fuel_oil_l": 0}  # fmt: skip
    r = compute_emissions(energy, 2023)
    scope2 = 250000 * 0.494 / 1000  # 123.5 t
    scope1 = (
        12000.5 * HAND_T_PER_1000["natural_gas_m3"] + 3000 * HAND_T_PER_1000["gasoline_l"]
    ) / 1000
    assert float(r.scope2_tco2e) == pytest.approx(scope2, abs=1e-9)
    assert float(r.scope1_tco2e) == pytest.approx(scope1, abs=1e-9)
    assert r.total_tco2e == r.scope1_tco2e + r.scope2_tco2e
    assert float(r.total_tco2e) == pytest.approx(123.5 + 22.8732 + 6.8120, abs=0.001)
    # Only sources above 0 get a line, in page order.
    assert [ln.key for ln in r.lines] == ["electricity_kwh", "natural_gas_m3", "gasoline_l"]
    assert r.factor_version == "2025-tw-ar5"


def test_full_precision_kept_until_display():
    r = compute_emissions({"diesel_l": 1}, 2024)
    assert r.total_tco2e != round_t(r.total_tco2e)
    assert r.total_tco2e == Decimal("0.00268585626153960")
    assert round_t(r.total_tco2e) == Decimal("0.00")


@pytest.mark.parametrize(
    ("x", "shown"), [(Decimal("2.685"), "2.69"), (2.6849, "2.68"), (25000, "25000.00"), (0, "0.00")]
)
def test_round_t(x, shown):
    assert str(round_t(x)) == shown


def test_all_zero_energy_is_detected():
    assert not has_any_energy({})
    assert not has_any_energy(dict.fromkeys(ENERGY_KEYS))
    assert not has_any_energy(dict.fromkeys(ENERGY_KEYS, ""))
    assert not has_any_energy(dict.fromkeys(ENERGY_KEYS, 0))
    assert not has_any_energy({"employees": 12, "data_year": 2024})
    r = compute_emissions(dict.fromkeys(ENERGY_KEYS, 0), 2024)
    assert r.lines == () and r.total_tco2e == 0


@pytest.mark.parametrize("key", ENERGY_KEYS)
def test_any_single_energy_counts(key):
    assert has_any_energy({key: "0.01"})


@pytest.mark.parametrize("bad", [-1, "abc", float("nan"), float("inf"), True])
def test_bad_quantities_refused(bad):
    with pytest.raises(ValueError):
        compute_emissions({"diesel_l": bad}, 2024)


def test_unknown_year_refused_even_without_electricity():
    with pytest.raises(ValueError):
        compute_emissions({"diesel_l": 10}, 2018)
