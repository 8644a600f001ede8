"""Demo navigator pre-screens for `flask seed-demo`: one that fits, one large company, one team."""

from datetime import date

from ..extensions import db
from ..intake import Intake
from ..models import User
from .forms import taipei_today
from .store import store_navigation

COMPANY = {
    "industry": "C",
    "contact_name": "示範聯絡人",
    "contact_email": None,
    "consent": True,
}
DEMO = (
    {
        "company_name": "智聯感測股份有限公司",
        "ubn": "34051920",
        "county": "新竹市",
        "employees": 28,
        "paid_in_capital": 15_000_000,
        "contact_phone": "035678123",
        "founded_on": date(2021, 3, 15),
        "org_form": "company",
        "need": ["rnd", "cocreation", "netzero"],
        "rnd_stage": "developing",
        "rnd_theme": "ai",
        "sbir_done": ["phase1"],
        "focus_industry": "iot",
        "self_funding": "yes",
        "tax_arrears": False,
        "mainland_capital": False,
    },
    {
        "company_name": "大成精密工業股份有限公司",
        "ubn": "22099131",
        "county": "臺中市",
        "employees": 850,
        "paid_in_capital": 1_200_000_000,
        "contact_phone": "0423581021",
        "founded_on": date(1978, 6, 1),
        "org_form": "company",
        "need": ["accelerator"],
        "rnd_stage": None,
        "rnd_theme": None,
        "sbir_done": [],
        "focus_industry": None,
        "self_funding": "yes",
        "tax_arrears": False,
        "mainland_capital": False,
    },
    {
        "company_name": "海岸線新創團隊",
        "ubn": None,
        "county": "臺東縣",
        "employees": 3,
        "paid_in_capital": None,
        "contact_phone": "0912345678",
        "founded_on": None,
        "org_form": "none",
        "need": ["rnd", "digital"],
        "rnd_stage": "idea",
        "rnd_theme": "drone",
        "sbir_done": [],
        "focus_industry": None,
        "self_funding": "unsure",
        "tax_arrears": False,
        "mainland_capital": False,
    },
)


def seed() -> None:
    """Store the demo pre-screens once each (fixed keys: a second run adds nothing)."""
    agent = db.session.scalar(db.select(User).filter_by(username="agent"))
    intakes = (Intake("web", None, None), Intake("phone", None, agent.id if agent else None))
    today = taipei_today()
    for index, answers in enumerate(DEMO):
        key = f"demo-navigator-{index:04d}-seeded"
        store_navigation(key, {**COMPANY, **answers}, intakes[index % 2], today)
