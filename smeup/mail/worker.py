"""Sending the queue: claim due rows, hand each to SMTP once, mark it; back off on failure.

Delivery is at most once per message, and nothing is lost:

1. A worker claims due rows (``pending`` and due, or ``sending`` whose lease lapsed) in one
   short transaction: ``state = sending``, its claim token, ``lease_until``. PostgreSQL: rows
   locked ``FOR UPDATE SKIP LOCKED``, so two workers never claim the same row; SQLite: one
   worker (the write lock serialises claims anyway).
2. Per message: MAIL FROM and RCPT TO first (a refusal here is certain: nothing was handed).
   Then ``handed_at`` is committed, only while the claim is still this worker's; then DATA.
   The server's 250 is committed as ``sent`` at once.
3. A crash (or a lapsed lease) before ``handed_at``: the row was certainly not sent; the next
   claim after the lease sends it. A crash after ``handed_at`` and before ``sent`` is the one
   moment nobody can know whether the server took the message: that row is never sent again
   automatically; it becomes 失敗 with the reason, for an officer to check and 重寄. So a
   message is never sent twice, and every message is either sent or shown to an officer.
"""

from __future__ import annotations

import logging
import secrets
import smtplib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import parseaddr

from flask import current_app
from sqlalchemy import and_, or_, update

from ..database import write_unit
from ..extensions import db
from ..mail_queue import (
    UNSUBSCRIBABLE,
    due_sources,
    is_unsubscribed,
    mail_sender,
    smtp_configured,
)
from ..mail_queue.queue import url_context
from ..models.base import utcnow
from ..models.mail import MailMessage
from .compose import as_bytes, compose
from .smtp import Connection, permanent, reason

log = logging.getLogger(__name__)

# After the 1st, 2nd, 3rd and 4th failed try; the 5th failure is final (失敗).
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))
MAX_ATTEMPTS = len(BACKOFF) + 1
IN_DOUBT = (
    "寄送中斷：郵件已交給郵件伺服器，但沒有收到是否收下的回覆。為免重複寄出，系統不會自動重寄；"
    "請確認收件人未收到後再按「重寄」。"
)
NOT_CONFIGURED = "未設定寄信伺服器（SMEUP_SMTP_URL）：信件只印在寄信程式的主控台，沒有寄出。"
UNSUBSCRIBED = "收件人已取消訂閱這類信件，沒有寄出。"


@dataclass
class PassReport:
    """What one pass did."""

    sent: list[int] = field(default_factory=list)
    retried: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    printed: list[int] = field(default_factory=list)


def _config(name: str, default):
    return current_app.config.get(name) or default


def run_due_sources(now: datetime) -> None:
    """Let each registered source enqueue what is due; one source's error stops no other."""
    for source in due_sources():
        try:
            with url_context(), write_unit():
                source(now)
        except Exception:  # noqa: BLE001 - a broken source must not stop the sending
            log.exception("mail due source %r failed", source)


