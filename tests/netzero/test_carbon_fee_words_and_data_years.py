"""Issue 24: the carbon fee's words by industry (per plant), inventory registration on scope 1,
the arithmetic's assumptions on the result, data year 2025 before its factor, no internal codes
on the public result. Figures are hand-computed here from netzero-rules.md."""

import html
import re
from decimal import Decimal
from pathlib import Path

import pytest

from smeup.extensions import limiter
from smeup.netzero import factors
from smeup.netzero.assessment import assess
from smeup.netzero.urgency import assess_urgency
from tests.helpers import NETZERO_FORM, sql

FORM = "/netzero/"
TEMPLATES = Path(__file__).resolve().parents[2] / "smeup" / "templates" / "netzero"

FEE_WORDS = (
    "達碳費徵收門檻（電力、燃氣供應業及製造業，全廠（場）直接加間接排放達 2.5 萬公噸，每公噸 300"
    " 元）：以各廠（場）計算，請確認各廠區排放"
)
LARGE_SOURCE_WORDS = "排放量已達大型排放源規模"
REGISTRATION = "盤查登錄"

NO = {
    "cbam_export": False,
    "supply_chain_request": "none",
    "listed_company": False,
    "supplier_to_listed": False,
    "has_inventory": True,
    "has_target": True,
}

# 60,000,000 kWh × 0.474 kgCO2e/kWh (2024) = 28,440,000 kg = 28,440.00 t, all scope 2.
RETAIL_KWH = 60_000_000
# 10,000,000 L diesel × 8,629 kcal/L × 4.1868×10⁻⁹ TJ/kcal × (74,100 + 28×3 + 265×0.6) kg/TJ
# = 10,000,000 × 2.68585626… kg = 26,858.56 t, all scope 1.
DIESEL_L = 10_000_000


@pytest.fixture(autouse=True)
def _limits_off(monkeypatch):
    monkeypatch.setattr(limiter, "enabled", False)


def check(industry: str, **energy):
    return assess({**NO, "industry": industry, "data_year": 2024, **energy})


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def submit(client, **changes):
    page = client.get(FORM).get_data(as_text=True)
    hidden = dict(
        re.findall(r'name="(csrf_token|submission_key)" type="hidden" value="([^"]+)"', page)
    )
    return client.post(FORM, data={**NETZERO_FORM, **hidden, **changes})


def result_page(client, **changes) -> str:
    response = submit(client, **changes)
    assert response.status_code == 303, text(response)
    return text(client.get(response.headers["Location"]))


# 1. The carbon fee's words depend on the industry; registration turns on scope 1.


def test_retailer_at_28440_tonnes_is_not_told_it_owes_the_carbon_fee():
    a = check("G", electricity_kwh=RETAIL_KWH)
    assert a.emissions.total_tco2e == Decimal("28440.000")
    assert a.urgency.level == "高"
    [reason] = a.urgency.reasons
    assert "已達碳費徵收門檻" not in reason and "碳費" not in reason
    assert LARGE_SOURCE_WORDS in reason and "28,440.00 公噸" in reason
    # Scope 1 is 0: no inventory registration claim either.
    assert REGISTRATION not in reason


def test_retailer_result_page_has_no_carbon_fee_claim(client):
    page = result_page(client, industry="G", electricity_kwh=str(RETAIL_KWH))
    assert re.search(r'class="nz-total">28,440.00<', page)
    assert "已達碳費徵收門檻" not in page and "碳費徵收門檻" not in page
    assert LARGE_SOURCE_WORDS in page


@pytest.mark.parametrize("industry", ["C", "D"])
def test_manufacturer_or_power_gas_above_threshold_gets_the_fee_words_per_plant(industry):
    a = check(industry, electricity_kwh=RETAIL_KWH)
    assert a.urgency.level == "高"
    [reason] = a.urgency.reasons
    assert FEE_WORDS in reason and "28,440.00 公噸" in reason
    assert LARGE_SOURCE_WORDS not in reason
    assert REGISTRATION not in reason  # all of it is electricity (scope 2)


def test_manufacturer_result_page_shows_the_fee_words(client):
    page = result_page(client, industry="C", electricity_kwh=str(RETAIL_KWH))
    assert FEE_WORDS in page


@pytest.mark.parametrize("industry", ["G", "C", "I"])
def test_scope1_alone_at_25000_tonnes_adds_inventory_registration(industry):
    a = check(industry, diesel_l=DIESEL_L)
    assert a.emissions.scope1_tco2e.quantize(Decimal("0.01")) == Decimal("26858.56")
    assert a.urgency.level == "高"
    assert a.urgency.triggers == ("high_emissions", "inventory_registration")
    registration = a.urgency.reasons[1]
    assert REGISTRATION in registration and "26,858.56 公噸" in registration
    assert "範疇一" in registration and "各廠（場）" in registration
    assert ("碳費" in a.urgency.reasons[0]) is (industry == "C")


def test_scope1_threshold_boundary_is_per_scope1_not_total():
    just_under = assess_urgency(Decimal(30000), NO, scope1_tco2e=Decimal("24999.99"), industry="C")
    assert just_under.triggers == ("high_emissions",)
    at = assess_urgency(Decimal(30000), NO, scope1_tco2e=Decimal(25000), industry="G")
    assert at.triggers == ("high_emissions", "inventory_registration")


