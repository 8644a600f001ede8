"""Fixtures: the local fake registry, and an app that asks it (with a short timeout)."""

import pytest

from tests.fake_registry import FakeRegistry


@pytest.fixture
def registry():
    """A fake registry on a free port of 127.0.0.1 for one test."""
    with FakeRegistry() as server:
        yield server


@pytest.fixture
def registry_app(app, make_app, registry):
    """An app on the test database asking the fake registry; the slow answer is cut at 1 s."""
    return make_app(SMEUP_REGISTRY_URL=registry.url, SMEUP_REGISTRY_TIMEOUT=1.0)
