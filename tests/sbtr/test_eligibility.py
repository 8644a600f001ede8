from datetime import date

import pytest

from smeup.sbtr.eligibility import (
    CheckItem,
    Eligibility,
    MemberFacts,
    ProposalFacts,
    check_eligibility,
)

START = date(2027, 1, 1)  # plan ends 2027-10-31


def member(name="甲公司", ubn="22099131", employees=10, capital=5_000_000, prior=False):
    return MemberFacts(
        ubn=ubn, name=name, employees=employees, paid_in_capital=capital, prior_sbtr=prior
    )


def three_members():
    return [
        member("甲公司", "22099131"),
        member("乙公司", "04541302"),
        member("丙公司", "34051920"),
    ]


def proposal(**kw):
    facts = {
        "category": "A",
        "members": [member()],
        "site_right": "owned",
        "site_right_until": None,
        "site_operating": True,
        "planned_start": START,
        "has_loi": False,
    }
    facts.update(kw)
    return ProposalFacts(**facts)


def item(result: Eligibility, key: str) -> CheckItem:
    (found,) = [i for i in result.items if i.key == key]
    return found


# --- A類 ----------------------------------------------------------------------------


def test_a_eligible():
    result = check_eligibility(proposal())
    assert result.eligible
    assert result.reasons() == []
    assert [i.key for i in result.items] == [
        "single_enterprise",
        "sme",
        "no_prior_sbtr",
        "site_right",
        "site_operating",
    ]
    assert all(i.status == "pass" and i.label for i in result.items)


def test_a_with_two_members_fails():
    result = check_eligibility(proposal(members=[member(), member("乙公司", "04541302")]))
    single = item(result, "single_enterprise")
    assert single.status == "fail"
    assert "目前列了 2 家企業" in single.reason
    assert "B+類" in single.reason
    assert not result.eligible
    assert result.reasons() == [single.reason]


def test_a_without_members_is_unknown():
    result = check_eligibility(proposal(members=[]))
    assert item(result, "single_enterprise").status == "unknown"
    assert item(result, "sme").status == "unknown"
    assert item(result, "no_prior_sbtr").status == "unknown"
    assert not result.eligible


def test_a_with_prior_sbtr_fails_and_names_the_member():
    result = check_eligibility(proposal(members=[member("老店商行", prior=True)]))
    prior = item(result, "no_prior_sbtr")
    assert prior.status == "fail"
    assert prior.reason.startswith("成員「老店商行」曾獲 SBTR 計畫輔導（含聯合執行企業）")
    assert not result.eligible


def test_a_non_sme_fails_with_the_member_named():
    big = member("大公司", employees=500, capital=200_000_000)
    result = check_eligibility(proposal(members=[big]))
    sme = item(result, "sme")
    assert sme.status == "fail"
    assert sme.reason == "成員「大公司」實收資本額逾 1 億元且員工 200 人以上，不符中小企業認定"
    assert result.reasons() == [sme.reason]


@pytest.mark.parametrize(
    ("capital", "employees", "status"),
    [
        (100_000_000, 5000, "pass"),  # capital at the limit is enough
        (100_000_001, 199, "pass"),  # fewer than 200 employees is enough
        (100_000_001, 200, "fail"),  # neither test passes
        (0, 0, "pass"),
        (None, 10, "pass"),  # one passing test is enough even with the other missing
        (5_000_000, None, "pass"),
        (None, 500, "unknown"),  # the missing capital could still qualify
        (200_000_000, None, "unknown"),
        (None, None, "unknown"),
        (-1, 10, "unknown"),  # nonsense figures in a draft: ask for a correction
    ],
)
def test_sme_rule(capital, employees, status):
    result = check_eligibility(proposal(members=[member(capital=capital, employees=employees)]))
    assert item(result, "sme").status == status


def test_sme_unknown_reason_names_the_member():
    result = check_eligibility(proposal(members=[member("甲公司", capital=None, employees=500)]))
    assert item(result, "sme").reason == "成員「甲公司」尚未填寫實收資本額或員工人數"


def test_member_without_name_is_named_by_row():
    big = member("", employees=500, capital=200_000_000)
    result = check_eligibility(proposal(members=[big]))
    assert item(result, "sme").reason.startswith("第 1 家成員實收資本額逾 1 億元")


# --- B+類 ---------------------------------------------------------------------------


def b_plus(**kw):
    facts = {"category": "B_PLUS", "members": three_members(), "has_loi": True}
    facts.update(kw)
    return proposal(**facts)


def test_b_plus_eligible():
    result = check_eligibility(b_plus())
    assert result.eligible
    assert [i.key for i in result.items] == [
        "min_members",
        "sme",
        "unique_ubn",
        "loi",
        "site_right",
        "site_operating",
    ]


def test_b_plus_ignores_prior_sbtr():
    members = three_members()
    members[1].prior_sbtr = True
    assert check_eligibility(b_plus(members=members)).eligible


def test_b_plus_with_two_members_fails():
    result = check_eligibility(b_plus(members=three_members()[:2]))
    count = item(result, "min_members")
    assert count.status == "fail"
    assert "目前只有 2 家" in count.reason
    assert not result.eligible


def test_b_plus_with_four_members_passes():
    members = [*three_members(), member("丁公司", "12345675")]
    assert check_eligibility(b_plus(members=members)).eligible