def claim(limit: int, now: datetime) -> tuple[str, list[int], int]:
    """Claim up to `limit` due messages for this worker; settle lapsed claims in doubt.

    Returns the claim token, the claimed ids and how many lapsed claims were settled."""
    token = secrets.token_hex(8)
    lease = timedelta(seconds=int(_config("SMEUP_MAIL_LEASE_SECONDS", 600)))
    due = or_(
        and_(MailMessage.state == "pending", MailMessage.send_after <= now),
        and_(MailMessage.state == "sending", MailMessage.lease_until < now),
    )
    query = (
        db.select(MailMessage)
        .where(due)
        .order_by(MailMessage.send_after, MailMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    claimed, settled = [], 0
    with write_unit():
        for row in db.session.scalars(query):
            if row.state == "sending" and row.handed_at is not None:
                _settle(row, "failed", IN_DOUBT)
                settled += 1
                continue
            row.state, row.claim, row.lease_until = "sending", token, now + lease
            claimed.append(row.id)
    return token, claimed, settled


def _settle(row: MailMessage, state: str, error: str | None = None) -> None:
    row.state, row.last_error = state, error
    row.claim = row.lease_until = row.handed_at = None


def _update(message_id: int, **values) -> int:
    with write_unit():
        result = db.session.execute(
            update(MailMessage).where(MailMessage.id == message_id).values(**values)
        )
    return result.rowcount


def _mark_sent(message_id: int) -> None:
    _update(
        message_id,
        state="sent",
        sent_at=utcnow(),
        last_error=None,
        claim=None,
        lease_until=None,
        handed_at=None,
    )


def _hand(message_id: int, token: str) -> bool:
    """Commit that this message goes to the server now, only while the claim is ours."""
    with write_unit():
        result = db.session.execute(
            update(MailMessage)
            .where(
                MailMessage.id == message_id,
                MailMessage.claim == token,
                MailMessage.state == "sending",
            )
            .values(handed_at=utcnow(), attempts=MailMessage.attempts + 1)
        )
    return result.rowcount == 1


def _retry_later(message_id: int, token: str, reason: str, *, counted: bool, final: bool) -> str:
    """A certain failure: back off (or give up after the last try, or at once when final)."""
    with write_unit():
        row = db.session.get(MailMessage, message_id)
        if row is None or row.claim != token:
            return "lost"
        if not counted:
            row.attempts += 1
        if final or row.attempts >= MAX_ATTEMPTS:
            _settle(row, "failed", reason)
            return "failed"
        _settle(row, "pending", reason)
        row.send_after = utcnow() + BACKOFF[row.attempts - 1]
        return "retried"


def send_batch(token: str, ids: list[int], report: PassReport, echo: Callable[[str], None]) -> None:
    """Send the claimed messages (or print them when no SMTP server is set)."""
    if not smtp_configured():
        for message_id in ids:
            _print(message_id, token, report, echo)
        return
    url = str(current_app.config["SMEUP_SMTP_URL"])
    sender = Connection(url, float(_config("SMEUP_SMTP_TIMEOUT", 30)))
    envelope_from = parseaddr(mail_sender())[1]
    try:
        for position, message_id in enumerate(ids):
            down = _send_one(sender, envelope_from, message_id, token, report, echo)
            if down:
                # The server does not answer: the rest of the batch waits its turn too,
                # without each one waiting out the connection timeout.
                for later in ids[position + 1 :]:
                    _note(
                        _retry_later(later, token, down, counted=False, final=False), later, report
                    )
                return
    finally:
        sender.close()


def _note(outcome: str, message_id: int, report: PassReport) -> None:
    {"retried": report.retried, "failed": report.failed}.get(outcome, []).append(message_id)


def _send_one(sender, envelope_from, message_id, token, report, echo) -> str | None:
    """Send one claimed message; the reason when the server cannot be reached at all."""
    row = db.session.get(MailMessage, message_id)
    if row is None or row.claim != token:
        return None
    if row.kind in UNSUBSCRIBABLE and is_unsubscribed(row.to_address, row.kind):
        _note(
            _retry_later(message_id, token, UNSUBSCRIBED, counted=False, final=True),
            message_id,
            report,
        )
        return None
    with url_context():
        data = as_bytes(compose(row))
    to = row.to_address
    db.session.commit()  # end the read before talking to the server
    try:
        smtp = sender.envelope(envelope_from, to)
    except (smtplib.SMTPException, OSError) as exc:
        answered = isinstance(exc, smtplib.SMTPResponseException | smtplib.SMTPRecipientsRefused)
        if not answered:
            sender.drop()
        outcome = _retry_later(message_id, token, reason(exc), counted=False, final=permanent(exc))
        _note(outcome, message_id, report)
        echo(f"mail #{message_id} → {to}: {reason(exc)}")
        return None if answered else reason(exc)
    if not _hand(message_id, token):
        smtp.rset()
        return None
    try:
        smtp.data(data)
    except smtplib.SMTPResponseException as exc:
        outcome = _retry_later(message_id, token, reason(exc), counted=True, final=permanent(exc))
        _note(outcome, message_id, report)
        echo(f"mail #{message_id} → {to}: {reason(exc)}")
    except (smtplib.SMTPException, OSError) as exc:
        sender.drop()
        _update(
            message_id,
            state="failed",
            last_error=f"{IN_DOUBT}（{type(exc).__name__}）",
            claim=None,
            lease_until=None,
            handed_at=None,
        )
        report.failed.append(message_id)
        echo(f"mail #{message_id} → {to}: in doubt ({type(exc).__name__})")
    else:
        _mark_sent(message_id)
        report.sent.append(message_id)
        echo(f"mail #{message_id} sent → {to}")
    return None


def _print(message_id: int, token: str, report: PassReport, echo) -> None:
    """No SMTP server: show the message on the console, then mark it so it prints once."""
    row = db.session.get(MailMessage, message_id)
    if row is None or row.claim != token:
        return
    attachments = ", ".join(a.filename for a in row.attachments) or "—"
    echo(
        f"──── mail #{row.id} (未設定寄信伺服器，未寄出) ────\n"
        f"To: {row.to_address}\nSubject: {row.subject}\nKey: {row.key}\n"
        f"Attachments: {attachments}\n\n{row.body_text.rstrip()}\n"
    )
    db.session.commit()
    _note(
        _retry_later(message_id, token, NOT_CONFIGURED, counted=True, final=True),
        message_id,
        report,
    )
    report.printed.append(message_id)


def run_pass(echo: Callable[[str], None] = log.info, batch: int | None = None) -> PassReport:
    """One pass: the due sources, then every message due now, a batch at a time."""
    report = PassReport()
    run_due_sources(utcnow())
    size = int(batch or _config("SMEUP_MAIL_BATCH", 20))
    while True:
        token, ids, settled = claim(size, utcnow())
        if not ids and not settled:
            return report
        send_batch(token, ids, report, echo)
