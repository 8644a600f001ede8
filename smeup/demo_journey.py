"""Demo journey for `flask seed-demo`: one company with several forms, two data years, referrals.

Runs after the net-zero and survey seeders; every row has a fixed key, so a second run adds
nothing. It stores through the net-zero and survey rooms and the register, so it sits beside
smeup/demo.py above them rather than in the register.
"""

from datetime import timedelta
from decimal import Decimal

from .extensions import db
from .intake import Intake
from .models import Submission, User
from .models.register import Referral
from .netzero.factors import data_years
from .netzero.store import store_check
from .reference.service_units import check_items
from .register.referrals import CONTACTED, REFERRED, move, refer
from .submission_keys import KeyReused
from .surveys.demo import seed as demo_survey
from .surveys.responses import CourseAnswer, store_response

DEMO_UBN = "22099131"
COMPANY = {
    "company_name": "綠能五金有限公司",
    "ubn": DEMO_UBN,
    "county": "臺中市",
    "industry": "C",
    "employees": 35,
    "paid_in_capital": 8_000_000,
    "contact_name": "林淑芬",
    "contact_phone": "0423581021",
    "contact_email": "lin@example.com",
    "consent": True,
}


def _check(year: int, kwh: int, has_inventory: bool) -> dict:
    zero = Decimal("0.00")
    return {
        **COMPANY,
        "data_year": year,
        "electricity_kwh": Decimal(kwh).quantize(Decimal("0.01")),
        "natural_gas_m3": Decimal("3200.00"),
        "lpg_kg": zero,
        "diesel_l": Decimal("1500.00"),
        "gasoline_l": zero,
        "fuel_oil_l": zero,
        "cbam_export": True,
        "supply_chain_request": "requested",
        "listed_company": False,
        "supplier_to_listed": True,
        "has_inventory": has_inventory,
        "has_target": False,
    }


def seed() -> None:
    """Two yearly checks and a course ranking for 綠能五金, an unlinked look-alike, referrals."""
    officer = db.session.scalar(db.select(User).filter_by(username="officer"))
    years = data_years()
    older, newer = years[-2], years[-1]
    checks = []
    for key, data, days_ago in (
        ("demo-register-check-older", _check(older, 160000, False), 380),
        ("demo-register-check-newer", _check(newer, 138000, True), 21),
    ):
        try:
            stored = store_check(key, data, Intake("web", None, None))
        except KeyReused:
            return  # an earlier run with other demo data: leave it as it is
        if stored.created:
            # Checks from last year and three weeks ago, so the journey has a history.
            stored.submission.submitted_at -= timedelta(days=days_ago)
            db.session.commit()
        checks.append(stored.submission)
    survey = demo_survey()
    codes = [o.code for o in survey.options][:5]
    company_block = dict(COMPANY)
    store_response(
        survey, CourseAnswer(company_block, "審計新村", codes), "demo-register-course-one", _web()
    )
    # The same shop answered once more without its 統一編號: an officer can confirm the link.
    store_response(
        survey,
        CourseAnswer({**company_block, "ubn": None}, "審計新村", codes[::-1]),
        "demo-register-course-unlinked",
        _web(),
    )
    if officer is not None:
        _referrals(checks[-1], officer)
    db.session.commit()


def _web() -> Intake:
    return Intake("web", None, None)


def _referrals(check: Submission, officer: User) -> None:
    """Refer the newest check's items: one still waiting, one already called back."""
    if db.session.scalar(db.select(Referral).filter_by(submission_id=check.id)) is not None:
        return
    items = [(i.key, i.unit) for i in check_items(check.netzero.prescriptions)]
    for n, (key, unit_code) in enumerate(items[:3]):
        referral = refer(check, key, unit_code, officer)
        if n == 1:
            move(referral, REFERRED, "", officer)
            move(referral, CONTACTED, "", officer)