def test_b_plus_with_a_non_sme_fails():
    members = three_members()
    members[2] = member("巨型公司", "34051920", employees=900, capital=500_000_000)
    result = check_eligibility(b_plus(members=members))
    sme = item(result, "sme")
    assert sme.status == "fail"
    assert sme.reason == "成員「巨型公司」實收資本額逾 1 億元且員工 200 人以上，不符中小企業認定"


def test_b_plus_names_every_non_sme():
    members = three_members()
    members[0] = member("大甲", "22099131", employees=900, capital=500_000_000)
    members[2] = member("大丙", "34051920", employees=900, capital=500_000_000)
    reason = item(check_eligibility(b_plus(members=members)), "sme").reason
    assert "成員「大甲」" in reason
    assert "成員「大丙」" in reason


def test_b_plus_repeated_ubn_fails():
    members = three_members()
    members[2].ubn = " 22099131 "
    result = check_eligibility(b_plus(members=members))
    unique = item(result, "unique_ubn")
    assert unique.status == "fail"
    assert "統一編號 22099131 重複出現（成員「甲公司」、成員「丙公司」）" in unique.reason
    assert not result.eligible


def test_b_plus_blank_ubn_is_unknown():
    members = three_members()
    members[1].ubn = ""
    unique = item(check_eligibility(b_plus(members=members)), "unique_ubn")
    assert unique.status == "unknown"
    assert unique.reason == "成員「乙公司」尚未填寫統一編號"


def test_b_plus_missing_letter_of_intent_fails():
    result = check_eligibility(b_plus(has_loi=False))
    loi = item(result, "loi")
    assert loi.status == "fail"
    assert "合作意向書" in loi.reason
    assert result.reasons() == [loi.reason]


def test_a_does_not_need_a_letter_of_intent():
    result = check_eligibility(proposal(has_loi=False))
    assert "loi" not in [i.key for i in result.items]


# --- both: site ---------------------------------------------------------------------


def test_owned_site_passes_without_end_date_or_start():
    result = check_eligibility(proposal(site_right="owned", planned_start=None))
    assert item(result, "site_right").status == "pass"


@pytest.mark.parametrize("right", ["leased", "authorized"])
def test_use_rights_ending_before_plan_end_fail(right):
    result = check_eligibility(proposal(site_right=right, site_right_until=date(2027, 6, 30)))
    site = item(result, "site_right")
    assert site.status == "fail"
    assert "2027-06-30" in site.reason
    assert "2027-10-31" in site.reason
    assert not result.eligible


def test_use_rights_ending_exactly_on_plan_end_fail():
    result = check_eligibility(proposal(site_right="leased", site_right_until=date(2027, 10, 31)))
    assert item(result, "site_right").status == "fail"


@pytest.mark.parametrize("right", ["leased", "authorized"])
def test_use_rights_reaching_past_plan_end_pass(right):
    result = check_eligibility(proposal(site_right=right, site_right_until=date(2027, 11, 1)))
    assert item(result, "site_right").status == "pass"
    assert result.eligible


def test_use_rights_use_the_month_end_plan_end():
    # start 2027-04-30 → plan ends 2028-02-29
    facts = proposal(planned_start=date(2027, 4, 30), site_right="leased")
    facts.site_right_until = date(2028, 2, 29)
    assert item(check_eligibility(facts), "site_right").status == "fail"
    facts.site_right_until = date(2028, 3, 1)
    assert item(check_eligibility(facts), "site_right").status == "pass"


def test_use_rights_without_start_date_are_unknown():
    result = check_eligibility(
        proposal(site_right="leased", site_right_until=date(2030, 1, 1), planned_start=None)
    )
    site = item(result, "site_right")
    assert site.status == "unknown"
    assert site.reason == "請先填寫預定開始日期"
    assert not result.eligible
    assert result.reasons() == ["請先填寫預定開始日期"]


def test_use_rights_without_end_date_are_unknown():
    result = check_eligibility(proposal(site_right="leased", site_right_until=None))
    assert item(result, "site_right").status == "unknown"
    assert "使用權期限" in item(result, "site_right").reason


@pytest.mark.parametrize("right", [None, "", "rented"])
def test_use_rights_without_kind_are_unknown(right):
    result = check_eligibility(proposal(site_right=right))
    assert item(result, "site_right").status == "unknown"


def test_site_not_operating_fails():
    result = check_eligibility(proposal(site_operating=False))
    operating = item(result, "site_operating")
    assert operating.status == "fail"
    assert "常態性商轉" in operating.reason
    assert not result.eligible


# --- category and reasons -----------------------------------------------------------


@pytest.mark.parametrize("category", [None, "", "C"])
def test_no_category_is_unknown(category):
    result = check_eligibility(proposal(category=category))
    assert item(result, "category").status == "unknown"
    assert not result.eligible
    assert [i.key for i in result.items] == ["category", "site_right", "site_operating"]


def test_reasons_list_every_unmet_item_in_order():
    big = member("大公司", employees=500, capital=200_000_000, prior=True)
    result = check_eligibility(
        proposal(
            members=[big, member("乙公司")],
            site_operating=False,
            planned_start=None,
            site_right="leased",
            site_right_until=date(2030, 1, 1),
        )
    )
    keys = [i.key for i in result.items if i.status != "pass"]
    assert keys == ["single_enterprise", "sme", "no_prior_sbtr", "site_right", "site_operating"]
    assert len(result.reasons()) == 5
    assert all(result.reasons())


def test_default_facts_are_not_eligible():
    result = check_eligibility(ProposalFacts())
    assert not result.eligible
    assert result.reasons()
