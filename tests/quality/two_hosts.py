"""Two app hosts on one database and one Redis, as README "Deploying on several hosts" says.

Each host is a gunicorn of its own (deploy/gunicorn.conf.py, its own port, its own instance
folder and host name) with the same DATABASE_URL, REDIS_URL, SECRET_KEY and outbox key, behind
a balancer that is trusted for the client address (SMEUP_PROXY_HOPS=1). A `Browser` keeps its
cookies from host to host, as a browser behind a load balancer does, and sends the address the
balancer would add; `SpreadClient` is a load client whose requests alternate between the hosts
and go on at the other host when one stops answering; `Nginx` runs deploy/nginx-smeup.conf in
front of them when the machine has nginx. `MailServer` is a real SMTP server (aiosmtpd) and
`start_mail_workers` runs `flask --app smeup mail run` once per host, with that host's
environment.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import email
import email.policy
import http.client
import ipaddress
import json
import os
import re
import shutil
import signal
import ssl
import subprocess
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from aiosmtpd.controller import Controller
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from bench import database, server
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


def enqueue_messages(url: str, keys: list[str]) -> None:
    """Write one committed message per key, as a room does (smeup.mail_queue.enqueue, the
    generic notice template): the subject is the key, the address `person<n>@example.com`."""
    from smeup import create_app
    from smeup.extensions import db
    from smeup.mail_queue import enqueue

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database.sqlalchemy_url(url),
            "SECRET_KEY": server.BENCH_SECRET,
            "SMEUP_ENV": "development",
            "RATELIMIT_ENABLED": False,
            "INSTANCE_PATH": tempfile.mkdtemp(prefix="smeup-mail-writer-instance-"),
        }
    )
    with app.app_context():
        for n, key in enumerate(keys):
            context = {"subject": key, "lines": ["兩台主機的寄信程式同時在寄。"]}
            assert enqueue(key, f"person{n}@example.com", "notice", context) is not None
        db.session.commit()
        db.engine.dispose()


@dataclass
class Received:
    """One message the SMTP server took: the connection it came on, and the message."""

    peer: tuple
    message: email.message.EmailMessage


class MailServer:
    """A real SMTP server (aiosmtpd) on a free loopback port, keeping what it receives.

    Each connection's MAIL FROM is answered only once `connections` connections have said
    MAIL FROM (or after `gate_seconds`): a worker keeps one connection per batch, so two
    connections waiting at once are two workers in the middle of a batch at the same time,
    whichever of them started first. Nothing is timed; nothing is handed over before it."""

    def __init__(self, connections: int = 2, gate_seconds: float = 300):
        self.connections, self.gate_seconds = connections, gate_seconds
        self.lock = threading.Lock()
        self.senders: set[tuple] = set()
        self.received: list[Received] = []
        self.port = server.free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def gate_open(self) -> bool:
        with self.lock:
            return len(self.senders) >= self.connections

    async def handle_MAIL(self, server, session, envelope, address, mail_options):  # noqa: N802
        with self.lock:
            self.senders.add(session.peer)
        deadline = time.monotonic() + self.gate_seconds
        while not self.gate_open() and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.received.append(Received(session.peer, message))
        return "250 2.0.0 OK"

    def messages(self) -> list[Received]:
        with self.lock:
            return list(self.received)

    def __enter__(self) -> MailServer:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()


_SENT = re.compile(r"^mail #(\d+) sent → ", re.M)


@dataclass
class MailWorker:
    """`flask --app smeup mail run` on one host; what it printed goes to `log_path`."""

    name: str
    process: subprocess.Popen
    log_path: Path

    def running(self) -> bool:
        return self.process.poll() is None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def sent_ids(self) -> list[int]:
        """The messages this worker says it sent (its "mail #<id> sent → <to>" lines)."""
        return [int(n) for n in _SENT.findall(self.log())]

    def stop(self) -> None:
        """Stopped as a service manager stops it (SIGTERM), then for good."""
        if self.running():
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)


def start_mail_workers(database_url: str, shared: dict[str, str], *, count: int = 2):
    """`flask --app smeup mail run` (looping) once per host: each with the host's environment
    (the shared settings, its own instance folder and host name); stop each with .stop()."""
    workers: list[MailWorker] = []
    try:
        for n in range(count):
            name = f"host-{n + 1}"
            instance = Path(tempfile.mkdtemp(prefix=f"smeup-{name}-mail-instance-"))
            # Unbuffered: every line is in the log when the worker is stopped with SIGTERM.
            env = host_env(database_url, name, instance, {**shared, "PYTHONUNBUFFERED": "1"})
            log = Path(tempfile.mkstemp(prefix=f"smeup-{name}-mail-", suffix=".log")[1])
            with log.open("w") as out:
                process = subprocess.Popen(
                    [str(server.BIN / "flask"), "--app", "smeup", "mail", "run"]
                    + ["--interval", "0.5"],
                    env=env,
                    cwd=ROOT,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            workers.append(MailWorker(name, process, log))
    except BaseException:
        for worker in workers:
            worker.stop()
        raise
    return workers


NGINX_MAIN = """\
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    include {folder}/site.conf;
}}
"""


class Nginx:
    """deploy/nginx-smeup.conf, run by the machine's nginx in front of `hosts`: only its ports,
    certificate (self-signed for 127.0.0.1), upstream servers and static folder are changed."""

    def __init__(self, hosts):
        self.binary = shutil.which("nginx") or "/usr/sbin/nginx"
        self.folder = Path(tempfile.mkdtemp(prefix="smeup-nginx-"))
        self.folder.chmod(0o755)
        self.https_port, self.http_port = server.free_port(), server.free_port()
        self.certificate = self._certificate()
        site = (ROOT / "deploy" / "nginx-smeup.conf").read_text()
        upstreams = "".join(
            f"    server 127.0.0.1:{h.port} max_fails=1 fail_timeout=10s;\n" for h in hosts
        )
        replaced = {
            "    server 127.0.0.1:8001 max_fails=1 fail_timeout=10s;\n": upstreams,
            "    server 127.0.0.1:8002 max_fails=1 fail_timeout=10s;\n": "",
            "listen 80;": f"listen 127.0.0.1:{self.http_port};",
            "listen [::]:80;": "",
            "listen 443 ssl http2;": f"listen 127.0.0.1:{self.https_port} ssl http2;",
            "listen [::]:443 ssl http2;": "",
            "/etc/letsencrypt/live/smeup.example.tw/fullchain.pem": str(self.certificate),
            "/etc/letsencrypt/live/smeup.example.tw/privkey.pem": str(self.folder / "tls.key"),
            "/srv/smeup/app/smeup/static/": str(ROOT / "smeup" / "static") + "/",
        }
        for old, new in replaced.items():
            assert old in site, f"deploy/nginx-smeup.conf no longer has {old!r}"
            site = site.replace(old, new)
        (self.folder / "site.conf").write_text(site)
        (self.folder / "nginx.conf").write_text(NGINX_MAIN.format(folder=self.folder))
        command = [self.binary, "-p", str(self.folder), "-c", str(self.folder / "nginx.conf")]
        subprocess.run(command, check=True, capture_output=True, timeout=60)
        self._stop = [*command, "-s", "quit"]

    def _certificate(self) -> Path:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
        now = datetime.datetime.now(datetime.UTC)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(hours=1))
            .not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(
                x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False,
            )
            .sign(key, hashes.SHA256())
        )
        (self.folder / "tls.key").write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        path = self.folder / "tls.crt"
        path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
        return path

    def request(self, method, path, *, body=None, headers=None, source="127.0.0.1"):
        """One HTTPS request through nginx from loopback address `source`: (status, headers, text)."""
        context = ssl.create_default_context(cafile=str(self.certificate))
        conn = http.client.HTTPSConnection(
            "127.0.0.1",
            self.https_port,
            timeout=120,
            context=context,
            source_address=(source, 0),
        )
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            return response.status, {k.lower(): v for k, v in response.getheaders()}, text
        finally:
            conn.close()

    def declared_body(self, path: str, size: int) -> int:
        """POST headers announcing a body of `size` bytes, and none sent: nginx's answer."""
        context = ssl.create_default_context(cafile=str(self.certificate))
        conn = http.client.HTTPSConnection(
            "127.0.0.1", self.https_port, timeout=120, context=context
        )
        try:
            conn.putrequest("POST", path)
            conn.putheader("Content-Type", "application/octet-stream")
            conn.putheader("Content-Length", str(size))
            conn.endheaders()
            return conn.getresponse().status
        finally:
            conn.close()

    def stop(self) -> None:
        subprocess.run(self._stop, capture_output=True, timeout=60)
