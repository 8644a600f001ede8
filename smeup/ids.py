"""Record ids as they arrive in URLs and query strings: whole numbers an id column can hold."""

from werkzeug.routing import IntegerConverter

# The largest id any row can have: primary keys are INTEGER, 32-bit signed on PostgreSQL (SQLite's
# are 64-bit). A larger number cannot name a row, and handed to the database it fails instead of
# finding nothing (PostgreSQL: integer out of range; SQLite past 2**63: overflow).
MAX_ID = 2**31 - 1


def parse_id(raw: str | None) -> int | None:
    """An id from a query string: ASCII digits from 1 to MAX_ID, else None."""
    if not raw or len(raw) > 12 or not (raw.isascii() and raw.isdigit()):
        return None
    value = int(raw)
    return value if 0 < value <= MAX_ID else None


class IdConverter(IntegerConverter):
    """`<int:...>` in ASCII digits, bounded to MAX_ID: a larger number, or one written in other
    digits (`١`, full-width `１`, `१`, which Python's int() would read), is a 404 like any unknown id."""

    regex = r"[0-9]+"

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):  # noqa: A002
        bound = MAX_ID if max is None or max > MAX_ID else max
        super().__init__(map, fixed_digits, min, bound, signed)
