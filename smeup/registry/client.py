"""The HTTP client of the registry: one GET by 統一編號, a hard timeout, nothing else."""

from __future__ import annotations

import http.client
import urllib.request
from urllib.parse import quote

from .answer import MalformedAnswer, RegistryRecord, read_answer, reference

# An answer about one company is a few kB; anything far larger is not what we asked for.
MAX_ANSWER_BYTES = 256 * 1024
USER_AGENT = "smeup/1 (SME Administration intake; company block prefill)"


class RegistryUnavailable(Exception):
    """The registry did not answer in time, answered an error, or answered nonsense."""


def company_url(base_url: str, ubn: str) -> str:
    """The API URL asking for one company (the API wants a literal `$` in its parameters)."""
    dataset = reference()["dataset"]
    condition = quote(f"Business_Accounting_NO eq {ubn}")
    return f"{base_url.rstrip('/')}/{dataset}?$format=json&$filter={condition}&$skip=0&$top=1"


def fetch_company(base_url: str, ubn: str, timeout: float) -> RegistryRecord | None:
    """Ask the registry about `ubn`: its record, or None when it has no such company."""
    if not base_url.startswith(("https://", "http://")):
        raise RegistryUnavailable(f"not an http(s) base URL: {base_url!r}")
    request = urllib.request.Request(  # noqa: S310 - http(s) only, checked above
        company_url(base_url, ubn),
        headers={"Accept": "application/json", "User-Agent": USER_AGENT},
    )
    try:
        # The base URL comes from configuration only, never from a request.
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body = response.read(MAX_ANSWER_BYTES + 1)
    except (OSError, http.client.HTTPException, ValueError) as exc:
        # URLError and HTTPError (500...) are OSErrors, and so are timeouts and refused
        # connections; a connection cut mid-answer is an HTTPException (IncompleteRead);
        # a base URL that is not one is a ValueError (InvalidURL).
        raise RegistryUnavailable(str(exc)) from exc
    if len(body) > MAX_ANSWER_BYTES:
        raise RegistryUnavailable("answer too large")
    try:
        return read_answer(body, ubn)
    except MalformedAnswer as exc:
        raise RegistryUnavailable(f"malformed answer: {exc}") from exc
