"""Rate-limit counters in the database, so every worker and host counts together."""

from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class RateLimitCounter(db.Model):
    """One fixed window of one rate limit: how many hits so far, and when the window ends."""

    key: Mapped[str] = mapped_column(db.String(255), primary_key=True)
    hits: Mapped[int] = mapped_column(default=0)
    # Seconds since the epoch (time.time()), as the `limits` storages count.
    expires_at: Mapped[float] = mapped_column(db.Float, index=True)
