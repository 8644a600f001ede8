"""Asking the registry (a local fake) through the 30-day cache: every kind of answer."""

from datetime import date, datetime, timedelta

import pytest

from smeup.extensions import db
from smeup.models.registry import RegistryAnswer
from smeup.registry.lookup import GCIS_BASE_URL, RegistrySettings, look_up, settings_from
from tests import fake_registry as fake
from tests.helpers import count_rows

NOW = datetime(2026, 11, 30, 6, 0)


@pytest.fixture
def settings(registry):
    return RegistrySettings(base_url=registry.url, timeout=1.0, cache_days=30)


def test_found_is_kept_with_what_the_registry_said(app, settings, registry):
    with app.app_context():
        lookup = look_up("04541302", settings, NOW)
        assert lookup.state == "found"
        stored = db.session.get(RegistryAnswer, "04541302")
        assert stored.company_name == "綠能五金股份有限公司"
        assert (stored.county, stored.paid_in_capital) == ("臺中市", 8_500_000)
        assert stored.founded_on == date(2023, 9, 1)
        assert stored.raw["Responsible_Name"] == "林大明"
        assert stored.fetched_at == NOW


def test_dissolved_company(app, settings):
    with app.app_context():
        lookup = look_up("34051920", settings, NOW)
        assert lookup.found and lookup.answer.dissolved and lookup.answer.status == "解散"


@pytest.mark.parametrize("ubn", [fake.NOT_FOUND, fake.EMPTY_ARRAY])
def test_not_found_is_kept_too(app, settings, registry, ubn):
    with app.app_context():
        assert look_up(ubn, settings, NOW).state == "not_found"
        assert look_up(ubn, settings, NOW + timedelta(days=29)).state == "not_found"
        assert db.session.get(RegistryAnswer, ubn).found is False
    assert registry.asked[ubn] == 1


@pytest.mark.parametrize("ubn", [fake.MALFORMED, fake.SERVER_ERROR, fake.SLOW])
def test_a_broken_registry_is_unavailable_and_nothing_is_kept(app, settings, ubn):
    with app.app_context():
        assert look_up(ubn, settings, NOW).state == "unavailable"
    assert count_rows(app, RegistryAnswer) == 0


def test_an_unreachable_registry_is_unavailable(app):
    # A port nothing listens on: the connection is refused at once.
    settings = RegistrySettings(base_url="http://127.0.0.1:9/od/data/api", timeout=1, cache_days=30)
    with app.app_context():
        assert look_up("04541302", settings, NOW).state == "unavailable"


def test_answers_are_cached_for_30_days_then_asked_again(app, settings, registry):
    with app.app_context():
        look_up("04541302", settings, NOW)
        look_up("04541302", settings, NOW + timedelta(days=29, hours=23))
        assert registry.asked["04541302"] == 1
        again = look_up("04541302", settings, NOW + timedelta(days=30))
        assert registry.asked["04541302"] == 2
        assert again.answer.fetched_at == NOW + timedelta(days=30)
    assert count_rows(app, RegistryAnswer) == 1


def test_an_old_answer_is_used_when_the_registry_is_down(app, settings):
    with app.app_context():
        look_up("04541302", settings, NOW)
        down = RegistrySettings(base_url="http://127.0.0.1:9/x", timeout=1, cache_days=30)
        lookup = look_up("04541302", down, NOW + timedelta(days=45))
        assert lookup.state == "found"
        assert lookup.answer.fetched_at == NOW  # says when the registry said it


def test_off_and_invalid_numbers_ask_nothing(app, settings, registry):
    off = RegistrySettings(base_url="", timeout=1, cache_days=30)
    with app.app_context():
        assert look_up("04541302", off, NOW).state == "off"
        assert look_up("12345678", settings, NOW).state == "invalid"
        assert look_up("0454130", settings, NOW).state == "invalid"
    assert sum(registry.asked.values()) == 0


def test_settings_default_to_gcis_in_production_only():
    assert settings_from({"SMEUP_ENV": "production"}).base_url == GCIS_BASE_URL
    assert settings_from({"SMEUP_ENV": "development"}).enabled is False
    assert settings_from({"SMEUP_ENV": "testing"}).enabled is False
    assert settings_from({"SMEUP_ENV": "production", "SMEUP_REGISTRY_URL": ""}).enabled is False
    custom = settings_from(
        {"SMEUP_REGISTRY_URL": " http://proxy/api ", "SMEUP_REGISTRY_TIMEOUT": "2.5"}
    )
    assert (custom.base_url, custom.timeout, custom.cache_days) == ("http://proxy/api", 2.5, 30)


def test_the_company_page_shows_what_the_registry_said_and_when(app, settings, auth):
    from tests.register.conftest import store

    with app.app_context():
        look_up("34051920", settings, NOW)  # a dissolved company
    with app.test_request_context():
        store(ubn="34051920", company_name="海風民宿")
    with app.app_context():
        from smeup.models.register import Company

        company_id = db.session.scalar(db.select(Company.id).filter_by(ubn="34051920"))
    page = auth("officer").get(f"/console/companies/{company_id}").get_data(as_text=True)
    record = page[page.index('id="registry-record"') :].split("</p>", 1)[0]
    assert "2026-11-30 查詢" in record and "解散" in record and "已非營業中" in record
