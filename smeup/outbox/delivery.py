"""Delivering one outbox entry: decrypt, check the answers with the form's own rules, store once.

An entry is {key, iv, wrapped, data}: the answers as JSON, AES-GCM encrypted under a one-off key
(the submission key is the associated data, so an entry cannot be moved to another key), and
that AES key wrapped with the server's RSA-OAEP (SHA-256) public key.

The public key is on every kiosk page, so an entry proves nothing about who made it: the kiosk
session that delivers it decides the event, and what cannot be stored is held for an officer,
at most MAX_HELD_PER_KIOSK entries per kiosk session (checks.py says what is believed).
"""

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app
from werkzeug.datastructures import MultiDict

from ..database import write_unit
from ..extensions import db
from ..forms.offline_forms import form_for_path
from ..intake import Intake
from ..models import Submission
from ..models.kiosk import KioskSession
from ..models.outbox import OutboxHold
from ..submission_keys import KeyReused, valid_key
from .checks import Problem, capture_time, event_problem, offer_problem, open_problem
from .keys import private_key

OAEP = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
# One entry per post, of at most this many bytes. A real one is under 2 KB; a net-zero check
# with every text field at its longest is about 3 KB. An entry over the bound is refused (413)
# and stays on its tablet, so the bound is ten times that; it also bounds what a held entry
# stores (MAX_HELD_PER_KIOSK of them: at most 3.2 MB per kiosk session).
MAX_BODY_BYTES = 32 * 1024
# Entries one kiosk session may leave held (could not be stored). An honest tablet holds a few
# (a survey closed while it was offline, answers the rules have since refused); past the cap a
# further such entry is refused, not acknowledged: it stays on the tablet, nothing is lost.
MAX_HELD_PER_KIOSK = 100
# The pending count a tablet may report: a busy venue's whole day offline is a few hundred
# entries; above the bound the number only means "go and look", which the bound says too.
MAX_PENDING = 1000
HOLD_FULL = {"error": "hold_full"}


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
    entry: Mapping,
    *,
    kiosk: KioskSession,
    sent_ms,
    now: datetime | None = None,
    script_root: str = "",
) -> Outcome:
    """Store one entry once, for the kiosk's event; hold what cannot be stored (up to the cap);
    409 for a key reused with other answers."""
    now = now or datetime.now(UTC).replace(tzinfo=None)
    key = entry.get("key") if isinstance(entry, Mapping) else None
    if not isinstance(key, str) or not valid_key(key):
        return Outcome(400, {"error": "bad_key"})
    try:
        answers = decrypt(entry)
    except Tampered as exc:
        return _hold(kiosk, key, Problem("tampered", str(exc)), _as_received(entry))
    payload = json.dumps(answers, ensure_ascii=False)
    path = str(answers.get("path", ""))
    if script_root and path.startswith(script_root):
        path = path[len(script_root) :]
    form = form_for_path(path, _formdata(answers["fields"]))
    if form is None:
        return _hold(kiosk, key, Problem("invalid", str({"path": ["unknown form"]})), payload)
    captured = capture_time(answers.get("captured"), sent_ms, now, kiosk)
    if not _stored(key):  # a resent entry whose first answer was lost is acknowledged as before
        problem = (
            event_problem(answers.get("event"), kiosk)
            or offer_problem(form, kiosk.event)
            or open_problem(form, captured.at or now, time_known=captured.at is not None)
        )
        if problem is not None:
            return _hold(kiosk, key, problem, payload)
    if not form.validate():
        return _hold(kiosk, key, Problem("invalid", str(form.errors)), payload)
    intake = Intake("roadshow", kiosk.event_id, None, captured_at=captured.at, via_outbox=True)
    try:
        form.store(key, intake)
    except KeyReused:
        _hold(kiosk, key, Problem("conflict", None), payload)  # for staff; the tablet keeps it
        return Outcome(409, {"error": "conflict"})
    if captured.doubt:
        current_app.logger.warning(
            "outbox entry %s stored with its arrival time: %s (kiosk %s, captured %r, sent %r)",
            key,
            captured.doubt,
            kiosk_ref(kiosk),
            answers.get("captured"),
            sent_ms,
        )
    return Outcome(200, {"ack": key})


def kiosk_ref(kiosk: KioskSession) -> str:
    """A kiosk session's name in held entries: a digest, since its id is the tablet's credential."""
    return hashlib.sha256(kiosk.id.encode()).hexdigest()[:32]


def _formdata(fields: list) -> MultiDict:
    pairs = [(str(p[0]), str(p[1])) for p in fields if isinstance(p, list) and len(p) == 2]
    return MultiDict(pairs)


def _as_received(entry: Mapping) -> str:
    """A tampered entry as it came (its sealed parts only; the body's size bounds them)."""
    return json.dumps({name: entry.get(name) for name in ("key", "iv", "wrapped", "data")})


def _stored(key: str) -> bool:
    return db.session.scalar(db.select(Submission.id).filter_by(submission_key=key)) is not None


def _hold(kiosk: KioskSession, key: str, problem: Problem, payload: str) -> Outcome:
    """Keep an entry for an officer and acknowledge it, unless the kiosk session has used up its
    holds: then refuse it unacknowledged (the tablet keeps it). The same entry held before is
    acknowledged again without a second row."""
    ref = kiosk_ref(kiosk)
    held = Outcome(422, {"ack": key, "held": problem.kind})
    if problem.kind == "conflict":
        held = Outcome(409, {"error": "conflict"})
    with write_unit():
        # One kiosk's holds are counted one at a time (SQLite: the write lock already is).
        db.session.execute(
            db.select(KioskSession.id).filter_by(id=kiosk.id).with_for_update()
        ).all()
        same = db.select(OutboxHold.id).filter_by(submission_key=key, kind=problem.kind)
        if db.session.scalar(same.filter_by(payload=payload).limit(1)) is not None:
            return held
        count = db.select(db.func.count()).select_from(OutboxHold).filter_by(kiosk_ref=ref)
        if db.session.scalar(count) >= MAX_HELD_PER_KIOSK:
            current_app.logger.warning("outbox hold cap reached for kiosk %s: %s refused", ref, key)
            return held if problem.kind == "conflict" else Outcome(429, HOLD_FULL)
        db.session.add(
            OutboxHold(
                submission_key=key,
                kind=problem.kind,
                event_id=kiosk.event_id,
                kiosk_ref=ref,
                payload=payload,
                detail=problem.reason,
            )
        )
    return held
