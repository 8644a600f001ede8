"""The e-mail queue (mail.md): a message is a row written in the transaction of its cause.

Core: any room (and the register) writes messages here; the mail room's worker
(`flask mail run`, smeup/mail/) sends them. The worker needs no feature's code: a message is
rendered when it is written.

Writing a message (the training room, for example)::

    from smeup.mail_queue import Attachment, add_due_source, enqueue, unsubscribe_url

    # in the view's write unit, next to the change that causes the mail (no commit here):
    with write_unit():
        registration = register(session, form)
        enqueue(
            f"training.registered:{registration.id}",     # the cause: never two messages for it
            registration.email,
            "training_registered",                        # templates/mail/training_registered.*
            {"name": registration.name, "ticket_url": public_url(...), "when": "12/9 14:00"},
            attachments=[Attachment("session.ics", "text/calendar", ics_bytes)],
        )

    # time-based messages: a function the worker calls on every pass, inside a write unit;
    # it enqueues what is due (keys make a second pass write nothing):
    def reminders(now):                                   # now: naive UTC
        for r in registrations_starting_between(now, now + timedelta(days=1)):
            enqueue(f"training.reminder:{r.id}", r.email, "training_reminder",
                    {...}, kind="reminder")
    add_due_source(reminders)                              # at import time of the room

API:

- ``enqueue(key, to, template, context, *, attachments=(), send_after=None,
  kind="transactional") -> MailMessage | None``: adds the row to the session (the caller
  commits). A key already written (committed or in this transaction) adds nothing and returns
  the existing row; an address that unsubscribed from `kind` gets nothing (None). The templates
  ``mail/<template>.subject.txt``, ``.txt`` and ``.html`` are rendered now with `context`
  (plus ``unsubscribe_url`` for unsubscribable kinds); ``url_for`` and ``public_url`` work in
  them even outside a request (the worker). `context` is stored as JSON (for the 送信紀錄 page):
  keep it to plain values and never put personal figures (emissions, scores) in a mail.
- ``Attachment(filename, mime_type, content: bytes)`` (a .ics: ``"text/calendar"``).
- ``cancel(key, reason) -> bool``: a message still 待寄 becomes 失敗 with "已取消：reason"
  (a cancelled registration's reminder); in the caller's transaction.
- Templates: ``templates/mail/<name>.subject.txt`` (one line), ``<name>.txt`` (ends with
  ``{% include "mail/_footer.txt" %}``) and ``<name>.html`` (``{% extends "mail/_layout.html" %}``,
  block ``body``); both footers show the unsubscribe link when there is one. ``notice`` is a
  generic one: context ``subject``, ``lines`` (paragraphs), optional ``greeting``, ``url``,
  ``url_label``.
- Later messages: ``send_after=`` (naive UTC) holds a message until then (the post-test link
  at the session's end), or a due source writes it when it is due (the reminder the day before:
  it then sees the registrations as they are that day).
- ``add_due_source(fn)``: ``fn(now)`` is called by each worker pass, in its own write unit
  (an error in one source is logged and rolled back; the others and the sending go on).
- ``UNSUBSCRIBABLE``: kinds a person can unsubscribe from (``"reminder"``); such messages carry
  List-Unsubscribe (RFC 8058 one-click). ``add_kind(code, label)`` adds another.
- ``unsubscribe_url(address, kind)``, ``is_unsubscribed(address, kind)``,
  ``unsubscribe(address, kind)``.
- ``STATE_LABELS`` (待寄 / 寄送中 / 已寄 / 失敗), ``smtp_configured()``.
"""

from .queue import (
    STATE_LABELS,
    UNSUBSCRIBABLE,
    Attachment,
    add_due_source,
    add_kind,
    cancel,
    due_sources,
    enqueue,
    kind_label,
    mail_sender,
    smtp_configured,
)
from .unsubscribe import is_unsubscribed, read_unsubscribe_token, unsubscribe, unsubscribe_url

__all__ = [
    "STATE_LABELS",
    "UNSUBSCRIBABLE",
    "Attachment",
    "add_due_source",
    "add_kind",
    "cancel",
    "due_sources",
    "enqueue",
    "is_unsubscribed",
    "kind_label",
    "mail_sender",
    "read_unsubscribe_token",
    "smtp_configured",
    "unsubscribe",
    "unsubscribe_url",
]