def test_below_25000_no_fee_no_large_source():
    r = assess_urgency(Decimal("24999.99"), NO, scope1_tco2e=Decimal(0), industry="C")
    assert r.level == "中"
    assert not any("碳費" in x or LARGE_SOURCE_WORDS in x for x in r.reasons)


# 2. The arithmetic's assumptions, from the factor data file.


def test_result_shows_assumptions_heat_values_and_sources(client):
    page = result_page(client, diesel_l="1000", gasoline_l="500")
    calc = page[page.index("計算方式") :]
    assert "柴油" in calc and "固定燃燒" in calc
    assert "汽油" in calc and "車輛" in calc
    assert "8,629 kcal/L" in calc and "7,520 kcal/L" in calc
    assert "經濟部能源署 能源產品單位熱值表" in calc
    assert "2024 年" in calc and "0.474" in calc  # the factor year used


def test_assumptions_are_not_hard_coded_in_templates():
    for path in TEMPLATES.glob("*.html"):
        body = path.read_text(encoding="utf-8")
        for figure in ("8,629", "7,520", "8629", "固定燃燒", "能源產品單位熱值表"):
            assert figure not in body, (path.name, figure)


def test_assumptions_come_from_the_file():
    diesel = factors.fuel_factors()["diesel_l"]
    assert diesel.assumption and "固定燃燒" in diesel.assumption
    assert "車輛" in factors.fuel_factors()["gasoline_l"].assumption


# 3. Data year 2025 before its electricity factor is published.


def test_2025_is_selectable(client):
    page = text(client.get(FORM))
    assert 'value="2025">2025 年</option>' in page


def test_2025_uses_the_latest_factor_and_says_so(client, app):
    page = result_page(client, data_year="2025", electricity_kwh="120000")
    # 120,000 kWh × 0.474 kgCO2e/kWh (2024, the latest in the file) = 56,880 kg = 56.88 t
    assert re.search(r'class="nz-total">56.88<', page)
    assert "2025 年的電力排放係數尚未公告，暫以 2024 年係數計算" in page
    [(year, total)] = sql(app, "SELECT data_year, total_tco2e FROM netzero_check")
    assert (year, total) == (2025, pytest.approx(56.88))


def test_2025_computation_matches_hand_computation():
    a = assess({**NO, "industry": "C", "data_year": 2025, "electricity_kwh": Decimal(120000)})
    assert a.emissions.total_tco2e == Decimal("56.880")
    assert a.emissions.factor_year == 2024
    [line] = a.to_record()["breakdown"]
    assert line["factor_year"] == 2024


def test_a_year_with_its_own_factor_has_no_note(client):
    page = result_page(client, data_year="2023", electricity_kwh="120000")
    assert "尚未公告" not in page
    # 120,000 × 0.494 = 59,280 kg = 59.28 t
    assert re.search(r'class="nz-total">59.28<', page)


def test_years_beyond_the_provisional_ones_are_refused(client, app):
    response = submit(client, data_year="2026")
    assert response.status_code == 422


# 4. No internal codes on public pages; 點選, units.


def test_public_result_shows_no_version_ids(client):
    page = result_page(client)
    assert factors.FACTOR_VERSION not in page and "2025-tw-ar5" not in page
    assert "urgency-v1" not in page


def test_no_dianji_in_templates():
    for path in TEMPLATES.glob("*.html"):
        assert "點擊" not in path.read_text(encoding="utf-8"), path.name


def test_units_on_figures(client):
    page = result_page(client, diesel_l="1000")
    assert "1,000 公升" in page and "120,000 度" in page
    assert "公噸 CO" in page


def test_once_the_2025_factor_is_added_it_is_used_without_a_note(monkeypatch):
    # What README's "add a data year's factor" does: one line under [electricity.factors].
    table = factors.table()
    elec = {**table["electricity"]}
    elec["factors"] = {**elec["factors"], "2025": Decimal("0.460")}
    monkeypatch.setattr(factors, "table", lambda: {**table, "electricity": elec})
    assert factors.selectable_years()[-1] == 2025 and factors.provisional_years() == []
    assert factors.factor_year_for(2025) == 2025
    assert factors.provisional_note(2025, factors.factor_year_for(2025)) == ""
    a = assess({**NO, "industry": "C", "data_year": 2025, "electricity_kwh": Decimal(120000)})
    # 120,000 kWh × 0.460 = 55,200 kg = 55.2 t
    assert a.emissions.total_tco2e == Decimal("55.2")


def test_a_check_stored_before_the_basis_was_kept_still_shows_it(client, app):
    from smeup.extensions import db
    from smeup.models.netzero import NetzeroCheck
    from smeup.netzero.store import result_view

    result_page(client, diesel_l="1000")
    with app.app_context():
        check = db.session.scalar(db.select(NetzeroCheck))
        keep = ("key", "label", "quantity", "unit", "factor", "factor_unit", "tco2e", "scope")
        check.breakdown = [{k: row[k] for k in keep} for row in check.breakdown]
        db.session.commit()
        view = result_view(check.submission)
    diesel = next(ln for ln in view.lines if ln.label == "柴油")
    assert "固定燃燒" in diesel.assumption and diesel.heating_value == "8,629 kcal/L"
    elec = next(ln for ln in view.lines if ln.label == "外購電力")
    assert elec.factor_year == 2024 and view.factor_note == ""
