"""Content checks for the 合作意向書 upload: a real PDF, judged by its bytes, never its name."""

from __future__ import annotations

import re

MAX_LOI_BYTES = 10 * 1024 * 1024

# Readers accept a header anywhere in the first 1024 bytes (ISO 32000 implementation note),
# and look for the end-of-file marker within the last 1024 bytes.
HEAD_WINDOW = 1024
TAIL_WINDOW = 1024
_HEADER = re.compile(rb"%PDF-\d\.\d")
_EOF = b"%%EOF"


def is_real_pdf(head: bytes) -> bool:
    """True when a ``%PDF-x.y`` header starts within the first 1024 bytes."""
    match = _HEADER.search(head[: HEAD_WINDOW + 8])
    return match is not None and match.start() < HEAD_WINDOW


def looks_like_pdf(data: bytes) -> bool:
    """True when the whole file has a PDF header at the start and ``%%EOF`` near the end."""
    return is_real_pdf(data) and _EOF in data[-TAIL_WINDOW:]
