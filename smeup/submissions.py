"""Storing a submission exactly once per form render (the submission key)."""

import hashlib
import json
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from .database import write_unit
from .extensions import db
from .models import Submission
from .register.linking import link_on_store

KEY_REUSED = "這份表單已經送出過，且內容不同。若要再送一份新的，請重新開啟表單後填寫。"


class KeyReused(Exception):
    """The same submission key came back with different content."""


@dataclass(frozen=True)
class Stored:
    """The stored submission, whether this call created it, and its result link's token
    (kept here: reading it from the committed, expired row would cost one more query)."""

    submission: Submission
    created: bool
    result_token: str


def new_key() -> str:
    """A fresh submission key for a form being rendered."""
    return secrets.token_urlsafe(24)


def valid_key(key: str | None) -> bool:
    """A key looks like one we made (the form is refused otherwise)."""
    return bool(key) and 20 <= len(key) <= 64 and all(c.isalnum() or c in "-_" for c in key)


def fingerprint(data: Mapping) -> str:
    """A stable digest of the cleaned data, to tell a retry from a different submission."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _existing(key: str, digest: str) -> Submission | None:
    found = db.session.scalar(db.select(Submission).filter_by(submission_key=key))
    if found is not None and found.content_hash != digest:
        raise KeyReused(KEY_REUSED)
    return found


def store_once(key: str, data: Mapping, build: Callable[[], Submission]) -> Stored:
    """Store what `build` makes under `key`, unless that key is already stored.

    A double tap or a retry sends the same key and data: the first row is returned. The same
    key with other data raises KeyReused. `build` adds any child rows to the session itself.
    The row is inserted first and the key looked up only when the unique key refuses it:
    a retry is rare, so the common case costs no extra query.
    """
    digest = fingerprint(data)
    token = secrets.token_urlsafe(32)
    try:
        with write_unit():
            submission = build()
            submission.submission_key = key
            submission.content_hash = digest
            submission.result_token = token
            db.session.add(submission)
            link_on_store(submission)  # the register's company, in the same transaction
    except IntegrityError:
        # The key is stored already: by an earlier send of this form, or by a twin that raced.
        found = _existing(key, digest)
        if found is None:
            raise
        return Stored(found, False, found.result_token)
    return Stored(submission, True, token)
