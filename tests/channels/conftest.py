"""Fixtures for the channel tests."""

from datetime import UTC, datetime

import pytest
import time_machine

from tests.channels.helpers import (
    make_event,
    rate_limits_off,  # noqa: F401 - autouse fixture
)

# 09:00 in Taipei: the tablet goes into kiosk mode as the venue opens.
OPENING = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    """Time stands still at the opening; tests move it on with clock.shift()."""
    with time_machine.travel(OPENING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def event_id(app):
    """A roadshow event offering the net-zero check and the course survey."""
    return make_event(app)
