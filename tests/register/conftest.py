"""Register fixtures: stored submissions through the real store functions (so linking runs)."""

from decimal import Decimal

import pytest

from smeup.extensions import db
from smeup.intake import Intake
from smeup.models import User
from smeup.models.surveys import Survey
from smeup.netzero.store import store_check
from smeup.submission_keys import new_key
from smeup.surveys.responses import CourseAnswer, store_response
from tests.console import factories as f

COMPANY = {
    "company_name": "綠能五金有限公司",
    "ubn": "22099131",
    "county": "臺中市",
    "industry": "C",
    "employees": 35,
    "paid_in_capital": None,
    "contact_name": "林小姐",
    "contact_phone": "0422223333",
    "contact_email": None,
    "consent": True,
}


def check_data(year: int = 2024, kwh: int = 120000, **company) -> dict:
    """Cleaned 淨零健檢 data; high urgency (CBAM) so the prescription has several items."""
    zero = Decimal("0.00")
    return {
        **COMPANY,
        **company,
        "data_year": year,
        "electricity_kwh": Decimal(kwh).quantize(Decimal("0.01")),
        "natural_gas_m3": zero,
        "lpg_kg": zero,
        "diesel_l": Decimal("500.00"),
        "gasoline_l": zero,
        "fuel_oil_l": zero,
        "cbam_export": True,
        "supply_chain_request": "none",
        "listed_company": False,
        "supplier_to_listed": False,
        "has_inventory": False,
        "has_target": False,
    }


def store(year: int = 2024, kwh: int = 120000, **company):
    """Store a check through netzero.store (the real path, so the register links it)."""
    return store_check(new_key(), check_data(year, kwh, **company), Intake("web", None, None))


def store_course(**company):
    """Store a course ranking of the demo survey through surveys.responses."""
    survey = db.session.scalar(db.select(Survey).limit(1)) or f.survey()
    block = {**COMPANY, **company}
    answer = CourseAnswer(block, "鹿港", ["brand", "social", "copy"])
    return store_response(survey, answer, new_key(), Intake("web", None, None))


@pytest.fixture
def ctx(app):
    """An app context with a request (the audit log reads the client address)."""
    with app.test_request_context():
        yield


@pytest.fixture
def officer(users, ctx):
    """The officer account, as a model."""
    return db.session.scalar(db.select(User).filter_by(username=users["officer"]))
