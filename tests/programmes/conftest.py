"""Fixtures for the navigator tests."""

from tests.programmes.navigator_pages import fixed_today  # noqa: F401 - a fixture
