"""Absolute links come from SMEUP_PUBLIC_BASE_URL, never from the Host header; forged hosts get 400.

A forged Host header would otherwise put an attacker's address into a resume link or a QR code
that a person carries away (and types their company's data into later).
"""

import html

import pytest
import segno
from werkzeug.datastructures import MultiDict

from smeup import create_app
from smeup.config import ConfigError
from smeup.extensions import db
from smeup.intake import Intake
from smeup.sbtr.drafts import save_draft

PUBLIC = "https://smeup.example.tw"
FORGED = "evil.example"


def a_draft(app) -> str:
    """An SBTR draft in the database; returns its token."""
    with app.test_request_context():
        draft = save_draft(
            MultiDict({"company_name": "山海創生有限公司"}),
            None,
            None,
            Intake("web", None, None),
            90,
        )
        db.session.commit()
        return draft.token


@pytest.mark.parametrize("url", ["/", "/netzero/", "/sbtr/", "/login", "/kiosk/", "/healthz"])
def test_a_request_for_a_forged_host_is_refused(client, url):
    response = client.get(url, headers={"Host": FORGED})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "無法處理這個請求" in body and FORGED not in body
    assert response.headers["Content-Security-Policy"]


def test_the_public_host_localhost_and_listed_hosts_are_served(make_app):
    app = make_app(SMEUP_PUBLIC_BASE_URL=PUBLIC, SMEUP_TRUSTED_HOSTS="10.0.1.5, lb.internal")
    for host in ("smeup.example.tw", "localhost", "127.0.0.1:8000", "10.0.1.5:8000", "lb.internal"):
        assert app.test_client().get("/healthz", headers={"Host": host}).status_code == 200, host
    assert app.test_client().get("/healthz", headers={"Host": FORGED}).status_code == 400


def test_the_resume_link_and_its_qr_code_carry_the_public_address_whatever_the_host(app, make_app):
    # Even with the host check switched off (TRUSTED_HOSTS empty), the link ignores the Host.
    behind_proxy = make_app(SMEUP_PUBLIC_BASE_URL=PUBLIC, TRUSTED_HOSTS=[])
    token = a_draft(behind_proxy)
    response = behind_proxy.test_client().get(f"/sbtr/draft/{token}", headers={"Host": FORGED})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    link = f"{PUBLIC}/sbtr/draft/{token}"
    assert f">{link}</textarea>" in page
    assert segno.make(link, error="m").svg_data_uri(scale=4, border=2) in page  # its QR code
    assert FORGED not in page


def test_without_a_configured_address_development_links_point_to_make_run(app, make_app):
    development = make_app(SMEUP_ENV="development", TRUSTED_HOSTS=[])
    token = a_draft(development)
    page = development.test_client().get(f"/sbtr/draft/{token}", headers={"Host": FORGED})
    assert f">http://127.0.0.1:8000/sbtr/draft/{token}</textarea>" in page.get_data(as_text=True)


def test_production_refuses_to_start_without_a_public_address(tmp_path, monkeypatch):
    monkeypatch.delenv("SMEUP_PUBLIC_BASE_URL", raising=False)
    config = {"SMEUP_ENV": "production", "SECRET_KEY": "k" * 32, "INSTANCE_PATH": str(tmp_path)}
    with pytest.raises(ConfigError, match="SMEUP_PUBLIC_BASE_URL"):
        create_app({**config, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    app = create_app(
        {**config, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SMEUP_PUBLIC_BASE_URL": PUBLIC + "/"}
    )
    assert app.config["SMEUP_PUBLIC_BASE_URL"] == PUBLIC
    assert app.config["TRUSTED_HOSTS"] == ["smeup.example.tw", "localhost", "127.0.0.1"]


@pytest.mark.parametrize(
    "address",
    ["smeup.example.tw", "ftp://smeup.example.tw", "https://smeup.example.tw/app", "https://"],
)
def test_a_malformed_public_address_is_refused_at_start(tmp_path, address):
    config = {"SMEUP_ENV": "testing", "SECRET_KEY": "k", "INSTANCE_PATH": str(tmp_path)}
    config |= {"SQLALCHEMY_DATABASE_URI": "sqlite://", "SMEUP_PUBLIC_BASE_URL": address}
    with pytest.raises(ConfigError, match="SMEUP_PUBLIC_BASE_URL"):
        create_app(config)
