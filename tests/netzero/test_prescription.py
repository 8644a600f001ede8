"""Prescriptions per level and industry, the inventory/target additions, and the full assessment."""

import json

import pytest

from smeup.netzero.assessment import assess
from smeup.netzero.prescription import prescribe, prescription_titles

DONE = {"has_inventory": True, "has_target": True}
CONTACTS = [
    ("工業技術研究院", "0800-035399"),
    ("塑膠工業技術發展中心", "(02)2358-1021"),
    ("中企署馬上辦服務中心", "0800-056-476"),
]
POWER = "能源署 動力與公用設備補助"
COMMERCE = "商業服務業節能設備補助"


@pytest.mark.parametrize(
    ("level", "titles"),
    [("低", ["知識擴散"]), ("中", ["知識擴散", "健檢診斷"]), ("高", ["健檢診斷", "減碳輔導"])],
)
def test_prescription_per_level(level, titles):
    p = prescribe(level, DONE, "F")
    assert prescription_titles(p) == titles
    assert [(c.name, c.phone) for c in p.contacts] == CONTACTS


def test_knowledge_links_to_green_site():
    [item] = prescribe("低", DONE, "C").items
    assert item.url == "https://green.pidc.org.tw/"
    assert "中小企業減碳指引" in item.text
    assert prescribe("中", DONE, "C").items[1].url is None


@pytest.mark.parametrize(
    ("industry", "subsidies"),
    [("C", [POWER]), ("c", [POWER]), ("G", [COMMERCE]), ("I", [COMMERCE]), ("S", [COMMERCE]),
     ("F", []), ("", []), (None, [])],
)  # fmt: skip
def test_subsidy_depends_on_industry(industry, subsidies):
    titles = prescription_titles(prescribe("高", DONE, industry))
    assert titles == ["健檢診斷", "減碳輔導", *subsidies]


def test_manufacturing_subsidy_mentions_sme_bonus():
    item = prescribe("高", DONE, "C").items[-1]
    assert "1.2 倍" in item.text


@pytest.mark.parametrize("level", ["低", "中"])
def test_no_subsidy_below_high(level):
    titles = prescription_titles(prescribe(level, DONE, "C"))
    assert POWER not in titles and COMMERCE not in titles


@pytest.mark.parametrize("level", ["低", "中", "高"])
def test_inventory_and_target_additions(level):
    base = prescription_titles(prescribe(level, DONE, "F"))
    no_inventory = prescription_titles(prescribe(level, {"has_inventory": False}, "F"))
    no_target = prescription_titles(
        prescribe(level, {"has_inventory": True, "has_target": False}, "F")
    )
    assert no_inventory == [*base, "協助完成溫室氣體盤查"]
    assert no_target == [*base, "協助訂定減碳目標"]
    # Without an inventory, help with the inventory comes first; the target is not added yet.
    both_missing = {"has_inventory": False, "has_target": False}
    assert prescription_titles(prescribe(level, both_missing, "F")) == no_inventory


def test_unknown_level_refused():
    with pytest.raises(ValueError):
        prescribe("急", DONE, "C")


def _form(**overrides):
    data = {
        "data_year": 2024,
        "electricity_kwh": 0,
        "natural_gas_m3": None,
        "lpg_kg": None,
        "diesel_l": None,
        "gasoline_l": None,
        "fuel_oil_l": None,
        "cbam_export": False,
        "supply_chain_request": "none",
        "listed_company": False,
        "supplier_to_listed": False,
        "has_inventory": True,
        "has_target": True,
        "industry": "C",
    }
    return {**data, **overrides}


def test_assess_high_by_emissions_to_record():
    # 52,742,616 kWh × 0.474 kg = 24,999.999984 t: just under the threshold on its own.
    assert assess(_form(electricity_kwh=52_742_616)).urgency.level == "中"
    # 1000 L diesel (2.6859 t) takes it over.
    a = assess(_form(electricity_kwh=52_742_616, diesel_l=1000, has_target=False))
    rec = a.to_record()
    assert rec["urgency"] == "高"
    assert rec["scope2_tco2e"] == pytest.approx(52_742_616 * 0.474 / 1000, abs=1e-4)
    assert rec["scope1_tco2e"] == 2.6859
    assert rec["total_tco2e"] == pytest.approx(rec["scope1_tco2e"] + rec["scope2_tco2e"], abs=2e-4)
    assert rec["prescriptions"] == ["健檢診斷", "減碳輔導", POWER, "協助訂定減碳目標"]
    assert rec["factor_version"] == "2025-tw-ar5" and rec["rules_version"] == "urgency-v1"
    assert [b["key"] for b in rec["breakdown"]] == ["electricity_kwh", "diesel_l"]
    assert rec["breakdown"][1]["tco2e"] == 2.6859 and rec["breakdown"][1]["scope"] == 1
    assert json.loads(json.dumps(rec)) == rec
    assert set(rec) == {
        "scope1_tco2e", "scope2_tco2e", "total_tco2e", "urgency", "urgency_reasons",
        "prescriptions", "factor_version", "rules_version", "breakdown",
    }  # fmt: skip


def test_assess_low_service_business():
    a = assess(_form(electricity_kwh="12000", data_year="2022", industry="G"))
    rec = a.to_record()
    assert rec["urgency"] == "低" and len(rec["urgency_reasons"]) == 1
    assert rec["total_tco2e"] == 5.94  # 12,000 kWh × 0.495 kg ÷ 1000
    assert rec["prescriptions"] == ["知識擴散"]
    assert a.emissions.data_year == 2022
    assert "ISO 14064-1" in a.estimate_notice and "自行訂定" in a.rules_statement


def test_assess_needs_data_year():
    with pytest.raises(ValueError):
        assess(_form(data_year=None))
