"""Storing a submission once per submission key, linked to its company in the register."""

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from .database import write_unit
from .extensions import db
from .models import Submission
from .register.linking import link_on_store
from .submission_keys import KEY_REUSED, KeyReused, fingerprint


@dataclass(frozen=True)
class Stored:
    """The stored submission, whether this call created it, and its result link's token
    (kept here: reading it from the committed, expired row would cost one more query)."""

    submission: Submission
    created: bool
    result_token: str


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
