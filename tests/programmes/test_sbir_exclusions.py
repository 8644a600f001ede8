"""Exclusions shared by both SBIR routes, and a company the registry says is gone (programmes.md,
revised 2026-12-07)."""

from datetime import date

import pytest

from smeup.programmes import rules
from smeup.programmes.exclusions import RegistryStatus
from smeup.programmes.rules import FITS, MET, NO_FIT, navigate
from smeup.programmes.table import RULES_VERSION
from tests.programmes.fitting import TODAY, answers

# ---- exclusions shared by both SBIR routes (programmes.md, revised 2026-12-07) ------------

SBIR_ROUTES = ("sbir_general", "sbir_local")
DISSOLVED = RegistryStatus("解散", dissolved=True, asked_on=date(2026, 11, 2))


def programme(navigation, key):
    return next(p for p in navigation.programmes if p.key == key)


@pytest.mark.parametrize(
    ("change", "sentence"),
    [
        ({"mainland_capital": True}, "陸資持股超過 30%，或負責人／經理人為陸資投資人"),
        ({"tax_arrears": True}, "近 3 年有欠稅"),
    ],
)
def test_mainland_capital_and_tax_arrears_exclude_both_sbir_routes(change, sentence):
    """Issue 24: a 陸資 company got 一般型 不符合 but 地方型 符合."""
    result = navigate(answers(**change), TODAY)
    for key in SBIR_ROUTES:
        route = programme(result, key)
        assert route.verdict == NO_FIT, key
        [reason] = route.deciding
        assert sentence in reason.text and "不能申請" in reason.text
    # The other programmes do not ask these questions.
    assert result.verdict("cocreation") == FITS


def test_mainland_reason_states_the_30_percent_threshold():
    local = rules.sbir_local(answers(mainland_capital=True))
    [reason] = local.deciding
    assert "陸資持股 30% 以下且負責人、經理人都不是陸資投資人者才可申請" in reason.text
    fine = rules.sbir_local(answers(mainland_capital=False))
    assert any("陸資持股未超過 30%" in r.text and r.outcome == MET for r in fine.rules)


@pytest.mark.parametrize("status", ["解散", "廢止", "撤銷", "核准設立，但已命令解散"])
def test_a_dissolved_company_fits_no_programme(status):
    """The registry's 解散 / 廢止 / 撤銷 makes every programme 不符合, with that reason."""
    registry = RegistryStatus(status, dissolved=True, asked_on=date(2026, 11, 2))
    big = {"paid_in_capital": 500_000_000, "employees": 800, "need": ["rnd", "accelerator"]}
    for case in (answers(), answers(**big)):  # 符合 everywhere it could be without it
        result = navigate(case, TODAY, registry)
        assert [p.verdict for p in result.programmes] == [NO_FIT] * len(rules.PROGRAMMES)
        for p in result.programmes:
            first = p.deciding[0].text
            assert f"公司登記資料（2026-11-02 查詢）顯示登記狀態為「{status}」" in first, p.key
            assert "已解散、廢止或撤銷的公司不能申請" in first


def test_dissolved_every_programme_with_its_name():
    result = navigate(answers(), TODAY, DISSOLVED)
    texts = {p.key: p.deciding[0].text for p in result.programmes}
    assert "公司不能申請 SBIR（" in texts["sbir_general"]
    assert "公司不能申請地方型 SBIR（" in texts["sbir_local"]
    assert "公司不能申請新創共創獎勵（" in texts["cocreation"]
    assert "公司不能申請企業加速器（" in texts["accelerator"]


def test_suspended_company_is_excluded_from_both_sbir_routes_only():
    """停業 is an SBIR exclusion (general and county calls), not the registry's 'dissolved'."""
    registry = RegistryStatus("停業", dissolved=False, asked_on=date(2026, 11, 2))
    result = navigate(answers(), TODAY, registry)
    for key in SBIR_ROUTES:
        [reason] = programme(result, key).deciding
        assert "登記狀態為「停業」" in reason.text
        assert programme(result, key).verdict == NO_FIT
    assert result.verdict("cocreation") == FITS


def test_a_company_in_good_standing_or_unknown_to_the_registry_is_judged_as_before():
    active = RegistryStatus("核准設立", dissolved=False, asked_on=date(2026, 11, 2))
    for registry in (None, active):
        result = navigate(answers(), TODAY, registry)
        assert [p.verdict for p in result.programmes] == [FITS, FITS, FITS, NO_FIT]
        assert not any("公司登記資料" in r.text for p in result.programmes for r in p.rules)


@pytest.mark.parametrize(
    "change",
    [
        {},
        {"county": "宜蘭縣"},
        {"paid_in_capital": None, "employees": 300},
        {"rnd_stage": "commercialising", "sbir_done": []},
        {"mainland_capital": None, "tax_arrears": None, "self_funding": "unsure"},
    ],
)
def test_no_bare_unconfirmed_marker_or_old_call_date_in_any_sentence(change):
    result = navigate(answers(**change), TODAY)
    for p in result.programmes:
        for text in (p.amount, *p.details, *(r.text for r in p.rules)):
            assert "（需確認）" not in text and "112 年 9 月" not in text, text
            assert RULES_VERSION not in text
