"""Rate-limit counters in the database (SQLite and PostgreSQL): one count for every worker."""

import pytest
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

import smeup.ratelimit_store as store_module
from smeup.ratelimit_store import DatabaseStorage


class Clock:
    """time.time() under the test's control."""

    def __init__(self, now: float = 1_800_000_000.0):
        self.now = now

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(store_module, "time", fake)
    return fake


@pytest.fixture
def storages(app, database_url):
    """Two storages on the test database, as two gunicorn workers would each have."""
    made = [storage_from_string("db+" + database_url) for _ in range(2)]
    yield made
    for storage in made:
        storage.engine.dispose()


def test_the_config_counts_in_the_database_unless_redis_is_set(app, database_url):
    assert app.config["RATELIMIT_STORAGE_URI"] == "db+" + database_url
    assert isinstance(storage_from_string(app.config["RATELIMIT_STORAGE_URI"]), DatabaseStorage)


def test_two_workers_share_one_count(storages, clock):
    first, second = (FixedWindowRateLimiter(storage) for storage in storages)
    limit = parse("3/minute")
    assert [first.hit(limit, "1.2.3.4"), second.hit(limit, "1.2.3.4")] == [True, True]
    assert first.hit(limit, "1.2.3.4") is True
    assert second.hit(limit, "1.2.3.4") is False and first.test(limit, "1.2.3.4") is False
    assert second.hit(limit, "5.6.7.8") is True  # another address has its own count
    stats = second.get_window_stats(limit, "1.2.3.4")
    assert stats.remaining == 0 and stats.reset_time == clock.now + 60


def test_a_window_that_ended_starts_counting_again(storages, clock):
    storage = storages[0]
    assert [storage.incr("k", 60) for _ in range(3)] == [1, 2, 3]
    clock.now += 59
    assert storage.get("k") == 3
    clock.now += 1
    assert storage.get("k") == 0 and storage.incr("k", 60) == 1
    assert storage.get_expiry("k") == clock.now + 60


def test_clear_and_reset_forget_counts(storages, clock):
    storage = storages[0]
    storage.incr("a", 60, amount=2)
    storage.incr("b", 60)
    storage.clear("a")
    assert storage.get("a") == 0 and storages[1].get("b") == 1
    assert storage.reset() == 1 and storage.get("b") == 0
    assert storage.check() is True


def test_a_very_long_key_is_stored_by_its_digest(storages, clock):
    key = "LIMITS:" + "x" * 400
    assert storages[0].incr(key, 60) == 1 and storages[1].incr(key, 60) == 2
