"""Staged import files: a file an officer uploaded but never confirmed is not kept for ever."""

from __future__ import annotations

from datetime import datetime, timedelta

from ..extensions import db
from ..models.base import utcnow
from ..models.digital import ShopImport

# An upload waits this long for its confirmation; an applied one stays as the import's record.
UNCONFIRMED_DAYS = 7


def purge_unconfirmed(now: datetime | None = None) -> int:
    """Delete staged files nobody confirmed within UNCONFIRMED_DAYS; returns how many."""
    cutoff = (now or utcnow()) - timedelta(days=UNCONFIRMED_DAYS)
    stale = db.delete(ShopImport).where(
        ShopImport.applied_at.is_(None), ShopImport.uploaded_at < cutoff
    )
    return db.session.execute(stale).rowcount or 0
