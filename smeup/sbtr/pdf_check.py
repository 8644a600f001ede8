"""Content checks for the 合作意向書 upload: a real PDF, judged by its bytes, never its name.

A header and an end marker prove nothing (quality.md, files people upload): the file is read
with pypdf and refused when

- it does not open with ``%PDF-x.y`` at byte 0 (readers accept junk before the header, which is
  how a file is an HTML page and a PDF at once), or pypdf cannot read it, whatever the error;
- it is encrypted (nothing in it can be checked);
- anything in it runs or carries other files: JavaScript (/JS, a /JavaScript action or name
  tree, in /OpenAction, /AA or anywhere else), /Launch actions, embedded files (/EmbeddedFiles,
  /EmbeddedFile, /FileAttachment annotations) and XFA forms (they hold scripts).

Every object is looked at, those no reference reaches included, by the names pypdf decodes
(``/J#53`` is ``/JS``), inside object streams too. The work is bounded, and past a bound the
file is refused: the file is at most 10 MB; it may list at most MAX_OBJECTS objects; pypdf
inflates at most MAX_INFLATED_BYTES per stream; and the reading stops after MAX_SECONDS (a
file of hundreds of thousands of tiny objects would otherwise hold a worker for many seconds).
"""

from __future__ import annotations

import io
import re
import time
from enum import Enum

from pypdf import PdfReader, apply_configuration
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

MAX_LOI_BYTES = 10 * 1024 * 1024

# The end-of-file marker is looked for within the last 1024 bytes (as readers do).
TAIL_WINDOW = 1024
_HEADER = re.compile(rb"%PDF-\d\.\d")
_EOF = b"%%EOF"

# Names that make a document do something, or carry something, when opened.
ACTIVE_NAMES = frozenset(
    {
        "/JS",
        "/JavaScript",
        "/Launch",
        "/EmbeddedFiles",
        "/EmbeddedFile",
        "/FileAttachment",
        "/XFA",
    }
)
# A scanned or exported letter has tens to hundreds of objects; a file with more is refused.
MAX_OBJECTS = 20_000
# Streams pypdf must inflate to find objects (object and cross-reference streams).
MAX_INFLATED_BYTES = 4 * MAX_LOI_BYTES
# A real letter is read in well under a second.
MAX_SECONDS = 5.0


class PdfProblem(Enum):
    """Why a file is not accepted as the 合作意向書."""

    NOT_PDF = "not_pdf"  # not a PDF, a polyglot, or one pypdf cannot read
    ENCRYPTED = "encrypted"
    ACTIVE = "active"  # JavaScript, launch actions or embedded files


class _TooBig(Exception):
    """More objects than MAX_OBJECTS, or more time than MAX_SECONDS."""


class _Deadline:
    """A point in time past which the check gives up."""

    def __init__(self, seconds: float):
        self.until = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.until:
            raise _TooBig


class _TimedFile(io.BytesIO):
    """The file as pypdf reads it: every read and seek first looks at the deadline."""

    def __init__(self, data: bytes, deadline: _Deadline):
        super().__init__(data)
        self.deadline = deadline

    def read(self, size: int | None = -1) -> bytes:
        self.deadline.check()
        return super().read(size)

    def seek(self, offset: int, whence: int = 0) -> int:
        self.deadline.check()
        return super().seek(offset, whence)


def is_real_pdf(head: bytes) -> bool:
    """True when the file opens with a ``%PDF-x.y`` header (at byte 0, nothing before it)."""
    return _HEADER.match(head) is not None


def looks_like_pdf(data: bytes) -> bool:
    """True when the file opens with a PDF header and has ``%%EOF`` near the end (cheap look)."""
    return is_real_pdf(data) and _EOF in data[-TAIL_WINDOW:]


def pdf_problem(data: bytes) -> PdfProblem | None:
    """None when `data` is a PDF the app accepts; else why not. Never raises."""
    if not looks_like_pdf(data):
        return PdfProblem.NOT_PDF
    try:
        with apply_configuration(
            maximum_declared_stream_length=MAX_LOI_BYTES,
            zlib_maximum_output_length=MAX_INFLATED_BYTES,
            lzw_maximum_output_length=MAX_INFLATED_BYTES,
            run_length_maximum_output_length=MAX_INFLATED_BYTES,
            stream_decoding_work_maximum_length=MAX_INFLATED_BYTES,
        ):
            deadline = _Deadline(MAX_SECONDS)
            reader = PdfReader(
                _TimedFile(data, deadline), strict=False, xref_stream_maximum_entries=MAX_OBJECTS
            )
            if reader.is_encrypted:
                return PdfProblem.ENCRYPTED
            if len(reader.pages) < 1:
                return PdfProblem.NOT_PDF
            return PdfProblem.ACTIVE if _has_active_content(reader, deadline) else None
    except Exception:  # noqa: BLE001 - any failure to read the file refuses the file, never the request
        return PdfProblem.NOT_PDF


def _has_active_content(reader: PdfReader, deadline: _Deadline) -> bool:
    """True when any object of the file (reachable or not) names an ACTIVE_NAMES thing."""
    listed = sum(len(numbers) for numbers in reader.xref.values()) + len(reader.xref_objStm)
    if listed > MAX_OBJECTS:
        raise _TooBig
    pending: list = [reader.trailer]
    for generation, numbers in reader.xref.items():
        pending.extend(IndirectObject(number, generation, reader) for number in numbers)
    pending.extend(IndirectObject(number, 0, reader) for number in reader.xref_objStm)
    seen: set[tuple[int, int]] = set()
    while pending:
        deadline.check()
        node = pending.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > MAX_OBJECTS:  # references to objects the tables do not list
                raise _TooBig
            node = node.get_object()
        if isinstance(node, NameObject):
            if node in ACTIVE_NAMES:
                return True
        elif isinstance(node, DictionaryObject):  # stream dictionaries too; their data is not read
            for name, value in dict.items(node):
                if name in ACTIVE_NAMES:
                    return True
                pending.append(value)
        elif isinstance(node, ArrayObject):
            pending.extend(list.__iter__(node))
    return False
