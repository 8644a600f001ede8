"""When the kiosk outbox sends (offline.md): on 立即送出, on the network's return, on load and
on its back-off timer; never on a visitor's taps, and never later than a retry already planned."""

import pytest

from tests.browser.conftest import pause_page_clock
from tests.browser.offline.outbox_steps import (
    fill_and_send_offline,
    outbox,
    submission_count,
    wait_delivered,
    wait_for,
    wait_saved,
)
from tests.channels.helpers import rate_limits_off  # noqa: F401

pytestmark = pytest.mark.browser

# Resolves once no send is running: a send holds this lock until it has ended.
SENDER_IDLE = "() => navigator.locks.request('smeup-outbox-sender', () => true)"


def hang_the_probe_on_the_start_screen(page, live_server):
    """Back online, the start screen's send-on-load hangs on its probe (a half-joined Wi-Fi).

    The page's clock is paused from here. Returns the held probes and the handler to unroute.
    """
    hanging = []

    def hang(route):  # answered by nobody: the probe hangs
        hanging.append(route)

    page.context.route("**/healthz", hang)
    page.context.unroute("**/*")
    page.context.set_offline(False)
    page.clock.install()
    page.goto(live_server + "/kiosk/")
    pause_page_clock(page)
    wait_for(page, lambda: hanging, "the probe to hang")
    return hanging, hang


def fail_the_hanging_probe(page, hanging, hang) -> None:
    """The held probes fail; later probes get through."""
    for route in hanging:
        route.abort("connectionreset")
    page.context.unroute("**/healthz", hang)


def test_a_visitors_taps_do_not_send_the_queue(kiosk_page, app):
    """Only 立即送出, the network's return, the page's load and the back-off timer send."""
    page = kiosk_page
    fill_and_send_offline(page)
    wait_saved(page)
    probes = []

    def refuse(route):
        probes.append(route.request.url)
        route.abort("internetdisconnected")

    page.context.route("**/healthz", refuse)
    page.get_by_label("企業名稱").click()  # the next visitor starts
    page.get_by_role("group", name="是否已訂定減碳目標").get_by_label("否").click()
    page.evaluate(SENDER_IDLE)
    assert probes == []
    assert len(outbox(page)) == 1


def test_back_online_just_before_a_send_fails_sends_a_second_later(kiosk_page, app, live_server):
    """The failing send's back-off (30 s) must not push back the retry `online` planned."""
    page = kiosk_page
    fill_and_send_offline(page)
    wait_saved(page)
    hanging, hang = hang_the_probe_on_the_start_screen(page, live_server)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")  # a send planned in 1 s
    fail_the_hanging_probe(page, hanging, hang)  # ...and the hanging send fails first
    page.evaluate(SENDER_IDLE)
    page.wait_for_timeout(500)  # the failure plans its back-off (no timing asserted)
    page.clock.run_for(1500)  # the page's clock: past the second, far short of 30 s
    wait_delivered(page, app, "the planned send")


def test_back_online_while_a_send_hangs_sends_again_as_soon_as_it_fails(
    kiosk_page, app, live_server
):
    """`online` while a probe hangs (a half-joined Wi-Fi) must not wait out the 30 s back-off."""
    page = kiosk_page
    fill_and_send_offline(page)
    wait_saved(page)
    hanging, hang = hang_the_probe_on_the_start_screen(page, live_server)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    page.clock.run_for(1500)  # past the online settle: the sender is still busy
    page.wait_for_timeout(500)  # that attempt finds the sender busy (no timing asserted)
    fail_the_hanging_probe(page, hanging, hang)
    # Within 25 s of the page's own clock: less than the back-off the failure would start.
    for _ in range(50):
        page.clock.run_for(500)
        page.wait_for_timeout(1000)
        if submission_count(app) == 1 and not outbox(page):
            break
    assert submission_count(app) == 1 and not outbox(page)
