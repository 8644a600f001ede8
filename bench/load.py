"""Request rate and latency under load, measured with `wrk` (Debian package `wrk`).

GET runs plain wrk; the POST script submits a valid net-zero check, each request with a new
submission key (so every request validates, computes and stores one row). The session cookie
and CSRF token come from one real GET of the form made beforehand (a token lives as long as
its session, so one is enough for the whole run).
"""

from __future__ import annotations

import http.client
import json
import re
import secrets
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .payload import encode, form_data

KEY_MARK = "KEYKEYKEY"
# What Chromium sends: pages are measured compressed, as browsers get them.
BROWSER_ENCODINGS = "Accept-Encoding: gzip, deflate, br, zstd"

_DONE = r"""
local threads = {}
local next_id = 1
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""

_POST = r"""
local counter = 0
local head, tail, prefix, cookie
function init(args)
  cookie = args[1]
  prefix = args[2]
  local body = args[3]
  local at = string.find(body, "KEYKEYKEY", 1, true)
  head = string.sub(body, 1, at - 1)
  tail = string.sub(body, at + 9)
end
function request()
  counter = counter + 1
  local key = prefix .. "t" .. id .. "n" .. counter
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = cookie,
  }, head .. key .. tail)
end
"""


@dataclass(frozen=True)
class LoadResult:
    """What one wrk run measured."""

    requests: int
    seconds: float
    errors: int  # socket errors + non-2xx/3xx answers
    p50_ms: float
    p99_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def wrk_path() -> str:
    """The wrk binary, or a clear message on how to install it."""
    path = shutil.which("wrk")
    if not path:
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    return path


def run_wrk(
    url: str,
    *,
    connections: int = 32,
    seconds: float = 10,
    threads: int = 1,
    script: str = _DONE,
    args: tuple[str, ...] = (),
    headers: tuple[str, ...] = (BROWSER_ENCODINGS,),
) -> LoadResult:
    """Run wrk against `url` and return its counts and latency percentiles."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(script)
        lua = fh.name
    try:
        out = subprocess.run(
            [
                wrk_path(),
                f"-t{threads}",
                f"-c{connections}",
                f"-d{max(1, round(seconds))}s",
                "--timeout",
                "10s",
                *(f"-H{h}" for h in headers),
                "-s",
                lua,
                url,
                "--",
                *args,
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 60,
        ).stdout
    finally:
        Path(lua).unlink(missing_ok=True)
    match = re.search(r"^WRKJSON (.*)$", out, re.M)
    if not match:
        raise RuntimeError(f"wrk printed no summary:\n{out}")
    data = json.loads(match.group(1))
    errors = sum(data[k] for k in ("connect", "read", "write", "status", "timeout"))
    return LoadResult(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        errors=errors,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
    )


def get_load(url: str, **options) -> LoadResult:
    """GET `url` under load."""
    return run_wrk(url, **options)


def fetch_form(url: str) -> tuple[str, str]:
    """GET the form page once: its HTML and the session cookie that goes with its token."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    conn.request("GET", parts.path or "/")
    response = conn.getresponse()
    page = response.read().decode()
    cookies = [
        value.split(";", 1)[0]
        for name, value in response.getheaders()
        if name.lower() == "set-cookie"
    ]
    conn.close()
    if response.status != 200:
        raise RuntimeError(f"GET {url} answered {response.status}")
    return page, "; ".join(cookies)


def post_load(form_url: str, target_url: str | None = None, **options) -> LoadResult:
    """POST valid net-zero checks (from the form at `form_url`) under load, a new submission key
    each time, to `form_url` or to `target_url` (the reference that stores the same body)."""
    page, cookie = fetch_form(form_url)
    data = form_data(page)
    data["submission_key"] = KEY_MARK
    prefix = "bench" + secrets.token_hex(8)
    return run_wrk(
        target_url or form_url,
        script=_DONE + _POST,
        args=(cookie, prefix, encode(data)),
        **options,
    )
