"""What the two-host tests' browsers do on a host: read a page's CSRF token, sign the bench
officer in, see whether the console opens, start kiosk mode for the event, and seal an offline
entry for the outbox key a kiosk page carried (as js/outbox.js does)."""

import base64
import json
import os
import re
import uuid

from bench import server
from tests.channels.helpers import PIN
from tests.quality.two_hosts import Browser
from tests.quality.two_hosts_database import event_id

OFFICER, PASSWORD = server.OFFICER
_TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|"X-CSRFToken": "([^"]+)"')


def token(page: str) -> str:
    match = _TOKEN.search(page)
    assert match, page[:500]
    return match.group(1) or match.group(2)


def sign_in(browser: Browser, host, password: str = PASSWORD):
    """Open the login page on `host` and sign in there."""
    page = browser.get(host, "/login")
    assert page.status == 200, page.status
    form = {"csrf_token": token(page.text), "username": OFFICER, "password": password}
    return browser.post(host, "/login", form)


def signed_in(browser: Browser, host) -> bool:
    """Whether `host` opens the officers' console for this browser (else: the login page)."""
    page = browser.get(host, "/console/")
    if page.status == 200:
        return True
    assert page.status == 302 and "/login" in page.headers["location"], page.status
    return False


def start_kiosk(host, url: str) -> Browser:
    """Sign the officer in on `host` and start kiosk mode for the event there."""
    tablet = Browser()
    assert sign_in(tablet, host).status == 302
    setup = tablet.get(host, "/kiosk/setup")
    form = {
        "csrf_token": token(setup.text),
        "event_id": str(event_id(url)),
        "pin": PIN,
        "pin_again": PIN,
    }
    started = tablet.post(host, "/kiosk/setup", form)
    assert started.status == 303, started.text[:500]
    return tablet


def outbox_key(page: str) -> str:
    match = re.search(r'data-outbox-key="([^"]+)"', page)
    assert match, "no outbox key on the kiosk page"
    return match.group(1)


def seal_for(public_key_b64: str, answers: dict) -> dict:
    """An outbox entry as js/outbox.js makes it, for the public key a page carried."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from smeup.outbox.delivery import OAEP

    key = str(uuid.uuid4())
    public = serialization.load_der_public_key(base64.b64decode(public_key_b64))
    aes_key, iv = AESGCM.generate_key(256), os.urandom(12)
    data = AESGCM(aes_key).encrypt(iv, json.dumps(answers).encode(), key.encode())
    b64 = lambda raw: base64.b64encode(raw).decode()  # noqa: E731
    wrapped = public.encrypt(aes_key, OAEP)
    return {"key": key, "iv": b64(iv), "wrapped": b64(wrapped), "data": b64(data)}
