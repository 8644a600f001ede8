"""Simulated people submitting the net-zero form, many at once (threads over http.client).

Each client opens the form (GET), fills it in and sends it (POST), like a browser without JS.
A dropped connection or a 503 is retried with the same submission key and data, as a person
pressing 送出 again would; some acknowledged forms are deliberately sent again (a double tap)
and must come back with the same result link. Everything is recorded for the tests to check.
"""

from __future__ import annotations

import http.client
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from .payload import form_data

FORM = "/netzero/"
RETRY_PAUSE = 0.3


@dataclass
class Exchange:
    """One request and its answer (status 0: no answer, the connection failed)."""

    method: str
    started: float
    ended: float
    status: int
    body: str = ""
    error: str = ""


@dataclass
class Tally:
    """What all clients saw; shared by the threads (guarded by `lock`)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    acked: dict[str, str] = field(default_factory=dict)  # submission key -> result URL
    statuses: Counter = field(default_factory=Counter)
    exchanges: list[Exchange] = field(default_factory=list)
    resent: int = 0
    resent_mismatch: list[str] = field(default_factory=list)
    changed_refused: int = 0
    changed_problems: list[str] = field(default_factory=list)
    gave_up: list[str] = field(default_factory=list)

    def record(self, exchange: Exchange) -> None:
        with self.lock:
            self.statuses[(exchange.method, exchange.status)] += 1
            self.exchanges.append(exchange)

    def server_errors(self) -> list[Exchange]:
        """Answers of 500 and above (a 503 during a deliberate outage included)."""
        return [e for e in self.exchanges if e.status >= 500]


class Client:
    """One simulated person with their own cookies."""

    def __init__(self, base_url: str, tally: Tally, stop: threading.Event, keep_bodies: bool):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.tally, self.stop, self.keep_bodies = tally, stop, keep_bodies
        self.cookie = ""

    def send(self, method: str, path: str, body: bytes | None = None) -> Exchange:
        """One request on a fresh connection (gunicorn's sync workers close them anyway)."""
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.monotonic()
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read().decode("utf-8", "replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    self.cookie = value.split(";", 1)[0]
            location = response.getheader("Location", "")
            exchange = Exchange(method, started, time.monotonic(), response.status)
            exchange.body = location if response.status == 303 else data
        except (OSError, http.client.HTTPException) as exc:
            exchange = Exchange(method, started, time.monotonic(), 0, error=type(exc).__name__)
        finally:
            conn.close()
        kept = exchange.body if self.keep_bodies or exchange.status >= 500 else ""
        if exchange.status == 303:
            kept = exchange.body  # the result URL
        self.tally.record(
            Exchange(method, started, exchange.ended, exchange.status, kept, exchange.error)
        )
        return exchange

    def open_form(self) -> str | None:
        """GET the form until it answers 200 (or the run stops); its HTML."""
        while not self.stop.is_set():
            got = self.send("GET", FORM)
            if got.status == 200:
                return got.body
            time.sleep(RETRY_PAUSE)
        return None

    def submit(self, data: dict) -> str | None:
        """POST until acknowledged (303), retrying dropped connections and 503s; the result URL."""
        body = urlencode(data).encode()
        for _attempt in range(200):
            got = self.send("POST", FORM, body)
            if got.status == 303:
                return got.body
            if got.status not in (0, 503):
                self.tally.gave_up.append(f"POST answered {got.status}: {got.body[:300]}")
                return None
            time.sleep(RETRY_PAUSE)
        self.tally.gave_up.append("POST never acknowledged after 200 tries")
        return None

    def run(self, number: int, resend_share: float, change_share: float) -> None:
        """Fill and send forms until told to stop."""
        rng = random.Random(number)
        n = number * 100_000
        while not self.stop.is_set():
            page = self.open_form()
            if page is None:
                return
            n += 1
            data = form_data(page, n)
            result = self.submit(data)
            if result is None:
                continue
            with self.tally.lock:
                self.tally.acked[data["submission_key"]] = result
            first = n == number * 100_000 + 1  # every client tries both at least once
            if first or rng.random() < resend_share:
                self.resend(data, result)
            if first or rng.random() < change_share:
                self.send_changed(data)

    def resend(self, data: dict, result: str) -> None:
        """The same form again (a double tap): the same result, no new row."""
        again = self.submit(data)
        with self.tally.lock:
            self.tally.resent += 1
            if again is not None and again != result:
                self.tally.resent_mismatch.append(f"{result} then {again}")

    def send_changed(self, data: dict) -> None:
        """The same key with other content: refused with the KEY_REUSED message."""
        changed = dict(data, electricity_kwh=str(int(data["electricity_kwh"]) + 1))
        got = self.send("POST", FORM, urlencode(changed).encode())
        with self.tally.lock:
            if got.status == 422 and "這份表單已經送出過" in got.body:
                self.tally.changed_refused += 1
            elif got.status not in (0, 503):
                self.tally.changed_problems.append(f"{got.status}: {got.body[:200]}")


def run_clients(
    base_url: str,
    *,
    clients: int,
    seconds: float,
    stop: threading.Event | None = None,
    resend_share: float = 0.1,
    change_share: float = 0.02,
    keep_bodies: bool = False,
) -> Tally:
    """Run `clients` people for `seconds` (or until `stop` is set); wait for all to finish."""
    tally = Tally()
    stop = stop or threading.Event()
    threads = [
        threading.Thread(
            target=Client(base_url, tally, stop, keep_bodies).run,
            args=(i + 1, resend_share, change_share),
            daemon=True,
        )
        for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    stop.wait(seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=180)
    return tally
