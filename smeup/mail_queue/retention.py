"""Keeping mail no longer than needed: a sent or failed message's content is cleared after
SMEUP_MAIL_KEEP_DAYS (run daily by `flask purge-drafts`).

What a message carried is personal: a name, a ticket link, a hand-off's XLSX of companies and
contacts. Once it is old it goes: the bodies, the context it was rendered from, its attachments,
and the name part of the address (lin@example.com becomes l***@example.com). The row stays, so
its key still keeps the same cause from writing a second message, and 送信紀錄 still says what
was sent to which domain and when. Pending and sending messages are never touched.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app

from ..extensions import db
from ..models.mail import MailAttachment, MailMessage

BATCH = 500
ENDED = ("sent", "failed")


def masked(address: str) -> str:
    """lin@example.com → l***@example.com (what is left of an address after its keeping time)."""
    name, at, domain = address.partition("@")
    return f"{name[:1]}***{at}{domain}" if at else "***"


def purge_old_mail(now: datetime) -> int:
    """Clear the content of every ended message older than the keeping time; returns how many."""
    before = now - timedelta(days=current_app.config["SMEUP_MAIL_KEEP_DAYS"])
    cleared = 0
    while True:
        rows = db.session.execute(
            db.select(MailMessage.id, MailMessage.to_address)
            .where(
                MailMessage.state.in_(ENDED),
                MailMessage.created_at < before,
                MailMessage.purged_at.is_(None),
            )
            .order_by(MailMessage.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return cleared
        ids = [i for i, _a in rows]
        db.session.execute(db.delete(MailAttachment).where(MailAttachment.message_id.in_(ids)))
        db.session.execute(
            db.update(MailMessage),
            [
                {
                    "id": i,
                    "to_address": masked(address),
                    "context": {},
                    "body_text": "",
                    "body_html": "",
                    "purged_at": now,
                }
                for i, address in rows
            ],
        )
        cleared += len(rows)
