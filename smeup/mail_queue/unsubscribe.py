"""Unsubscribing from a kind of message (RFC 8058 one-click), by a signed link, no login."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..links import public_url
from ..models.mail import MailUnsubscribe

SALT = "smeup-mail-unsubscribe"


def _serializer() -> URLSafeSerializer:
    # No expiry: a reminder read months later still unsubscribes.
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _normal(address: str) -> str:
    return address.strip().lower()


def unsubscribe_url(address: str, kind: str) -> str:
    """The absolute link that unsubscribes `address` from `kind` (GET asks, POST does it)."""
    token = _serializer().dumps([_normal(address), kind])
    return public_url("mail.unsubscribe", token=token)


def read_unsubscribe_token(token: str) -> tuple[str, str] | None:
    """(address, kind) from a link's token, or None when it is not one of ours."""
    try:
        address, kind = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(address, str) or not isinstance(kind, str):
        return None
    return address, kind


def is_unsubscribed(address: str, kind: str) -> bool:
    """Whether `address` asked for no more messages of `kind`."""
    query = db.select(MailUnsubscribe.id).filter_by(address=_normal(address), kind=kind)
    return db.session.scalar(query) is not None


def unsubscribe(address: str, kind: str) -> None:
    """Record the wish (in the caller's transaction); asking twice is the same as once."""
    if is_unsubscribed(address, kind):
        return
    try:
        with db.session.begin_nested():
            db.session.add(MailUnsubscribe(address=_normal(address)[:254], kind=kind[:32]))
    except IntegrityError:
        pass  # the same link pressed twice at once
