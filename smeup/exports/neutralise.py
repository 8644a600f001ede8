"""CSV formula-injection neutralisation (OWASP) and line-break flattening."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from smeup.exports.columns import Cell

# Unicode mandatory breaks (UAX #14 BK/CR/LF/NL): CRLF counts as one break.
_BREAKS = re.compile("\r\n|[\n\r\x0b\x0c\x85\u2028\u2029]")
# A cell starting with one of these is read as a formula (or can become one) by spreadsheets.
_TRIGGERS = frozenset("=+-@\t\r")
_FORMULA = frozenset("=+-@")


def neutralise_text(value: str) -> str:
    """Flatten line breaks to spaces and prefix "'" to a value a spreadsheet could run."""
    first = value[:1]
    if not value.isprintable():  # cheap C test; false for every break and control char
        value = _BREAKS.sub(" ", value)
    # Decide on the original first character (so a leading \r still counts after it became a
    # space) and also on the flattened text past leading blanks, e.g. "\n=1+1" -> " =1+1".
    if first in _TRIGGERS or value.lstrip(" \t")[:1] in _FORMULA:
        return "'" + value
    return value


def flattened(rows: Iterable[list[Cell]]) -> Iterator[list[Cell]]:
    """Rows with line breaks in text turned into spaces (the CSV writer does this itself).

    A spreadsheet shows a multi-line cell without wrapping as a single clipped line, so the
    XLSX gets the same one-line text as the CSV.
    """
    for row in rows:
        yield [_BREAKS.sub(" ", v) if type(v) is str and not v.isprintable() else v for v in row]
