"""Shared steps for the channel tests: events, kiosk mode, net-zero answers, stored checks."""

import re
from datetime import date

import pytest

from smeup.extensions import db
from smeup.intake import Intake
from smeup.models import Event
from smeup.netzero.factors import latest_year
from smeup.netzero.store import store_check
from smeup.submission_keys import new_key
from tests.helpers import NETZERO_FORM, login

PIN = "246813"

NETZERO = NETZERO_FORM


def hidden_fields(client, url: str) -> dict:
    """GET a form page and return its hidden csrf_token (and submission_key when it has one)."""
    page = client.get(url).get_data(as_text=True)
    found = dict(
        re.findall(r'name="(csrf_token|submission_key)" type="hidden" value="([^"]+)"', page)
    )
    header = re.search(r'"X-CSRFToken": "([^"]+)"', page)  # every page carries it for htmx
    if "csrf_token" not in found and header:
        found["csrf_token"] = header.group(1)
    assert "csrf_token" in found, f"no csrf_token on {url}"
    return found


def netzero_answers(**changes) -> dict:
    """A valid 淨零健檢 as posted by a browser."""
    return {**NETZERO, "data_year": str(latest_year()), **changes}


def make_event(app, name="淨零巡迴說明會（臺中場）", forms=("netzero", "course"), **fields) -> int:
    """An event in the database; returns its id."""
    with app.app_context():
        event = Event(
            name=name,
            date=fields.get("date", date(2025, 10, 18)),
            venue=fields.get("venue", "審計新村"),
            county=fields.get("county", "臺中市"),
            forms=list(forms),
        )
        db.session.add(event)
        db.session.commit()
        return event.id


def start_kiosk(client, username: str, event_id: int, pin: str = PIN):
    """Sign a staff member in and start kiosk mode for the event; returns the response."""
    assert login(client, username).status_code == 302
    token = hidden_fields(client, "/kiosk/setup")["csrf_token"]
    return client.post(
        "/kiosk/setup",
        data={"csrf_token": token, "event_id": str(event_id), "pin": pin, "pin_again": pin},
    )


def post_netzero(client, url: str = "/netzero/", headers=None, **changes):
    """Open the net-zero form at `url` and send a valid check (with `changes`)."""
    hidden = hidden_fields(client, url)
    return client.post(url, data={**netzero_answers(**changes), **hidden}, headers=headers or {})


def stored_check(app, channel="web", event_id=None, entered_by_id=None, **changes):
    """A stored 淨零健檢 (as if sent through `channel`); returns (submission id, result token)."""
    from decimal import Decimal

    data = {
        "company_name": changes.get("company_name", "綠能五金有限公司"),
        "ubn": changes.get("ubn", "22099131"),
        "county": changes.get("county", "臺中市"),
        "industry": "C",
        "employees": 35,
        "paid_in_capital": changes.get("paid_in_capital"),
        "contact_name": changes.get("contact_name", "林小姐"),
        "contact_phone": changes.get("contact_phone", "0422223333"),
        "contact_email": changes.get("contact_email"),
        "consent": True,
        "data_year": latest_year(),
        "electricity_kwh": Decimal("120000.00"),
        "natural_gas_m3": Decimal("0.00"),
        "lpg_kg": Decimal("0.00"),
        "diesel_l": Decimal("0.00"),
        "gasoline_l": Decimal("0.00"),
        "fuel_oil_l": Decimal("0.00"),
        "cbam_export": False,
        "supply_chain_request": "none",
        "listed_company": False,
        "supplier_to_listed": False,
        "has_inventory": True,
        "has_target": False,
    }
    with app.test_request_context():
        stored = store_check(new_key(), data, Intake(channel, event_id, entered_by_id))
        return stored.submission.id, stored.submission.result_token


def prefill_link(client, q: str, path: str) -> str:
    """Look a company up as the signed-in agent and return the first result link into `path`."""
    response = client.get("/phone/lookup", query_string={"q": q}, headers={"HX-Request": "1"})
    assert response.status_code == 200
    found = re.search(rf'href="({re.escape(path)}[^"]*prefill=[^"]+)"', response.get_data(True))
    assert found, f"no prefill link into {path}"
    return found.group(1).replace("&amp;", "&")


def user_id(app, username: str) -> int:
    """The id of a user by username."""
    from smeup.models import User

    with app.app_context():
        return db.session.scalar(db.select(User.id).filter_by(username=username))


@pytest.fixture(autouse=True)
def rate_limits_off(monkeypatch):
    """Rate limits as the session app is configured (off), even after a test that enabled them.

    Flask-Limiter keeps `enabled` on the shared limiter object: an earlier test that builds an
    app with RATELIMIT_ENABLED=True and does not restore it would make our many logins fail.
    """
    from smeup.extensions import limiter

    monkeypatch.setattr(limiter, "enabled", False)
