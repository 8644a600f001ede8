"""Storing a 淨零健檢 once and reading it back as stored, without HTTP."""

from decimal import Decimal

import pytest

from smeup.extensions import db
from smeup.intake import Intake
from smeup.models import Submission, User
from smeup.models.netzero import NetzeroCheck
from smeup.netzero import factors, urgency
from smeup.netzero.store import find_by_token, quantity, result_view, store_check
from smeup.submission_keys import KeyReused, new_key
from tests.helpers import count_rows

WEB = Intake("web", None, None)


def answers(**overrides):
    """Cleaned data as NetzeroForm.netzero_data() gives it."""
    data = {
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
        "data_year": 2024,
        "electricity_kwh": Decimal("120000.50"),
        "natural_gas_m3": Decimal("0.00"),
        "lpg_kg": Decimal("400.00"),
        "diesel_l": Decimal("0.00"),
        "gasoline_l": Decimal("1000.00"),
        "fuel_oil_l": Decimal("0.00"),
        "cbam_export": False,
        "supply_chain_request": "requested",
        "listed_company": False,
        "supplier_to_listed": False,
        "has_inventory": True,
        "has_target": False,
    }
    data.update(overrides)
    return data


def test_store_keeps_answers_and_computed_result(app):
    with app.test_request_context():
        stored = store_check(new_key(), answers(), WEB)
        assert stored.created
        submission_id = stored.submission.id
        db.session.remove()
        submission = db.session.get(Submission, submission_id)
        check = submission.netzero
        assert (submission.form_type, submission.channel, submission.status) == (
            "netzero",
            "web",
            "已收件",
        )
        assert submission.ubn == "22099131" and submission.consent is True
        assert check.electricity_kwh == Decimal("120000.50")
        assert check.lpg_kg == Decimal("400.00") and check.diesel_l == Decimal("0.00")
        assert check.data_year == 2024 and check.supply_chain_request == "requested"
        assert check.has_inventory is True and check.has_target is False
        # 120,000.5 × 0.474 + 400 × 2.9872… + 1,000 × 2.2707… kg, in tonnes
        assert check.scope2_tco2e == pytest.approx(56.8802, abs=1e-4)
        assert check.scope1_tco2e == pytest.approx(1.1949 + 2.2707, abs=1e-3)
        assert check.total_tco2e == pytest.approx(check.scope1_tco2e + check.scope2_tco2e)
        assert check.urgency == "中"
        assert check.prescriptions == ["知識擴散", "健檢診斷", "協助訂定減碳目標"]
        assert [row["key"] for row in check.breakdown] == [
            "electricity_kwh",
            "lpg_kg",
            "gasoline_l",
        ]
        assert (check.factor_version, check.rules_version) == ("2025-tw-ar5", "urgency-v1")


def test_same_key_same_data_stores_one(app):
    key = new_key()
    with app.test_request_context():
        first = store_check(key, answers(), WEB)
        again = store_check(key, answers(), WEB)
        assert not again.created
        assert again.submission.id == first.submission.id
    assert count_rows(app, Submission) == 1
    assert count_rows(app, NetzeroCheck) == 1


def test_same_key_other_data_is_refused(app):
    key = new_key()
    with app.test_request_context():
        store_check(key, answers(), WEB)
        with pytest.raises(KeyReused):
            store_check(key, answers(electricity_kwh=Decimal("1.00")), WEB)
    assert count_rows(app, NetzeroCheck) == 1


def test_intake_is_stamped(app, users):
    with app.test_request_context():
        agent = db.session.scalar(db.select(User.id).filter_by(username=users["agent"]))
        stored = store_check(new_key(), answers(), Intake("phone", None, agent))
        assert (stored.submission.channel, stored.submission.entered_by_id) == ("phone", agent)


def test_result_is_read_from_the_stored_record(app, monkeypatch):
    """A later factor or rule change never rewrites an old result."""
    with app.test_request_context():
        token = store_check(new_key(), answers(), WEB).submission.result_token
        before = result_view(find_by_token(token))
        monkeypatch.setattr(factors, "electricity_factor", lambda year: Decimal("9.999"))
        monkeypatch.setitem(urgency.rules()["thresholds"], "medium_tco2e", 1)
        db.session.remove()
        after = result_view(find_by_token(token))
    assert after == before
    assert after.total == "60.35" and after.level == "中"
    assert after.lines[0].factor == "0.4740" and after.lines[0].quantity == "120,000.5"
    assert [item.title for item in after.items] == ["知識擴散", "健檢診斷", "協助訂定減碳目標"]
    assert after.items[0].url == "https://green.pidc.org.tw/"


def test_stored_titles_are_shown_even_when_reworded_later(app):
    with app.test_request_context():
        submission = store_check(new_key(), answers(), WEB).submission
        submission.netzero.prescriptions = ["舊的處方名稱"]
        view = result_view(submission)
    assert [(i.title, i.text, i.url) for i in view.items] == [("舊的處方名稱", "", None)]


def test_find_by_token_ignores_unknown_and_overlong_tokens(app):
    with app.test_request_context():
        store_check(new_key(), answers(), WEB)
        assert find_by_token("x" * 43) is None
        assert find_by_token("x" * 5000) is None
        assert find_by_token("") is None


@pytest.mark.parametrize(
    ("value", "shown"),
    [(120000.0, "120,000"), (350.5, "350.5"), (0.25, "0.25"), (10_000_000_000.0, "10,000,000,000")],
)
def test_quantity_display(value, shown):
    assert quantity(value) == shown
