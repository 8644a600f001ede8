"""Sign-in limits at a venue where every tablet shares one address.

Wrong passwords count per account and address (SMEUP_LOGIN_LIMIT): one account's typos lock
that account from that address only. Every sign-in from an address counts towards a looser cap
(SMEUP_LOGIN_ADDRESS_LIMIT). Run on the database-backed store and, when SMEUP_TEST_REDIS_URL is
set, on Redis.
"""

import os
import uuid

import pytest

from smeup.extensions import db
from smeup.models import AuditEntry
from tests.helpers import PASSWORD, csrf_token, without_tokens

VENUE = "203.0.113.7"
ELSEWHERE = "198.51.100.20"
STORES = ["database", "redis"]


@pytest.fixture(params=STORES)
def limited(request, make_app, users):
    """An app with limits on: 3 failures per account and address, 8 sign-ins per address."""
    overrides = {
        "RATELIMIT_ENABLED": True,
        "SMEUP_LOGIN_LIMIT": "3 per 15 minutes",
        "SMEUP_LOGIN_ADDRESS_LIMIT": "8 per minute",
    }
    if request.param == "redis":
        url = os.environ.get("SMEUP_TEST_REDIS_URL")
        if not url:
            pytest.skip("SMEUP_TEST_REDIS_URL unset")
        overrides["RATELIMIT_STORAGE_URI"] = url
        # Counters of this test only: another run on the same Redis counts under other keys.
        overrides["RATELIMIT_KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    app = make_app(**overrides)
    assert app.config["RATELIMIT_STORAGE_URI"].startswith(
        "redis" if request.param == "redis" else "db+"
    )
    return app


def tablet(app, address=VENUE):
    """One tablet: its own cookies, the venue's address."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def sign_in(client, username, password=PASSWORD):
    token = csrf_token(client)
    return client.post(
        "/login", data={"csrf_token": token, "username": username, "password": password}
    )


def test_one_account_locked_the_others_still_sign_in_from_the_same_address(limited, users):
    first, second = tablet(limited), tablet(limited)
    wrong = [sign_in(first, users["agent"], "typo").status_code for _ in range(3)]
    assert wrong == [422, 422, 422]
    locked = sign_in(first, users["agent"])  # now even the right password waits
    assert locked.status_code == 429
    page = locked.get_data(as_text=True)
    assert "登入失敗太多次" in page and "請稍候" in page and "其他帳號不受影響" in page
    assert f'value="{users["agent"]}"' in page  # the login form, ready for another account
    # Another account from the same address (another tablet, or the same one) signs in.
    assert sign_in(second, users["officer"]).status_code == 302
    assert sign_in(tablet(limited), users["admin"]).status_code == 302
    # The locked account from another address signs in too.
    assert sign_in(tablet(limited, ELSEWHERE), users["agent"]).status_code == 302
    # and stays locked at the venue.
    assert sign_in(tablet(limited), users["agent"]).status_code == 429


def test_a_successful_sign_in_forgets_the_earlier_wrong_passwords(limited, users):
    client = tablet(limited)
    assert [sign_in(client, users["agent"], "typo").status_code for _ in range(2)] == [422, 422]
    assert sign_in(client, users["agent"]).status_code == 302
    again = tablet(limited)
    assert [sign_in(again, users["agent"], "typo").status_code for _ in range(3)] == [422] * 3
    assert sign_in(again, users["agent"]).status_code == 429


def test_the_address_cap_stops_everyone_from_that_address(limited, users):
    """8 sign-ins per address: typos spread over accounts, below each account's limit."""
    codes = []
    for username in ("agent1", "officer1", "nobody", "admin1") * 2:
        codes.append(sign_in(tablet(limited), username, "typo").status_code)
    assert codes == [422] * 8
    assert sign_in(tablet(limited), users["officer"]).status_code == 429
    assert sign_in(tablet(limited), "someone-else").status_code == 429
    assert sign_in(tablet(limited, ELSEWHERE), users["officer"]).status_code == 302


def test_a_locked_unknown_user_and_a_locked_account_get_the_same_answer(limited, users):
    answers = {}
    for username in (users["officer"], "nobody-here"):
        client = tablet(limited)
        for _ in range(3):
            assert sign_in(client, username, "typo").status_code == 422
        response = sign_in(client, username, "typo")
        assert response.status_code == 429
        page = without_tokens(response.get_data(as_text=True))
        answers[username] = page.replace(f'value="{username}"', 'value="TYPED"')
    assert answers[users["officer"]] == answers["nobody-here"]


def test_a_locked_attempt_is_audited_as_a_failed_sign_in(limited, users):
    client = tablet(limited)
    for _ in range(4):
        sign_in(client, users["agent"], "typo")
    with limited.app_context():
        entries = db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id)).all()
        assert [e.action for e in entries] == ["login_failed"] * 4
        reasons = [e.detail.get("reason") for e in entries]
        assert reasons == [None, None, None, "登入失敗太多次，暫停登入中"]
        assert {e.username for e in entries} == {users["agent"]}


def test_the_limits_are_settings():
    from smeup.config import Defaults

    assert Defaults.SMEUP_LOGIN_LIMIT == "5 per 15 minutes"
    assert Defaults.SMEUP_LOGIN_ADDRESS_LIMIT == "60 per minute"
