"""Two app hosts on one database and one Redis, as README "Deploying on several hosts" says.

Each host is a gunicorn of its own (deploy/gunicorn.conf.py, its own port, its own instance
folder and host name) with the same DATABASE_URL, REDIS_URL, SECRET_KEY and outbox key, behind
a balancer that is trusted for the client address (SMEUP_PROXY_HOPS=1). A `Browser` keeps its
cookies from host to host, as a browser behind a load balancer does, and sends the address the
balancer would add; `SpreadClient` is a load client whose requests alternate between the hosts
and go on at the other host when one stops answering. The mail workers on both hosts are in
two_hosts_mail.py, nginx in front of them in two_hosts_nginx.py.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from bench import server
from bench.clients import Client, Tally

ROOT = Path(__file__).absolute().parents[2]
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"


def outbox_key_pem() -> str:
    """A fresh RSA private key (PEM) for SMEUP_OUTBOX_PRIVATE_KEY, the same on every host."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return pem.decode()


def unique_address() -> str:
    """A client address no earlier run used (IPv6 documentation range): its own counters."""
    return "2001:db8:" + ":".join(uuid.uuid4().hex[i : i + 4] for i in range(0, 24, 4))


@dataclass
class Hosts:
    """The running hosts (bench.server.Server each) and their instance folders."""

    servers: list[server.Server]
    instances: list[Path]

    def __getitem__(self, index: int) -> server.Server:
        return self.servers[index]

    def kill(self, index: int) -> None:
        """The host dies at once: its master and every worker SIGKILLed, nothing cleaned up."""
        host = self.servers[index]
        workers = host.worker_pids()
        host.process.kill()  # first the master, so it starts no new worker
        for pid in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, 9)
        host.process.wait(timeout=30)

    def stop(self) -> None:
        for host in self.servers:
            host.stop()


def host_env(database_url: str, name: str, instance: Path, shared: dict[str, str]) -> dict:
    """One host's environment: the shared settings, its own instance folder and host name."""
    extra = {
        "SMEUP_INSTANCE_PATH": str(instance),
        "SMEUP_HOST_NAME": name,
        "SMEUP_PROXY_HOPS": "1",
        **shared,
    }
    redis = os.environ.get("SMEUP_TEST_REDIS_URL")
    if redis:
        extra["REDIS_URL"] = redis
    return server.app_env(database_url, production=False, extra=extra)


def start_hosts(database_url: str, shared: dict[str, str], *, count: int = 2, workers: int = 2):
    """`count` hosts on one database; stop them with .stop()."""
    started = Hosts([], [])
    try:
        for n in range(count):
            instance = Path(tempfile.mkdtemp(prefix=f"smeup-host{n + 1}-instance-"))
            env = host_env(database_url, f"host-{n + 1}", instance, shared)
            conf = ("--config", str(GUNICORN_CONF))
            started.servers.append(
                server.start("wsgi:app", env, workers=workers, timeout=120, extra_args=conf)
            )
            started.instances.append(instance)
    except BaseException:
        started.stop()
        raise
    return started


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    text: str

    def json(self):
        return json.loads(self.text)


class Browser:
    """One person's browser: its cookies go to whichever host the balancer picks."""

    def __init__(self, address: str | None = None):
        self.address = address or unique_address()
        self.cookies: dict[str, str] = {}

    def copy(self) -> Browser:
        """Another browser holding a copy of this one's cookies (a copied cookie), same address."""
        other = Browser(self.address)
        other.cookies = dict(self.cookies)
        return other

    def request(self, host, method: str, path: str, *, form=None, body=None, headers=None):
        """One request to `host` (a bench Server); cookies kept, redirects not followed."""
        sent = {"X-Forwarded-For": self.address, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if form is not None:
            body = urlencode(form).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", host.port, timeout=120)
        try:
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    self._keep(value)
            got = {k.lower(): v for k, v in response.getheaders() if k.lower() != "set-cookie"}
            return Answer(response.status, got, text)
        finally:
            conn.close()

    def get(self, host, path: str, **kwargs) -> Answer:
        return self.request(host, "GET", path, **kwargs)

    def post(self, host, path: str, form: dict, **kwargs) -> Answer:
        return self.request(host, "POST", path, form=form, **kwargs)

    def _keep(self, header: str) -> None:
        pair, _, attributes = header.partition(";")
        name, _, value = pair.strip().partition("=")
        lowered = attributes.lower().replace(" ", "")
        if "max-age=0" in lowered or "expires=thu,01jan1970" in lowered:
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = value


@dataclass
class HostTally:
    """Which host acknowledged what: (host index, submission key), in order."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    acks: list[tuple[int, str, float]] = field(default_factory=list)
    requests: Counter = field(default_factory=Counter)


class SpreadClient(Client):
    """A load client behind a round-robin balancer: each request goes to the next host, so a
    form is often opened on one host and sent to the other; a retry after a dropped connection
    (a host gone) goes to the other host with the same submission key."""

    def __init__(self, hosts, number: int, tally: Tally, per_host: HostTally, stop):
        super().__init__(hosts[0].url, tally, stop, keep_bodies=False)
        self.ports = [host.port for host in hosts]
        self.turn = number
        self.per_host = per_host

    def send(self, method: str, path: str, body: bytes | None = None):
        index = self.turn % len(self.ports)
        self.turn += 1
        self.port = self.ports[index]
        got = super().send(method, path, body)
        with self.per_host.lock:
            self.per_host.requests[(index, method, got.status)] += 1
            if method == "POST" and got.status == 303:
                self.per_host.acks.append((index, got.body, got.ended))
        return got


class SpreadRun:
    """`clients` people sending forms over all hosts until finish() (bench.clients.run_clients,
    balanced); what each host acknowledged is readable while it runs."""

    def __init__(self, hosts, clients: int):
        self.tally, self.per_host, self.stop = Tally(), HostTally(), threading.Event()
        self.threads = [
            threading.Thread(
                target=SpreadClient(hosts, i, self.tally, self.per_host, self.stop).run,
                args=(i + 1, 0.1, 0.02),
                daemon=True,
            )
            for i in range(clients)
        ]
        for thread in self.threads:
            thread.start()

    def acked_by(self, index: int, after: float = 0.0) -> int:
        """Submissions host `index` acknowledged since `after` (time.monotonic())."""
        with self.per_host.lock:
            return sum(1 for i, _key, ended in self.per_host.acks if i == index and ended > after)

    def finish(self, timeout: float = 240) -> bool:
        """Stop the clients (each ends what it is sending); whether all ended in time."""
        self.stop.set()
        deadline = time.monotonic() + timeout
        for thread in self.threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
        return not any(thread.is_alive() for thread in self.threads)


def wait_until(condition, timeout: float, pause: float = 0.2) -> bool:
    """Poll `condition` until it holds or `timeout` seconds pass; whether it held."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(pause)
    return condition()
