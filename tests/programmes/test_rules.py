"""The navigator's rules (programmes.md, table innovation-2026): each rule alone, each verdict."""

from datetime import date

import pytest

from smeup.company.reference import COUNTIES
from smeup.programmes import rules
from smeup.programmes.rules import CHECK, FITS, MAY_FIT, MET, NO_FIT, NOT_MET, navigate
from smeup.programmes.table import RULES_VERSION, county_group, money, table
from tests.programmes.fitting import TODAY, answers

# ---- the SME test comes from the company module ------------------------------------------


@pytest.mark.parametrize(
    ("capital", "employees", "expected"),
    [
        (100_000_000, 500, MET),  # capital at the limit is enough
        (100_000_001, 199, MET),  # fewer than 200 employees is enough
        (100_000_001, 200, NOT_MET),  # neither
        (None, 250, CHECK),  # capital unknown could still pass
        (None, 3, MET),
    ],
)
def test_sme_rule(capital, employees, expected):
    rule = rules.sme_rule({"paid_in_capital": capital, "employees": employees})
    assert rule.outcome == expected
    if expected == NOT_MET:
        assert "不符合中小企業認定標準" in rule.text
    if expected == CHECK:
        assert "請補上資本額與員工人數" in rule.text and "（需確認）" not in rule.text


def test_a_company_that_fails_the_sme_test():
    big = navigate(answers(paid_in_capital=500_000_000, employees=800), TODAY)
    for key in ("sbir_general", "sbir_local", "cocreation"):
        programme = next(p for p in big.programmes if p.key == key)
        assert programme.verdict == NO_FIT
        assert any("不符合中小企業認定標準" in r.text for r in programme.deciding)
    # ...and the corporate accelerator is the route for it.
    assert big.verdict("accelerator") == MAY_FIT
    assert "未勾選想與新創合作" in " ".join(
        r.text for r in next(p for p in big.programmes if p.key == "accelerator").deciding
    )
    asks = navigate(
        answers(paid_in_capital=500_000_000, employees=800, need=["accelerator"]), TODAY
    )
    assert asks.verdict("accelerator") == FITS


# ---- SBIR 一般型 ---------------------------------------------------------------------------


def test_sbir_general_fits_with_phase_2_cap_and_theme():
    sbir = rules.sbir_general(answers())
    assert sbir.verdict == FITS
    assert len(sbir.deciding) == len(sbir.rules) == 6
    assert "Phase 2 研究開發：補助上限 1,200 萬元" in sbir.amount
    assert "最長 2 年" in sbir.amount and "先前為 1,000 萬元" in sbir.amount
    assert any("主題式徵件「AI 智慧應用」" in d for d in sbir.details)
    assert any("全年隨到隨審" in d for d in sbir.details)
    assert sbir.contacts == (("SBIR 計畫辦公室", "0800-888-968"),)
    assert sbir.site == "https://www.sbir.org.tw/"


@pytest.mark.parametrize(
    ("stage", "cap", "duration"),
    [
        ("idea", "Phase 1 先期研究：補助上限 150 萬元", "最長 6 個月，以簡報審查"),
        ("developing", "Phase 2 研究開發：補助上限 1,200 萬元", "最長 2 年"),
        ("commercialising", "Phase 2+ 加值應用：補助上限 600 萬元", "最長 1 年"),
    ],
)
def test_each_phase_has_its_2026_cap(stage, cap, duration):
    sbir = rules.sbir_general(answers(rnd_stage=stage, sbir_done=["phase1", "phase2"]))
    assert cap in sbir.amount and duration in sbir.amount


@pytest.mark.parametrize(
    ("change", "expected", "sentence"),
    [
        ({"org_form": "none"}, NOT_MET, "尚未設立"),
        ({"org_form": "sole"}, MET, "已設立（獨資）"),
        ({"mainland_capital": True}, NOT_MET, "屬陸資企業，不能申請 SBIR"),
        ({"mainland_capital": False}, MET, "不屬陸資企業"),
        ({"tax_arrears": True}, NOT_MET, "近 3 年有欠稅"),
        ({"tax_arrears": False}, MET, "近 3 年沒有欠稅"),
        ({"self_funding": "no"}, NOT_MET, "無法自籌一半經費"),
        ({"self_funding": "unsure"}, CHECK, "不確定能否自籌一半經費"),
        ({"self_funding": "yes"}, MET, "能自籌至少一半經費"),
        ({"rnd_stage": None}, CHECK, "未選擇研發進度"),
        ({"rnd_stage": "idea"}, MET, "Phase 1 先期研究"),
        ({"rnd_stage": "commercialising", "sbir_done": ["phase2"]}, MET, "已完成 SBIR Phase 2"),
        ({"rnd_stage": "commercialising", "sbir_done": ["phase1"]}, CHECK, "尚未完成 Phase 2"),
    ],
)
def test_each_sbir_general_rule_alone(change, expected, sentence):
    sbir = rules.sbir_general(answers(**change))
    matching = [r for r in sbir.rules if sentence in r.text]
    assert len(matching) == 1, [r.text for r in sbir.rules]
    assert matching[0].outcome == expected
    # Everything else in FITTING is met, so this one rule decides the verdict.
    assert sbir.verdict == {MET: FITS, CHECK: MAY_FIT, NOT_MET: NO_FIT}[expected]
    if expected != MET:
        assert sbir.deciding == tuple(matching)


