"""The HTTP client of the registry: one GET by 統一編號 within a total deadline, nothing else.

The deadline (SMEUP_REGISTRY_TIMEOUT) covers the whole exchange: name lookup, connection, TLS,
request, status line, headers and body. Every read waits at most for the time left, so a
registry that drips one byte a second holds a request no longer than the deadline. Calls are
capped per process (a few at once): when the cap is reached the next call is unavailable at
once instead of waiting, so a slow registry never takes all the workers' threads. No redirect
is followed (a 3xx is unavailable), only http(s) is spoken, and at most MAX_ANSWER_BYTES read.
"""

from __future__ import annotations

import functools
import http.client
import io
import ipaddress
import socket
import ssl
import threading
import time
from urllib.parse import SplitResult, quote, urlsplit

from .answer import MalformedAnswer, RegistryRecord, read_answer, reference

# An answer about one company is a few kB; anything far larger is not what we asked for.
MAX_ANSWER_BYTES = 256 * 1024
USER_AGENT = "smeup/1 (SME Administration intake; company block prefill)"
# Registry calls one process makes at once (SMEUP_REGISTRY_CONCURRENCY). A gunicorn worker runs
# 4 threads (README): two of them stay free for everything else whatever the registry does.
DEFAULT_CONCURRENCY = 2
_CHUNK_BYTES = 16 * 1024
_DEFAULT_PORTS = {"http": 80, "https": 443}


class RegistryUnavailable(Exception):
    """The registry did not answer in time, answered an error, or answered nonsense."""


def company_url(base_url: str, ubn: str) -> str:
    """The API URL asking for one company (the API wants a literal `$` in its parameters)."""
    dataset = reference()["dataset"]
    condition = quote(f"Business_Accounting_NO eq {ubn}")
    return f"{base_url.rstrip('/')}/{dataset}?$format=json&$filter={condition}&$skip=0&$top=1"


def fetch_company(
    base_url: str, ubn: str, timeout: float, *, concurrency: int = DEFAULT_CONCURRENCY
) -> RegistryRecord | None:
    """Ask the registry about `ubn`: its record, or None when it has no such company.

    RegistryUnavailable when it cannot be asked now (too many calls at once), does not answer
    within `timeout` seconds in all, answers anything but 200, or answers what cannot be used.
    """
    deadline = time.monotonic() + float(timeout)
    url = urlsplit(company_url(base_url, ubn))
    if url.scheme not in _DEFAULT_PORTS or not url.hostname:
        raise RegistryUnavailable(f"not an http(s) base URL: {base_url!r}")
    slots = _slots(max(1, int(concurrency)))
    if not slots.acquire(blocking=False):
        raise RegistryUnavailable("too many registry calls at once")
    try:
        # The base URL comes from configuration only, never from a request.
        body = _get(url, deadline)
    except (OSError, http.client.HTTPException, ValueError) as exc:
        # Timeouts, refused connections and TLS errors are OSErrors; a connection cut
        # mid-answer is an HTTPException (IncompleteRead); a bad port is a ValueError.
        raise RegistryUnavailable(str(exc) or type(exc).__name__) from exc
    finally:
        slots.release()
    try:
        return read_answer(body, ubn)
    except MalformedAnswer as exc:
        raise RegistryUnavailable(f"malformed answer: {exc}") from exc


_slots_lock = threading.Lock()
_slots_by_size: dict[int, threading.BoundedSemaphore] = {}


def _slots(size: int) -> threading.BoundedSemaphore:
    """The process-wide semaphore of registry calls (one per configured cap)."""
    with _slots_lock:
        return _slots_by_size.setdefault(size, threading.BoundedSemaphore(size))


def _left(deadline: float) -> float:
    """Seconds left before the deadline; TimeoutError once it has passed."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("the registry did not answer within the deadline")
    return left


def _get(url: SplitResult, deadline: float) -> bytes:
    """GET `url` (no redirect followed): the body of a 200 answer, at most MAX_ANSWER_BYTES."""
    port = url.port or _DEFAULT_PORTS[url.scheme]
    sock = _connect(url.hostname, port, deadline)
    try:
        if url.scheme == "https":
            sock = _tls_context().wrap_socket(
                sock, server_hostname=url.hostname, do_handshake_on_connect=False
            )
            sock.settimeout(_left(deadline))
            sock.do_handshake()  # the timeout bounds the whole handshake
        conn = http.client.HTTPConnection(url.hostname, port)
        conn.sock = _DeadlineSocket(sock, deadline)  # connected: http.client only talks
        host = f"[{url.hostname}]" if ":" in url.hostname else url.hostname
        if port != _DEFAULT_PORTS[url.scheme]:
            host = f"{host}:{port}"
        conn.request(
            "GET",
            url.path + (f"?{url.query}" if url.query else ""),
            headers={
                "Host": host,
                "Accept": "application/json",
                "User-Agent": USER_AGENT,
                "Connection": "close",
            },
        )
        response = conn.getresponse()
        if response.status != 200:  # a 3xx included: redirects are not followed
            raise RegistryUnavailable(f"HTTP {response.status} {response.reason}")
        body = bytearray()
        while chunk := response.read(_CHUNK_BYTES):
            body += chunk
            if len(body) > MAX_ANSWER_BYTES:
                raise RegistryUnavailable("answer too large")
            _left(deadline)
        return bytes(body)
    finally:
        sock.close()


def _connect(host: str, port: int, deadline: float) -> socket.socket:
    """A TCP connection to host:port, name lookup and connect within the deadline."""
    error: OSError = OSError(f"no address for {host}")
    for family, kind, proto, _name, address in _resolve(host, port, deadline):
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(_left(deadline))
            sock.connect(address)
        except OSError as exc:
            sock.close()
            error = exc
            continue
        return sock
    raise error


def _resolve(host: str, port: int, deadline: float) -> list:
    """getaddrinfo within the deadline (the resolver has no timeout of its own to give)."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)
    found: dict = {}

    def resolve() -> None:
        try:
            found["addresses"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            found["error"] = exc

    # A daemon thread: if the resolver hangs past the deadline, the request does not wait.
    lookup = threading.Thread(target=resolve, name="registry-dns", daemon=True)
    lookup.start()
    lookup.join(_left(deadline))
    if "error" in found:
        raise found["error"]
    if "addresses" not in found:
        raise TimeoutError(f"no address for {host} within the deadline")
    return found["addresses"]


@functools.cache
def _tls_context() -> ssl.SSLContext:
    return ssl.create_default_context()


class _DeadlineSocket:
    """The socket http.client talks through: every send and read waits at most the time left."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self._sock = sock
        self._deadline = deadline

    def sendall(self, data) -> None:
        self._sock.settimeout(_left(self._deadline))
        self._sock.sendall(data)

    def recv_into(self, buffer) -> int:
        self._sock.settimeout(_left(self._deadline))
        return self._sock.recv_into(buffer)

    def makefile(self, mode: str = "rb", *args, **kwargs) -> io.BufferedReader:
        return io.BufferedReader(_DeadlineReader(self))

    def close(self) -> None:
        """Nothing: http.client "closes" the connection as soon as it has the headers of an
        answer that ends the connection, before the body is read; _get closes the socket."""


class _DeadlineReader(io.RawIOBase):
    """The raw stream under the response: reads through _DeadlineSocket.recv_into."""

    def __init__(self, sock: _DeadlineSocket) -> None:
        self._sock = sock

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        return self._sock.recv_into(buffer)
