"""A company that fits every programme it asks about, and how a rule's outcome is read."""

from datetime import date

TODAY = date(2026, 11, 30)
# A small company that fits every programme it asks about (cleaned answers, as the form gives).
FITTING = {
    "company_name": "智聯感測股份有限公司",
    "county": "新竹市",
    "employees": 28,
    "paid_in_capital": 15_000_000,
    "founded_on": date(2021, 3, 15),
    "org_form": "company",
    "need": ["rnd", "cocreation"],
    "rnd_stage": "developing",
    "rnd_theme": "ai",
    "sbir_done": [],
    "focus_industry": "iot",
    "self_funding": "yes",
    "tax_arrears": False,
    "mainland_capital": False,
}


def answers(**changes):
    return {**FITTING, **changes}


def outcome(rule):
    return rule.outcome