def test_phase_2_plus_prerequisite_is_worded_for_an_owner():
    """Unconfirmed: said as advice ("請向 SBIR 計畫辦公室確認"), never a bare （需確認）."""
    without = rules.phase_rule(answers(rnd_stage="commercialising", sbir_done=[]))
    assert "通常以完成 SBIR Phase 2 為前提" in without.text
    assert "請向 SBIR 計畫辦公室確認" in without.text and "（需確認）" not in without.text
    done = rules.phase_rule(answers(rnd_stage="commercialising", sbir_done=["phase2"]))
    assert done.outcome == MET and "（需確認）" not in done.text
    assert (
        table()["sbir_general"]["phases"]["commercialising"]["requires_phase2_confirmed"] is False
    )


def test_self_funding_unsure_makes_sbir_a_maybe_and_says_why():
    result = navigate(answers(self_funding="unsure"), TODAY)
    sbir = next(p for p in result.programmes if p.key == "sbir_general")
    assert sbir.verdict == MAY_FIT
    [reason] = sbir.deciding
    assert "不確定能否自籌一半經費" in reason.text and "50%" in reason.text
    # 新創共創 asks for own funds, not half: unsure is to check there too, never a failure.
    assert result.verdict("cocreation") == MAY_FIT


def test_no_theme_sentence_for_other_theme():
    sbir = rules.sbir_general(answers(rnd_theme="other"))
    assert not any("主題式徵件" in d for d in sbir.details)


def test_unknown_stage_shows_every_phase_cap():
    sbir = rules.sbir_general(answers(rnd_stage=None, need=["digital"]))
    assert "150 萬元" in sbir.amount and "1,200 萬元" in sbir.amount and "600 萬元" in sbir.amount


# ---- SBIR 地方型 ---------------------------------------------------------------------------

GROUPS = {
    "直轄市": ("1:1", ["臺北市", "新北市", "桃園市", "臺中市", "臺南市", "高雄市"]),
    "東部離島": ("1:3", ["花蓮縣", "臺東縣", "澎湖縣", "金門縣", "連江縣"]),
    "西部其他縣市": (
        "1:2",
        ["基隆市", "新竹市", "嘉義市", "新竹縣", "苗栗縣", "彰化縣", "南投縣", "雲林縣"]
        + ["嘉義縣", "屏東縣", "宜蘭縣"],
    ),
}
EXPECTED_GROUP = {c: (g, ratio) for g, (ratio, cs) in GROUPS.items() for c in cs}


def test_the_groups_cover_exactly_the_22_counties():
    assert sorted(EXPECTED_GROUP) == sorted(COUNTIES) and len(EXPECTED_GROUP) == 22


@pytest.mark.parametrize("county", COUNTIES)
def test_each_county_group_with_either_spelling(county):
    group, ratio = EXPECTED_GROUP[county]
    for spelling in {county, county.replace("臺", "台")}:
        found = county_group(spelling)
        assert (found.county, found.group, found.ratio) == (county, group, ratio)
        local = rules.sbir_local(answers(county=spelling))
        assert local.verdict == FITS
        belongs = "一般歸入" if county == "宜蘭縣" else "屬"
        assert local.details[0] == (
            f"{county}{belongs}「{group}」，地方政府與中央配合比例"
            f"依各縣市公告（計畫簡介所列為 {ratio}）。"
        )
        # The ratio is shown, never turned into money.
        assert "依各縣市公告" in local.amount


def test_yilan_group_is_marked_unconfirmed_and_unknown_county_is_none():
    assert county_group("宜蘭縣").confirmed is False
    assert county_group("臺北市").confirmed is True
    assert county_group("台北縣") is None and county_group("") is None


@pytest.mark.parametrize(
    ("change", "expected", "sentence"),
    [
        ({"org_form": "none"}, NOT_MET, "尚未設立"),
        ({"county": None}, CHECK, "未選擇所在縣市"),
        ({"need": ["digital"]}, CHECK, "未勾選研發補助"),
        ({"employees": 300, "paid_in_capital": 200_000_000}, NOT_MET, "不符合中小企業認定標準"),
        ({"mainland_capital": True}, NOT_MET, "屬陸資企業，不能申請地方型 SBIR"),
        ({"tax_arrears": True}, NOT_MET, "近 3 年有欠稅，不能申請地方型 SBIR"),
        ({"mainland_capital": None}, CHECK, "未回答「陸資持股是否超過 30%"),
    ],
)
def test_each_sbir_local_rule_alone(change, expected, sentence):
    local = rules.sbir_local(answers(**change))
    [rule] = [r for r in local.rules if sentence in r.text]
    assert rule.outcome == expected and local.deciding == (rule,)


