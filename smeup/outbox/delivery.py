"""Delivering one outbox entry: decrypt, check the answers with the form's own rules, store once.

An entry is {key, iv, wrapped, data}: the answers as JSON, AES-GCM encrypted under a one-off key
(the submission key is the associated data, so an entry cannot be moved to another key), and
that AES key wrapped with the server's RSA-OAEP (SHA-256) public key.
"""

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from werkzeug.datastructures import MultiDict

from ..database import write_unit
from ..extensions import db
from ..intake import Intake
from ..models import Event
from ..models.outbox import OutboxHold
from ..submission_keys import KeyReused, valid_key
from .forms import form_for_path
from .keys import private_key

OAEP = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
MAX_ENTRY_CHARS = 200_000


@dataclass(frozen=True)
class Outcome:
    """What the server answers the tablet: `ack` names the key it took custody of."""

    status: int
    body: dict = field(default_factory=dict)

    @property
    def acknowledged(self) -> bool:
        """True when the tablet may delete the entry (stored, or held here for staff)."""
        return "ack" in self.body


class Tampered(Exception):
    """The entry does not decrypt (changed, truncated, or made for another key)."""


def decrypt(entry: Mapping) -> dict:
    """The answers inside an entry, or Tampered."""
    try:
        wrapped = base64.b64decode(entry["wrapped"], validate=True)
        iv = base64.b64decode(entry["iv"], validate=True)
        data = base64.b64decode(entry["data"], validate=True)
        aes_key = private_key().decrypt(wrapped, OAEP)
        plain = AESGCM(aes_key).decrypt(iv, data, entry["key"].encode())
        answers = json.loads(plain)
    except (KeyError, TypeError, ValueError, binascii.Error, InvalidTag) as exc:
        raise Tampered(str(exc) or type(exc).__name__) from exc
    if not isinstance(answers, dict) or not isinstance(answers.get("fields"), list):
        raise Tampered("no fields")
    return answers


def server_time(client_ms, sent_ms, now: datetime) -> datetime | None:
    """When a tablet captured answers, on the server's clock: now minus the time the tablet
    counted between capture and send (so its own clock's offset drops out). None: unreadable."""
    try:
        elapsed = timedelta(milliseconds=float(sent_ms) - float(client_ms))
    except (TypeError, ValueError, OverflowError):
        return None
    return now - elapsed if elapsed > timedelta(0) else now


def deliver(
    entry: Mapping, *, sent_ms, now: datetime | None = None, script_root: str = ""
) -> Outcome:
    """Store one entry once; hold what cannot be stored; 409 for a key reused with other answers."""
    now = now or datetime.now(UTC).replace(tzinfo=None)
    key = entry.get("key") if isinstance(entry, Mapping) else None
    if not isinstance(key, str) or not valid_key(key):
        return Outcome(400, {"error": "bad_key"})
    try:
        answers = decrypt(entry)
    except Tampered as exc:
        _hold(key, "tampered", None, json.dumps(dict(entry))[:MAX_ENTRY_CHARS], str(exc))
        return Outcome(422, {"ack": key, "held": "tampered"})
    event_id = _event_id(answers.get("event"))
    path = str(answers.get("path", ""))
    if script_root and path.startswith(script_root):
        path = path[len(script_root) :]
    form = form_for_path(path, _formdata(answers["fields"]))
    if form is None or not form.validate():
        errors = form.errors if form is not None else {"path": ["unknown form"]}
        _hold(key, "invalid", event_id, json.dumps(answers, ensure_ascii=False), str(errors))
        return Outcome(422, {"ack": key, "held": "invalid"})
    intake = Intake(
        "roadshow",
        event_id,
        None,
        captured_at=server_time(answers.get("captured"), sent_ms, now),
        via_outbox=True,
    )
    try:
        form.store(key, intake)
    except KeyReused:
        if not db.session.scalar(db.select(OutboxHold.id).filter_by(submission_key=key)):
            _hold(key, "conflict", event_id, json.dumps(answers, ensure_ascii=False), None)
        return Outcome(409, {"error": "conflict"})
    return Outcome(200, {"ack": key})


def _formdata(fields: list) -> MultiDict:
    pairs = [(str(p[0]), str(p[1])) for p in fields if isinstance(p, list) and len(p) == 2]
    return MultiDict(pairs)


def _event_id(raw) -> int | None:
    if not isinstance(raw, int | str) or not str(raw).isdigit():
        return None
    return db.session.scalar(db.select(Event.id).filter_by(id=int(raw)))


def _hold(key: str, kind: str, event_id: int | None, payload: str, detail: str | None) -> None:
    with write_unit():
        db.session.add(
            OutboxHold(
                submission_key=key, kind=kind, event_id=event_id, payload=payload, detail=detail
            )
        )
