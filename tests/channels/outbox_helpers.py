"""Sealing outbox entries in Python exactly as js/outbox.js does in the browser (WebCrypto)."""

import base64
import json
import os
import uuid

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from smeup.outbox.delivery import OAEP
from smeup.outbox.keys import public_key_spki
from tests.helpers import form_fields


def seal(app, answers: dict, key: str | None = None) -> dict:
    """An outbox entry: `answers` AES-GCM encrypted, the AES key wrapped with RSA-OAEP."""
    key = key or str(uuid.uuid4())
    with app.app_context():
        public = serialization.load_der_public_key(base64.b64decode(public_key_spki()))
    aes_key, iv = AESGCM.generate_key(256), os.urandom(12)
    data = AESGCM(aes_key).encrypt(iv, json.dumps(answers).encode(), key.encode())
    b64 = lambda raw: base64.b64encode(raw).decode()  # noqa: E731
    return {
        "key": key,
        "iv": b64(iv),
        "wrapped": b64(public.encrypt(aes_key, OAEP)),
        "data": b64(data),
    }


def netzero_entry_answers(form: dict, *, captured: int, event_id: int | None) -> dict:
    """What the tablet encrypts for a net-zero check: the form's fields, when, which event."""
    return {
        "path": "/netzero/",
        "fields": [[name, value] for name, value in form.items()],
        "captured": captured,
        "event": event_id,
    }


def outbox_token(client) -> tuple[str, int]:
    """A fresh CSRF token and the server's clock (ms), as the tablet asks before sending."""
    reply = client.get("/kiosk/outbox/token")
    assert reply.status_code == 200, reply.status_code
    return reply.json["csrf"], reply.json["now"]


def send_entry(client, entry: dict, *, sent_at: int, pending: int = 1, token: str | None = None):
    """POST one entry as the tablet's sender does."""
    token = token or outbox_token(client)[0]
    body = {"entry": entry, "sent_at": sent_at, "pending": pending}
    return client.post("/kiosk/outbox", json=body, headers={"X-CSRFToken": token})


def course_entry_answers(survey_id: int, *, captured: int, event_id: int | None) -> dict:
    """What the tablet encrypts for the demo course survey: a company, a place, five ranks."""
    fields = {
        "company_name": "鹿港老街文創有限公司",
        "ubn": "",
        "contact_name": "施先生",
        "contact_phone": "04-777-2345",
        "consent": "y",
        "location": "扇形車庫",
    }
    ranks = ["brand", "channels", "copy", "social", "events"]
    fields.update({f"rank_{i}": code for i, code in enumerate(ranks, start=1)})
    return {
        "path": f"/surveys/{survey_id}",
        "fields": [[k, v] for k, v in fields.items()],
        "captured": captured,
        "event": event_id,
    }


def now_ms() -> int:
    """The (possibly travelled) clock in milliseconds, as a tablet's Date.now() reads it."""
    import time

    return int(time.time() * 1000)


def editor_fields(client, url: str) -> dict:
    """The survey editor form on `url` as a browser would send it (check boxes as ticked)."""
    return form_fields(client.get(url).get_data(as_text=True))
