"""Small HTTP/1.1 helpers over http.client: a cookie-keeping session, form posts, officer login."""

from __future__ import annotations

import http.client
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from .payload import csrf_token


@dataclass
class Answer:
    """One HTTP answer."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


@dataclass
class Session:
    """Requests to one server that keep its cookies (by name; paths and flags ignored)."""

    base_url: str
    timeout: float = 30
    cookies: dict[str, str] = field(default_factory=dict)

    def _connection(self) -> http.client.HTTPConnection:
        parts = urlsplit(self.base_url)
        return http.client.HTTPConnection(parts.hostname, parts.port, timeout=self.timeout)

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> Answer:
        """Send one request on a new connection and read the whole answer."""
        all_headers = dict(headers or {})
        if self.cookies:
            all_headers["Cookie"] = self.cookie_header()
        conn = self._connection()
        try:
            conn.request(method, path, body=body, headers=all_headers)
            response = conn.getresponse()
            data = response.read()
            self.keep_cookies(response.getheaders())
            return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, data)
        finally:
            conn.close()

    def keep_cookies(self, headers: list[tuple[str, str]]) -> None:
        """Remember the cookies a response sets (an expired one is forgotten)."""
        for name, value in headers:
            if name.lower() != "set-cookie":
                continue
            pair = value.split(";", 1)[0]
            key, _, val = pair.partition("=")
            if "expires=thu, 01 jan 1970" in value.lower() or val == "":
                self.cookies.pop(key.strip(), None)
            else:
                self.cookies[key.strip()] = val.strip()

    def get(self, path: str, headers: dict | None = None) -> Answer:
        return self.request("GET", path, headers=headers)

    def post(self, path: str, data: dict, headers: dict | None = None) -> Answer:
        """POST a form (urlencoded UTF-8)."""
        all_headers = {"Content-Type": "application/x-www-form-urlencoded"}
        all_headers.update(headers or {})
        return self.request("POST", path, urlencode(data).encode(), all_headers)

    def login(self, username: str, password: str) -> None:
        """Sign in through the login form; raise when it does not redirect."""
        page = self.get("/login").text
        answer = self.post(
            "/login",
            {"csrf_token": csrf_token(page), "username": username, "password": password},
        )
        if answer.status not in (302, 303):
            raise RuntimeError(f"login failed: {answer.status}")


@dataclass(frozen=True)
class Download:
    """A streamed download: size, time to the first body byte, total time, row ends seen."""

    status: int
    bytes: int
    first_byte_s: float
    total_s: float
    crlf: int
    content_type: str
    head: bytes


def download(session: Session, path: str, timeout: float = 1800) -> Download:
    """GET `path` reading the body as it streams in (nothing kept but counts)."""
    conn = http.client.HTTPConnection(
        urlsplit(session.base_url).hostname, urlsplit(session.base_url).port, timeout=timeout
    )
    start = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": session.cookie_header()})
    response = conn.getresponse()
    first = None
    size = crlf = 0
    head = b""
    tail = b""
    while True:
        chunk = response.read1(1 << 20)
        if not chunk:
            break
        if first is None:
            first = time.perf_counter() - start
            head = chunk[:4096]
        size += len(chunk)
        joined = tail + chunk
        crlf += joined.count(b"\r\n") - tail.count(b"\r\n")
        tail = chunk[-1:]
    total = time.perf_counter() - start
    conn.close()
    return Download(
        response.status,
        size,
        first if first is not None else total,
        total,
        crlf,
        response.getheader("Content-Type", ""),
        head,
    )
