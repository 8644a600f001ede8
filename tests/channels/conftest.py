"""Fixtures for the channel tests."""

from tests.channels.helpers import rate_limits_off  # noqa: F401 - autouse fixture
