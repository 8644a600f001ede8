"""A stored message as an RFC 5322 message: zh-Hant subject, text and HTML, attachments."""

from __future__ import annotations

import email.policy
from email.message import EmailMessage
from email.utils import format_datetime

from flask import current_app

from ..clock import to_taipei
from ..mail_queue import UNSUBSCRIBABLE, mail_sender, unsubscribe_url
from ..models.base import utcnow
from ..models.mail import MailMessage


def compose(message: MailMessage) -> EmailMessage:
    """The message as sent; Date is the sending time, Message-ID the one made when written."""
    mail = EmailMessage(policy=email.policy.SMTP)
    mail["Subject"] = message.subject  # RFC 2047-encoded by the policy
    mail["From"] = mail_sender()
    mail["To"] = message.to_address
    reply_to = str(current_app.config.get("SMEUP_MAIL_REPLY_TO") or "").strip()
    if reply_to:
        mail["Reply-To"] = reply_to
    mail["Date"] = format_datetime(to_taipei(utcnow()))
    mail["Message-ID"] = message.message_id
    if message.kind in UNSUBSCRIBABLE:
        # RFC 8058: the link answers a POST with List-Unsubscribe=One-Click, no login.
        mail["List-Unsubscribe"] = f"<{unsubscribe_url(message.to_address, message.kind)}>"
        mail["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    mail["Auto-Submitted"] = "auto-generated"
    # base64: CJK text is shorter so, and no server needs 8BITMIME.
    mail.set_content(message.body_text, charset="utf-8", cte="base64")
    mail.add_alternative(message.body_html, subtype="html", charset="utf-8", cte="base64")
    for attachment in message.attachments:
        maintype, _, subtype = attachment.mime_type.partition("/")
        mail.add_attachment(
            attachment.content,
            maintype=maintype,
            subtype=subtype or "octet-stream",
            filename=attachment.filename,
        )
    return mail


def as_bytes(mail: EmailMessage) -> bytes:
    """The message as it goes over SMTP (CRLF line ends)."""
    return mail.as_bytes(policy=email.policy.SMTP)
