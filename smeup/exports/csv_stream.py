"""Streamed CSV export: UTF-8 with BOM, RFC 4180 quoting, CRLF, formula-neutralised text."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from itertools import islice

from smeup.exports.columns import Cell
from smeup.exports.neutralise import neutralise_text

BOM = b"\xef\xbb\xbf"
DELIMITERS = (",", ";", "\t")
FIRST_ROWS = 100  # rows in the first chunk, so the first bytes leave early
BATCH_ROWS = 64  # rows converted and written per csv.writerows call
CHUNK_CHARS = 64 * 1024  # yield once this much text has accumulated

# Strings whose first character sends them to the slow path (blank: see neutralise_text).
_FAST_SKIP = frozenset("=+-@ ")


def format_float(value: float) -> str:
    """Return a float as plain decimal text: no exponent, no trailing ".0"; "" if not finite."""
    text = float.__repr__(value)
    if text.endswith(".0"):
        return "0" if text == "-0.0" else text[:-2]
    if "n" in text:  # inf, nan
        return ""
    if "e" in text:
        text = format(Decimal(text), "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    return text


def format_decimal(value: Decimal) -> str:
    """Return a Decimal as plain decimal text without exponent or trailing zeros."""
    if not value.is_finite():
        return ""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def format_datetime(value: datetime) -> str:
    """Return a tz-aware datetime as ISO 8601 with its offset; refuse a naive one."""
    if value.tzinfo is None:
        raise ValueError(f"naive datetime in export: {value!r}")
    return value.isoformat()


def _yes_no(value: bool) -> str:
    return "是" if value else "否"


_CONVERTERS = {
    str: neutralise_text,
    float: format_float,
    bool: _yes_no,
    Decimal: format_decimal,
    datetime: format_datetime,
    date: date.isoformat,
}


def csv_cell(value: object) -> object:
    """Convert one cell to what csv.writer should write (the general path)."""
    convert = _CONVERTERS.get(type(value))
    if convert is not None:
        return convert(value)
    if value is None or type(value) is int:
        return value
    for kind, convert in _CONVERTERS.items():  # subclasses, e.g. numpy.float64
        if kind is not str and isinstance(value, kind):
            return convert(value)
    if isinstance(value, int):
        return int.__repr__(value)
    return neutralise_text(str(value))


def _convert_row(row: Sequence[Cell]) -> list[object]:
    # Inline fast path for safe text, int, None and plain floats; the rest via a type-keyed
    # converter.
    # Keep this a single comprehension: it is the hot loop.  The string comparisons are a
    # cheap first-character test: letters/CJK (>= "A") and ".", "/", digits, ":", ";", "<"
    # lie outside every trigger; other first characters (and "") take the set test.
    return [
        v
        if (
            (t := type(v)) is str
            and (v >= "A" or "." <= v < "=" or v[:1] not in _FAST_SKIP)
            and v.isprintable()
        )
        or t is int
        or v is None
        # A float csv.writer itself writes as format_float would: repr has no exponent
        # within these bounds, and a fraction means no trailing ".0".
        or (t is float and (1e-4 <= v < 1e16 or -1e16 < v <= -1e-4) and not v.is_integer())
        else int(v)  # a whole float (0.0, -0.0, 120000.0) as its integer text
        if t is float and -1e16 < v < 1e16 and v.is_integer()
        else _CONVERTERS.get(t, csv_cell)(v)
        for v in row
    ]


# What a column holds, for a row converter compiled for it (`compiled_row`): each kind's cell
# ({x}: the value's expression) becomes exactly what `_convert_row` would make of it.
_KIND_EXPRESSIONS = {
    # int or None, or a code the app itself chose from a fixed set (a status, a county, "yes"):
    # csv.writer writes it as it is.
    "int": "{x}",
    "code": "{x}",
    "text": (
        "(v if (v := {x}) is None or (type(v) is str and (v >= 'A' or '.' <= v < '=' or "
        "v[:1] not in _SKIP) and v.isprintable()) else _cell(v))"
    ),
    "float": (
        "(v if (v := {x}) is None or (type(v) is float and (1e-4 <= v < 1e16 or "
        "-1e16 < v <= -1e-4) and not v.is_integer()) else int(v) if type(v) is float and "
        "-1e16 < v < 1e16 and v.is_integer() else _cell(v))"
    ),
    "bool": "(None if (v := {x}) is None else '是' if v else '否')",
    # a tz-aware datetime, as format_datetime writes it (only cells.taipei_time's are "time")
    "time": "(None if (v := {x}) is None else v.isoformat())",
    "any": "_cell({x})",
}


def compiled_row(kinds: Sequence[str], converts: dict[int, Callable] | None = None):
    """A function turning one selected record into CSV values in a single pass, for columns
    whose kinds are known ("int", "float", "text", "bool", "time"; "any" takes the general
    path). `converts[i]` first turns column i's stored value into its cell (a label, a Taipei
    time), whose kind is then kinds[i].

    A million-row export calls it a million times: one generated list display does per cell
    only the test its kind needs, where `_convert_row` tests every cell for every type.
    """
    converts = converts or {}
    parts = []
    for i, kind in enumerate(kinds):
        value = f"_c{i}(r[{i}])" if i in converts else f"r[{i}]"
        parts.append(_KIND_EXPRESSIONS[kind].format(x=value))
    source = "def convert(r):\n    return [" + ", ".join(parts) + "]\n"
    scope = {"_SKIP": _FAST_SKIP, "_cell": csv_cell, **{f"_c{i}": f for i, f in converts.items()}}
    exec(compile(source, "<csv row>", "exec"), scope)  # noqa: S102 - our own expressions only
    return scope["convert"]


def stream_csv(
    header: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    delimiter: str = ",",
    convert: Callable[[Sequence], list] | None = _convert_row,
) -> Iterator[bytes]:
    """Yield the CSV export as UTF-8 byte chunks (BOM first, then ~64 KB chunks).

    `convert` turns each row into what csv.writer writes; None: the rows are that already
    (made by a `compiled_row`).
    """
    if delimiter not in DELIMITERS:
        raise ValueError(f"unsupported CSV delimiter: {delimiter!r}")
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    it = iter(rows) if convert is None else map(convert, rows)
    writer.writerow([neutralise_text(str(h)) for h in header])
    writer.writerows(islice(it, FIRST_ROWS))
    yield BOM + _take(buf)
    while True:
        start = buf.tell()
        writer.writerows(islice(it, BATCH_ROWS))
        end = buf.tell()
        if end == start:
            break
        if end >= CHUNK_CHARS:
            yield _take(buf)
    if buf.tell():
        yield _take(buf)


def _take(buf: io.StringIO) -> bytes:
    """Return the buffered text as UTF-8 and empty the buffer."""
    data = buf.getvalue().encode("utf-8")
    buf.seek(0)
    buf.truncate()
    return data
