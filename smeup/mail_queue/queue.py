"""Writing a message: render it now, add its row to the caller's transaction, once per key."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.utils import make_msgid, parseaddr
from urllib.parse import urlsplit

from flask import current_app, has_request_context, render_template
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models.base import utcnow
from ..models.mail import MailAttachment, MailMessage

log = logging.getLogger(__name__)

STATE_LABELS = {"pending": "待寄", "sending": "寄送中", "sent": "已寄", "failed": "失敗"}
# Kinds a person may unsubscribe from (their messages carry List-Unsubscribe), with the
# words the unsubscribe page uses. Every other kind ("transactional") is always sent.
UNSUBSCRIBABLE = {"reminder": "課程提醒信"}
DEFAULT_KIND = "transactional"
SENDER_NAME = "推升級 中小企業服務"

_due_sources: list[Callable[[datetime], None]] = []


@dataclass(frozen=True)
class Attachment:
    """A file to send with a message."""

    filename: str
    mime_type: str
    content: bytes


def add_kind(code: str, label: str) -> None:
    """Make `code` an unsubscribable kind, described to the person as `label`."""
    UNSUBSCRIBABLE[code] = label


def kind_label(code: str) -> str:
    """What the unsubscribe page calls a kind."""
    return UNSUBSCRIBABLE.get(code, "通知信")


def add_due_source(fn: Callable[[datetime], None]) -> Callable[[datetime], None]:
    """Register fn(now): each worker pass calls it to enqueue time-based messages."""
    if fn not in _due_sources:
        _due_sources.append(fn)
    return fn


def due_sources() -> list[Callable[[datetime], None]]:
    """The registered due sources, in registration order."""
    return list(_due_sources)


def smtp_configured() -> bool:
    """Whether SMEUP_SMTP_URL names a server (unset: messages are recorded, never sent)."""
    return bool(str(current_app.config.get("SMEUP_SMTP_URL") or "").strip())


def mail_sender() -> str:
    """The From address: SMEUP_MAIL_FROM, else noreply@ the public host."""
    configured = str(current_app.config.get("SMEUP_MAIL_FROM") or "").strip()
    if configured:
        return configured
    host = urlsplit(current_app.config["SMEUP_PUBLIC_BASE_URL"]).hostname or "localhost"
    if host.replace(".", "").isdigit():
        host = "localhost"
    return str(Address(SENDER_NAME, "noreply", host))


@contextmanager
def url_context():
    """url_for works in templates outside a request (the worker), on the public address."""
    if has_request_context():
        yield
        return
    with current_app.test_request_context(base_url=current_app.config["SMEUP_PUBLIC_BASE_URL"]):
        yield


def _render(template: str, context: dict) -> tuple[str, str, str]:
    subject = render_template(f"mail/{template}.subject.txt", **context)
    text = render_template(f"mail/{template}.txt", **context)
    html = render_template(f"mail/{template}.html", **context)
    return " ".join(subject.split())[:300], text, html


def _stored(context: dict) -> dict:
    """The context as JSON keeps it (dates as text)."""
    return json.loads(json.dumps(context, default=str, ensure_ascii=False))


def _existing(key: str) -> MailMessage | None:
    return db.session.scalar(db.select(MailMessage).where(MailMessage.key == key))


def enqueue(
    key: str,
    to: str,
    template: str,
    context: dict,
    *,
    attachments: Iterable[Attachment] = (),
    send_after: datetime | None = None,
    kind: str = DEFAULT_KIND,
) -> MailMessage | None:
    """Add a message to the caller's transaction, rendered now; once per key (see the package)."""
    from .unsubscribe import is_unsubscribed, unsubscribe_url

    found = _existing(key)
    if found is not None:
        return found
    address = to.strip()
    if kind in UNSUBSCRIBABLE and is_unsubscribed(address, kind):
        return None
    with url_context():
        extra = (
            {"unsubscribe_url": unsubscribe_url(address, kind)} if kind in UNSUBSCRIBABLE else {}
        )
        subject, text, html = _render(template, {**context, **extra})
    domain = parseaddr(mail_sender())[1].rpartition("@")[2] or "localhost"
    message = MailMessage(
        key=key,
        to_address=address,
        template=template,
        context=_stored(context),
        subject=subject,
        body_text=text,
        body_html=html,
        kind=kind,
        message_id=make_msgid(domain=domain),
        state="pending",
        send_after=send_after or utcnow(),
        attempts=0,
        attachments=[
            MailAttachment(filename=a.filename, mime_type=a.mime_type, content=a.content)
            for a in attachments
        ],
    )
    try:
        # A savepoint: a worker or request that wrote the same key a moment ago makes this
        # one fail alone, not the caller's whole transaction.
        with db.session.begin_nested():
            db.session.add(message)
    except IntegrityError:
        log.info("mail %s already written", key)
        return _existing(key)
    return message


def cancel(key: str, reason: str) -> bool:
    """Withdraw a message not sent yet (a cancelled registration's reminder), in the caller's
    transaction: it becomes 失敗 with `reason`. False when there is none, or it is under way."""
    message = db.session.scalar(
        db.select(MailMessage).where(MailMessage.key == key).with_for_update()
    )
    if message is None or message.state != "pending":
        return False
    message.state, message.last_error = "failed", f"已取消：{reason}"[:1000]
    return True
