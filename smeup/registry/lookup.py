"""Asking the registry through the 30-day cache: a fresh stored answer, else the API."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError

from ..company.ubn import is_valid_ubn
from ..database import write_unit
from ..extensions import db
from ..models.base import utcnow
from ..models.registry import RegistryAnswer
from .answer import RegistryRecord
from .client import DEFAULT_CONCURRENCY, RegistryUnavailable, fetch_company

GCIS_BASE_URL = "https://data.gcis.nat.gov.tw/od/data/api"


@dataclass(frozen=True)
class RegistrySettings:
    """Where the registry is (empty: the feature is off), how long to wait, how long to keep.

    `timeout` is the deadline of the whole exchange; `concurrency` how many calls one process
    makes at once (past it, a look-up is unavailable at once: an older answer or a quiet note).
    """

    base_url: str
    timeout: float
    cache_days: int
    concurrency: int = DEFAULT_CONCURRENCY

    @property
    def enabled(self) -> bool:
        """True when a base URL is configured."""
        return bool(self.base_url)


def settings_from(config) -> RegistrySettings:
    """The registry settings of an app config (SMEUP_REGISTRY_URL, _TIMEOUT, _CACHE_DAYS,
    _CONCURRENCY)."""
    base_url = config.get("SMEUP_REGISTRY_URL")
    if base_url is None:
        # Not configured: the real registry in production only; a development or test machine
        # asks no outside server unless told to (SMEUP_REGISTRY_URL).
        base_url = GCIS_BASE_URL if config.get("SMEUP_ENV") == "production" else ""
    return RegistrySettings(
        base_url=str(base_url).strip(),
        timeout=float(config.get("SMEUP_REGISTRY_TIMEOUT", 3)),
        cache_days=int(config.get("SMEUP_REGISTRY_CACHE_DAYS", 30)),
        concurrency=int(config.get("SMEUP_REGISTRY_CONCURRENCY", DEFAULT_CONCURRENCY)),
    )


@dataclass(frozen=True)
class Lookup:
    """The outcome: off, invalid (no 統一編號 to ask), found, not_found or unavailable."""

    state: str
    ubn: str
    answer: RegistryAnswer | None = None

    @property
    def found(self) -> bool:
        """True when the registry knows the company."""
        return self.state == "found"


def look_up(ubn: str, settings: RegistrySettings, now: datetime | None = None) -> Lookup:
    """What the registry says about a valid `ubn`: from the cache when fresh, else asked now."""
    if not settings.enabled:
        return Lookup("off", ubn)
    if not is_valid_ubn(ubn):
        return Lookup("invalid", ubn)
    now = now or utcnow()
    stored = db.session.get(RegistryAnswer, ubn)
    if stored is not None and now - stored.fetched_at < timedelta(days=settings.cache_days):
        return _outcome(stored)
    db.session.commit()  # no read transaction stays open while the registry is asked
    try:
        record = fetch_company(
            settings.base_url, ubn, settings.timeout, concurrency=settings.concurrency
        )
    except RegistryUnavailable:
        # A slow or broken registry never blocks anyone: an old answer is better than none.
        return _outcome(stored) if stored is not None else Lookup("unavailable", ubn)
    return _outcome(_keep(ubn, record, now))


def cached_answer(ubn: str) -> RegistryAnswer | None:
    """The stored answer for `ubn`, however old (the company register reads it)."""
    return db.session.get(RegistryAnswer, ubn)


def _outcome(answer: RegistryAnswer) -> Lookup:
    return Lookup("found" if answer.found else "not_found", answer.ubn, answer)


def _keep(ubn: str, record: RegistryRecord | None, now: datetime) -> RegistryAnswer:
    """Store the answer (found or not) under `ubn`, replacing an older one."""
    values = _columns(record) | {"fetched_at": now}
    for attempt in range(2):
        try:
            with write_unit():
                answer = db.session.get(RegistryAnswer, ubn)
                if answer is None:
                    answer = RegistryAnswer(ubn=ubn)
                    db.session.add(answer)
                for name, value in values.items():
                    setattr(answer, name, value)
            return answer
        except IntegrityError:
            # Another request stored the same number first: update that row instead.
            if attempt:
                raise
    raise AssertionError("unreachable")


_RECORD_COLUMNS = tuple(f.name for f in fields(RegistryRecord) if f.name != "ubn")


def _columns(record: RegistryRecord | None) -> dict:
    if record is None:
        return dict.fromkeys(_RECORD_COLUMNS) | {"found": False, "dissolved": False}
    return {name: getattr(record, name) for name in _RECORD_COLUMNS} | {"found": True}