# ---- 新創共創獎勵 --------------------------------------------------------------------------


def test_eight_year_boundary_on_the_exact_day():
    founded = {"founded_on": date(2018, 11, 30)}
    day_before = rules.age_rule(answers(**founded), date(2026, 11, 29))
    on_the_day = rules.age_rule(answers(**founded), date(2026, 11, 30))
    assert day_before.outcome == MET and "未滿 8 年" in day_before.text
    assert on_the_day.outcome == NOT_MET and "已於 2026-11-30 滿 8 年" in on_the_day.text
    assert rules.cocreation(answers(**founded), date(2026, 11, 29)).verdict == FITS
    assert rules.cocreation(answers(**founded), date(2026, 11, 30)).verdict == NO_FIT


def test_a_29_february_founding_turns_eight_on_28_february_when_there_is_none():
    assert rules.eighth_anniversary(date(2092, 2, 29)) == date(2100, 2, 28)
    assert rules.eighth_anniversary(date(2016, 2, 29)) == date(2024, 2, 29)


@pytest.mark.parametrize(
    ("change", "expected", "sentence"),
    [
        ({"org_form": "none", "founded_on": None}, NOT_MET, "尚未設立"),
        ({"founded_on": None}, CHECK, "未填設立日期"),
        ({"focus_industry": "other"}, NOT_MET, "不屬於智慧物聯、智慧健康、綠色科技、太空科技"),
        ({"focus_industry": None}, CHECK, "未選擇產業領域"),
        ({"focus_industry": "space"}, MET, "太空科技"),
        ({"self_funding": "no"}, CHECK, "請確認能投入多少自有資金"),
        ({"self_funding": "yes"}, MET, "能投入自有資金"),
        ({"employees": 300, "paid_in_capital": 200_000_000}, NOT_MET, "不符合中小企業認定標準"),
    ],
)
def test_each_cocreation_rule_alone(change, expected, sentence):
    award = rules.cocreation(answers(**change), TODAY)
    [rule] = [r for r in award.rules if sentence in r.text]
    assert rule.outcome == expected
    assert award.verdict == {MET: FITS, CHECK: MAY_FIT, NOT_MET: NO_FIT}[expected]


def test_cocreation_amount_and_contact():
    award = rules.cocreation(answers(), TODAY)
    assert award.amount == "每案固定獎勵 200 萬元"
    assert award.contacts == (("工業技術研究院", "(03)591-8253"),)
    assert any("分期公告徵件" in d for d in award.details)


# ---- 企業加速器 ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("capital", "employees", "need", "verdict"),
    [
        (500_000_000, 800, ["accelerator"], FITS),
        (500_000_000, 800, ["rnd"], MAY_FIT),
        (10_000_000, 20, ["accelerator"], MAY_FIT),
        (10_000_000, 20, ["rnd"], NO_FIT),
        (None, 800, ["accelerator"], MAY_FIT),
    ],
)
def test_accelerator_route(capital, employees, need, verdict):
    route = rules.accelerator(answers(paid_in_capital=capital, employees=employees, need=need))
    assert route.verdict == verdict
    assert route.amount == ""  # no amount is published
    assert route.contacts == (("經濟部中小及新創企業署 馬上辦服務中心", "0800-056-476"),)


# ---- the whole navigation ------------------------------------------------------------------


def test_navigation_lists_all_four_and_the_needs_links():
    result = navigate(answers(need=["rnd", "digital", "netzero"]), TODAY)
    assert [p.key for p in result.programmes] == list(rules.PROGRAMMES)
    assert result.also == ("netzero", "digital")
    assert result.rules_version == RULES_VERSION == "innovation-2026"


def test_every_figure_in_the_table_cites_a_listed_source_with_a_date():
    data = table()
    for source in data["sources"].values():
        assert source["title"] and len(source["date"]) == 10
    cited = [p["source"] for p in data["sbir_general"]["phases"].values()]
    cited += [p["before_2026_source"] for p in data["sbir_general"]["phases"].values()]
    cited += [data["sbir_general"]["themes"]["source"], data["sbir_local"]["cap_source"]]
    cited += [data["cocreation"]["award_source"], data["cocreation"]["max_age_source"]]
    cited += [data["accelerator"]["source"], data["sbir_local"]["ratio_source"]]
    assert set(cited) <= set(data["sources"])
    assert data["sbir_local"]["ratio_confirmed"] is False


def test_money_in_wan():
    assert money(1_500_000) == "150 萬元" and money(12_000_000) == "1,200 萬元"
    assert money(1_234) == "1,234 元"
