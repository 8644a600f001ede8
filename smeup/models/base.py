"""Column helpers shared by the models."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Now in UTC, naive: the database stores UTC and pages convert to Asia/Taipei."""
    return datetime.now(UTC).replace(tzinfo=None)
