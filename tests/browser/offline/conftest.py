"""Fixtures of the offline-outbox browser tests: a kiosk tablet at a roadshow event."""

import pytest

from tests.browser.offline.outbox_steps import EVENT, EVENT_LABEL, wait_until_worker_keeps
from tests.channels.browser_steps import start_kiosk_mode
from tests.channels.helpers import make_event


@pytest.fixture
def event_id(app):
    return make_event(app, name=EVENT, county="苗栗縣", venue="勝興車站")


@pytest.fixture
def kiosk_page(page, live_server, users, event_id):
    """A tablet in kiosk mode whose service worker has kept the net-zero form."""
    start_kiosk_mode(page, live_server, users["agent"], EVENT_LABEL)
    wait_until_worker_keeps(page, "/netzero/")
    wait_until_worker_keeps(page, "/kiosk/")
    return page
