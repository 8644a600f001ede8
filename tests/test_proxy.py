"""The client address behind a proxy: believed from SMEUP_PROXY_HOPS proxies, never from a client.

With no proxy trusted (hops 0, the default) a forged X-Forwarded-For changes neither the
rate-limit key nor the address the audit log keeps; with one proxy (hops 1, deploy/) the address
that proxy appended is the client's, and whatever a client put before it is ignored.
"""

import pytest

from smeup import create_app
from smeup.config import ConfigError
from smeup.extensions import db
from smeup.models import AuditEntry
from tests.helpers import csrf_token

PROXY = "127.0.0.1"
CLIENT = "198.51.100.20"


def limited_app(make_app, hops):
    """Limits on, two sign-ins a minute per address, `hops` trusted proxies."""
    return make_app(
        RATELIMIT_ENABLED=True,
        SMEUP_LOGIN_ADDRESS_LIMIT="2 per minute",
        SMEUP_LOGIN_LIMIT="100 per minute",
        SMEUP_PROXY_HOPS=hops,
    )


def wrong_password(app, peer: str, forwarded: str | None) -> int:
    """One sign-in with a wrong password from TCP peer `peer`, with X-Forwarded-For `forwarded`."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = peer
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    token = csrf_token(client)
    data = {"csrf_token": token, "username": "nobody", "password": "wrong password"}
    return client.post("/login", data=data, headers=headers).status_code


def audit_addresses(app) -> list[str]:
    with app.app_context():
        query = db.select(AuditEntry.ip).where(AuditEntry.action == "login_failed")
        return list(db.session.scalars(query.order_by(AuditEntry.id)))


@pytest.mark.usefixtures("app")  # the tables
def test_without_a_trusted_proxy_a_forged_header_changes_nothing(make_app):
    app = limited_app(make_app, 0)
    assert app.config["SMEUP_PROXY_HOPS"] == 0
    statuses = [wrong_password(app, CLIENT, f"203.0.113.{n}") for n in (1, 2, 3)]
    # Three "different" clients are one address: the third attempt is over the limit.
    assert statuses == [422, 422, 429]
    assert audit_addresses(app) == [CLIENT, CLIENT]


@pytest.mark.usefixtures("app")  # the tables
def test_behind_one_proxy_the_address_it_appended_is_the_client(make_app):
    app = limited_app(make_app, 1)
    statuses = [wrong_password(app, PROXY, f"203.0.113.{n}") for n in (1, 2, 3)]
    assert statuses == [422, 422, 422]  # three clients behind the proxy, each with its own count
    assert audit_addresses(app) == ["203.0.113.1", "203.0.113.2", "203.0.113.3"]
    # A client's own X-Forwarded-For comes before the address the proxy appends: ignored.
    forged = [wrong_password(app, PROXY, f"192.0.2.{n}, 203.0.113.1") for n in (7, 8)]
    assert forged == [422, 429]
    assert audit_addresses(app)[3:] == ["203.0.113.1"]


@pytest.mark.usefixtures("app")  # the tables
def test_behind_one_proxy_a_request_without_the_header_keeps_the_peer(make_app):
    app = limited_app(make_app, 1)
    assert wrong_password(app, CLIENT, None) == 422
    assert audit_addresses(app) == [CLIENT]


@pytest.mark.parametrize("bad", ["-1", "one", "6", "1.5", "²", True])
def test_a_bad_number_of_proxies_stops_the_start_with_one_line(bad, tmp_path):
    with pytest.raises(ConfigError, match="SMEUP_PROXY_HOPS") as raised:
        create_app(
            {
                "SMEUP_ENV": "testing",
                "SECRET_KEY": "test-secret-key",
                "SQLALCHEMY_DATABASE_URI": "sqlite://",
                "INSTANCE_PATH": str(tmp_path),
                "SMEUP_PROXY_HOPS": bad,
            }
        )
    assert "\n" not in raised.value.format_message()


def test_the_number_of_proxies_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SMEUP_PROXY_HOPS", "1")
    config = {
        "SMEUP_ENV": "testing",
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": "sqlite://",
        "INSTANCE_PATH": str(tmp_path),
    }
    assert create_app(config).config["SMEUP_PROXY_HOPS"] == 1
    monkeypatch.delenv("SMEUP_PROXY_HOPS")
    assert create_app(config).config["SMEUP_PROXY_HOPS"] == 0
