"""Record ids as they arrive in URLs and query strings: whole numbers a BIGINT column can hold."""

from werkzeug.routing import IntegerConverter

# The largest signed 64-bit integer: a larger id cannot name any row, and handed to the database
# it fails (SQLite: integer overflow; psycopg sends it as numeric) instead of finding nothing.
MAX_ID = 2**63 - 1


def parse_id(raw: str | None) -> int | None:
    """An id from a query string: ASCII digits from 1 to MAX_ID, else None."""
    if not raw or len(raw) > 19 or not (raw.isascii() and raw.isdigit()):
        return None
    value = int(raw)
    return value if 0 < value <= MAX_ID else None


class IdConverter(IntegerConverter):
    """`<int:...>` bounded to MAX_ID, so a larger number is a 404 like any unknown id."""

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):  # noqa: A002
        bound = MAX_ID if max is None or max > MAX_ID else max
        super().__init__(map, fixed_digits, min, bound, signed)
