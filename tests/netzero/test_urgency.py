"""Urgency levels: each trigger alone, the thresholds' boundaries, and the reasons shown."""

from decimal import Decimal

import pytest

from smeup.netzero.urgency import RULES_VERSION, assess_urgency, estimate_notice, rules_statement

NO = {
    "cbam_export": False,
    "supply_chain_request": "none",
    "listed_company": False,
    "supplier_to_listed": False,
    "has_inventory": True,
    "has_target": True,
}


def answers(**overrides):
    return {**NO, **overrides}


@pytest.mark.parametrize(
    ("override", "trigger"),
    [
        ({"cbam_export": True}, "cbam_export"),
        ({"listed_company": True}, "listed_company"),
        ({"supply_chain_request": "deadline"}, "supply_chain_deadline"),
    ],
)
def test_each_high_answer_alone(override, trigger):
    r = assess_urgency(0, answers(**override))
    assert r.level == "高"
    assert r.triggers == (trigger,)
    assert len(r.reasons) == 1


@pytest.mark.parametrize(
    ("override", "trigger"),
    [
        ({"supply_chain_request": "requested"}, "supply_chain_requested"),
        ({"supplier_to_listed": True}, "supplier_to_listed"),
    ],
)
def test_each_medium_answer_alone(override, trigger):
    r = assess_urgency(10, answers(**override))
    assert r.level == "中"
    assert r.triggers == (trigger,)


def test_exactly_25000_tonnes_is_high_with_carbon_fee_reason_for_a_manufacturer():
    r = assess_urgency(Decimal(25000), answers(), industry="C")
    assert r.level == "高"
    assert r.triggers == ("high_emissions",)
    assert r.reasons[0].startswith("年排放量約 25,000.00 公噸 CO2e，達碳費徵收門檻（")
    assert "每公噸 300 元" in r.reasons[0] and "以各廠（場）計算" in r.reasons[0]
    # No scope 1 given: no inventory registration claim.
    assert "盤查登錄" not in r.reasons[0]


def test_exactly_25000_tonnes_without_industry_makes_no_fee_claim():
    r = assess_urgency(Decimal(25000), answers())
    assert r.triggers == ("high_emissions",)
    assert r.reasons == ("年排放量約 25,000.00 公噸 CO2e，排放量已達大型排放源規模。",)


def test_just_under_25000_is_not_high_by_that_rule():
    r = assess_urgency(Decimal("24999.99"), answers())
    assert r.level == "中"
    assert r.triggers == ("medium_emissions",)


def test_just_under_25000_uses_unrounded_total():
    # 24,999.995 displays as 25,000.00 but is below the threshold.
    assert assess_urgency(Decimal("24999.995"), answers()).level == "中"


def test_exactly_1000_tonnes_is_medium():
    r = assess_urgency(1000, answers())
    assert r.level == "中"
    assert r.reasons == (
        "年排放量約 1,000.00 公噸 CO2e，已達 1,000 公噸以上，建議及早掌握排放來源並規劃減碳。",
    )


@pytest.mark.parametrize("total", [Decimal("999.99"), 999.9999, 0])
def test_just_under_1000_is_low_with_a_reason(total):
    r = assess_urgency(total, answers())
    assert r.level == "低"
    assert r.triggers == ("low",)
    assert len(r.reasons) == 1 and "急迫程度較低" in r.reasons[0]


def test_high_reasons_in_spec_order_and_only_high_ones():
    everything = answers(cbam_export=True, listed_company=True, supplier_to_listed=True,
                         supply_chain_request="deadline")  # fmt: skip
    r = assess_urgency(30000, everything)
    assert r.level == "高"
    assert r.triggers == (
        "high_emissions",
        "cbam_export",
        "listed_company",
        "supply_chain_deadline",
    )
    assert "CBAM" in r.reasons[1] and "2026 年 1 月 1 日" in r.reasons[1]
    assert "金管會" in r.reasons[2]


def test_medium_reasons_in_spec_order():
    r = assess_urgency(5000, answers(supply_chain_request="requested", supplier_to_listed=True))
    assert r.triggers == ("supply_chain_requested", "supplier_to_listed", "medium_emissions")
    assert "5,000.00" in r.reasons[2]


def test_every_result_has_a_reason_and_version():
    for total in (0, 1000, 25000):
        r = assess_urgency(total, answers())
        assert r.reasons and r.rules_version == RULES_VERSION == "urgency-v1"


def test_missing_answers_count_as_no():
    assert assess_urgency(0, {}).level == "低"


def test_bad_answers_refused():
    with pytest.raises(ValueError):
        assess_urgency(0, answers(supply_chain_request="soon"))
    with pytest.raises(TypeError):
        assess_urgency(0, answers(cbam_export="否"))


def test_notices_are_plain_zh():
    assert "自行訂定" in rules_statement()
    assert "ISO 14064-1" in estimate_notice()
