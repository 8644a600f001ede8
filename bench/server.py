"""gunicorn on a free loopback port with a given environment; databases prepared for it.

Used by `python -m bench` and by the load and fault tests (tests/quality/).
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).absolute().parents[1]
BIN = Path(sys.executable).parent
GUNICORN = BIN / "gunicorn"
# Made per run: nothing secret-looking lives in the repository.
BENCH_SECRET = secrets.token_hex(32)
OFFICER = ("bench_officer", secrets.token_urlsafe(12))
# Far above any load a test or benchmark makes: the limiter must not shape the numbers.
NO_LIMIT = "100000000 per minute"


def free_port() -> int:
    """A TCP port nobody listens on right now (loopback)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def app_env(
    database_url: str, *, production: bool = True, extra: dict | None = None
) -> dict[str, str]:
    """The environment a served smeup gets: its database, a secret key, no submit limit."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMEUP_", "DATABASE_URL"))}
    env.update(
        {
            "DATABASE_URL": database_url,
            "SMEUP_ENV": "production" if production else "development",
            "SECRET_KEY": BENCH_SECRET,
            "SMEUP_PUBLIC_SUBMIT_LIMIT": NO_LIMIT,
            # Production needs the public address; the port is free-picked, hosts ignore it.
            "SMEUP_PUBLIC_BASE_URL": "http://127.0.0.1",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    env.update(extra or {})
    return env


def _link(path: str) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return ""


@dataclass
class HeldWorker:
    """A worker kept busy by `Server.hold_worker`; `release()` (or the with block) frees it."""

    pid: int
    sock: socket.socket

    def release(self) -> None:
        self.sock.close()

    def __enter__(self) -> HeldWorker:
        return self

    def __exit__(self, *exc) -> None:
        self.release()


@dataclass
class Server:
    """A running gunicorn master; `url` is its base URL."""

    process: subprocess.Popen
    port: int
    workers: int
    log_path: Path
    _stopped: bool = field(default=False, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def worker_pids(self) -> list[int]:
        """The worker processes' ids (children of the master)."""
        pid = self.process.pid
        try:
            text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
        except OSError:
            return []
        return [int(p) for p in text.split()]

    def wait_workers(self, count: int | None = None, timeout: float = 30) -> list[int]:
        """Wait until `count` workers (default: all) are up; return their ids."""
        count = self.workers if count is None else count
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pids = self.worker_pids()
            if len(pids) >= count:
                return pids
            time.sleep(0.05)
        raise RuntimeError(f"gunicorn has {len(self.worker_pids())} of {count} workers")

    def hold_worker(self, timeout: float = 10) -> HeldWorker:
        """Keep one worker busy with a connection that never sends its request.

        A sync worker reads until the request comes, so while it is held every request goes to
        the other workers. The held worker is found in /proc: the one that owns the socket
        accepted for this connection (Linux).
        """
        sock = socket.create_connection(("127.0.0.1", self.port))
        client_port = sock.getsockname()[1]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid = self._owner_of_connection_from(client_port)
            if pid is not None:
                return HeldWorker(pid, sock)
            time.sleep(0.02)
        sock.close()
        raise RuntimeError("no gunicorn worker accepted the holding connection")

    def _owner_of_connection_from(self, client_port: int) -> int | None:
        """The worker holding the server side of the loopback connection from `client_port`."""
        inodes = set()
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
            fields = line.split()
            local, remote, inode = fields[1], fields[2], fields[9]
            if local.endswith(f":{self.port:04X}") and remote.endswith(f":{client_port:04X}"):
                inodes.add(f"socket:[{inode}]")
        for pid in self.worker_pids():
            try:
                fds = os.listdir(f"/proc/{pid}/fd")
                if any(_link(f"/proc/{pid}/fd/{fd}") in inodes for fd in fds):
                    return pid
            except OSError:
                continue
        return None

    def log(self) -> str:
        """What gunicorn wrote to stderr so far (errors, tracebacks)."""
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        """Stop gunicorn gracefully (SIGTERM), then for good."""
        if self._stopped:
            return
        self._stopped = True
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start(
    app_spec: str,
    env: dict[str, str],
    *,
    workers: int = 2,
    timeout: int = 30,
    ready_path: str = "/healthz",
    extra_args: tuple[str, ...] = (),
) -> Server:
    """Start `gunicorn app_spec` on a free loopback port and wait until it answers."""
    for _attempt in range(3):
        port = free_port()
        log = Path(tempfile.mkstemp(prefix="gunicorn-", suffix=".log")[1])
        process = subprocess.Popen(
            [
                str(GUNICORN),
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                str(timeout),
                "--graceful-timeout",
                "5",
                "--log-level",
                "warning",
                "--chdir",
                str(ROOT),
                *extra_args,
                app_spec,
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=log.open("w"),
        )
        server = Server(process, port, workers, log)
        if _wait_ready(server, ready_path):
            server.wait_workers()
            return server
        server.stop()
        if "Address already in use" not in server.log():
            raise RuntimeError(f"gunicorn {app_spec} did not start:\n{server.log()[-3000:]}")
    raise RuntimeError("no free port for gunicorn")


def _wait_ready(server: Server, path: str, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            return False
        try:
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
            conn.request("GET", path)
            status = conn.getresponse().status
            conn.close()
            if status == 200:
                return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


def reset_peak(pid: int) -> bool:
    """Reset a process's VmHWM to its current RSS (Linux ≥ 4.0), so the next peak is its own."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def vm_kib(pid: int) -> dict[str, int]:
    """VmHWM (peak) and VmRSS (now) of a process, in KiB."""
    text = Path(f"/proc/{pid}/status").read_text()
    return {k: int(v) for k, v in re.findall(r"^(VmHWM|VmRSS):\s+(\d+) kB", text, re.M)}
