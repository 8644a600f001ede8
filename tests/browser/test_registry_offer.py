"""The registry offer in a real browser at tablet size: type, see, accept; a dead registry waits on nothing."""

import threading

import pytest
from werkzeug.serving import make_server

from tests import fake_registry as fake
from tests.browser.conftest import sign_in
from tests.channels.browser_steps import fill_netzero_as_visitor
from tests.fake_registry import FakeRegistry
from tests.helpers import PASSWORD

pytestmark = pytest.mark.browser

FILL_ALL = "帶入企業名稱、所在縣市、實收資本額"


@pytest.fixture
def registry():
    with FakeRegistry() as server:
        yield server


@pytest.fixture
def serve(app, make_app):
    """serve(**config): an app with that config over real HTTP; returns its base URL."""
    servers = []

    def start(**config):
        server = make_server("127.0.0.1", 0, make_app(**config), threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}"

    yield start
    for server in servers:
        server.shutdown()


def type_ubn(page, ubn: str) -> None:
    field = page.locator("#ubn")
    field.fill("")
    field.press_sequentially(ubn)


def test_type_see_the_offer_and_accept_it_on_the_netzero_form(
    page, serve, registry, check_page, screenshot
):
    base = serve(SMEUP_REGISTRY_URL=registry.url)
    page.goto(base + "/netzero/")
    page.get_by_label("企業名稱").fill("綠能五金")
    page.get_by_label("員工人數").fill("35")
    type_ubn(page, "04541302")
    offer = page.locator("#registry-offer")
    offer.get_by_text("綠能五金股份有限公司").wait_for()
    assert "臺中市，實收資本額 8,500,000 元" in offer.inner_text()
    assert page.get_by_label("企業名稱").input_value() == "綠能五金"  # nothing filled yet
    check_page(page, label="netzero form with the registry offer")
    screenshot(page, "registry-offer-netzero", full_page=False)

    offer.get_by_role("button", name=FILL_ALL).click()
    offer.get_by_text("已帶入「綠能五金股份有限公司」的登記資料").wait_for()
    assert page.get_by_label("企業名稱").input_value() == "綠能五金股份有限公司"
    assert page.get_by_label("所在縣市").input_value() == "臺中市"
    assert page.get_by_label("實收資本額").input_value() == "8500000"
    assert page.get_by_label("員工人數").input_value() == "35"
    check_page(page, label="netzero form filled from the registry")
    screenshot(page, "registry-filled-netzero", full_page=False)

    type_ubn(page, "34051920")
    offer.get_by_text("這家公司已解散").wait_for()
    check_page(page, label="netzero form with a dissolved company")
    screenshot(page, "registry-dissolved-netzero", full_page=False)

    type_ubn(page, fake.NOT_FOUND)
    offer.get_by_text("查不到登記資料").wait_for()


def test_type_see_and_accept_on_the_phone_entry(
    page, serve, registry, users, check_page, screenshot
):
    base = serve(SMEUP_REGISTRY_URL=registry.url)
    sign_in(page, base, users["agent"], PASSWORD)
    page.goto(base + "/phone/netzero")
    page.get_by_label("查詢企業（統一編號或名稱）").press_sequentially("04541302")
    page.locator("#lookup-registry").get_by_text("以登記資料開始淨零健檢").wait_for()
    check_page(page, label="phone lookup with the registry's answer")
    screenshot(page, "registry-phone-lookup", full_page=False)

    type_ubn(page, "04541302")
    offer = page.locator("#registry-offer")
    offer.get_by_role("button", name=FILL_ALL).click()
    offer.get_by_text("已帶入").wait_for()
    assert page.get_by_label("企業名稱").input_value() == "綠能五金股份有限公司"
    assert page.get_by_label("所在縣市").input_value() == "臺中市"
    check_page(page, label="phone entry filled from the registry")
    screenshot(page, "registry-filled-phone", full_page=False)


def test_with_the_registry_hanging_the_form_works_at_once(page, serve, registry):
    # The registry holds every request to this number far past the test; the form goes on.
    base = serve(SMEUP_REGISTRY_URL=registry.url, SMEUP_REGISTRY_TIMEOUT=60)
    page.goto(base + "/netzero/")
    fill_netzero_as_visitor(page)
    type_ubn(page, "1234567")
    page.locator("#ubn").press("Tab")
    page.locator("#field-ubn .field-error").wait_for()  # the inline check answered by itself
    with page.expect_request(lambda r: "/registry/offer" in r.url and fake.SLOW in r.url):
        type_ubn(page, fake.SLOW)  # the offer asks the registry, which never answers
    page.locator("#ubn").press("Tab")
    page.locator("#field-ubn:not(.has-error)").wait_for()
    # The answer for the number typed before is not offered while the new one is asked about.
    assert not page.get_by_role("button", name=FILL_ALL).is_visible()
    page.get_by_role("button", name="送出並查看結果").click()
    page.wait_for_url("**/netzero/r/*")
    assert not registry.release.is_set()  # the registry was still holding the request
