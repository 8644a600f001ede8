"""Pages of a newest-first list read by key (submitted_at, id), never by OFFSET over rows.

"Next" and "previous" carry the last or first row's key, so any page costs what page 1 costs.
A jump to page N (the numbered links) finds that page's first key by skipping pages of keys
in an index, from whichever end is nearer, at most MAX_JUMP_PAGE of them; pages deeper in
the middle are reached with next/previous or a narrower filter (the page says so).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, tuple_

from ..extensions import db
from ..models import Submission
from .counts import Count
from .paging import PER_PAGE, page_number

MAX_JUMP_PAGE = 1_000  # 50,000 keys skipped in an index: a few milliseconds
TIME = Submission.submitted_at
ID = Submission.id


@dataclass(frozen=True)
class Cursor:
    """A row's place in the list: its time and id (ids break ties between equal times)."""

    at: datetime
    id: int

    @property
    def token(self) -> str:
        """The cursor as a query-string value."""
        return f"{self.at:%Y%m%d%H%M%S%f}-{self.id}"

    @classmethod
    def parse(cls, raw: str | None) -> Cursor | None:
        """A cursor from a query string; anything unreadable is None (page 1)."""
        when, _, ident = (raw or "").partition("-")
        if not (when.isascii() and when.isdigit() and ident.isascii() and ident.isdigit()):
            return None
        if len(ident) > 18:
            return None
        try:
            return cls(datetime.strptime(when, "%Y%m%d%H%M%S%f"), int(ident))
        except ValueError:
            return None

    @classmethod
    def of(cls, row: Submission) -> Cursor:
        """The cursor of a listed row."""
        return cls(row.submitted_at, row.id)


@dataclass(frozen=True)
class Position:
    """Which page was asked for: after or before a cursor, the last page, or a page number."""

    number: int = 1
    after: Cursor | None = None
    before: Cursor | None = None
    last: bool = False

    @classmethod
    def from_args(cls, args: Mapping) -> Position:
        """Read page / after / before / last from the query string."""
        return cls(
            number=page_number(args.get("page")),
            after=Cursor.parse(args.get("after")),
            before=Cursor.parse(args.get("before")),
            last=args.get("last") == "1",
        )


@dataclass(frozen=True)
class KeysetPage:
    """One page of rows, how many there are in all, and the keys of its neighbours."""

    items: list
    number: int | None  # None when reached by cursor without a known number
    count: Count
    has_next: bool
    has_previous: bool
    per_page: int = PER_PAGE
    jump_limited: bool = False  # the asked-for page number was too deep to jump to

    @property
    def pages(self) -> int | None:
        """How many pages there are, when the count is exact."""
        return max(1, -(-self.count.value // self.per_page)) if self.count.exact else None

    @property
    def first_row(self) -> int | None:
        """The 1-based position of this page's first row, when known (0 when empty)."""
        if not self.items:
            return 0
        return None if self.number is None else (self.number - 1) * self.per_page + 1

    @property
    def last_row(self) -> int | None:
        """The 1-based position of this page's last row, when known."""
        first = self.first_row
        return None if first is None else first + len(self.items) - (1 if self.items else 0)

    @property
    def next_cursor(self) -> str:
        return Cursor.of(self.items[-1]).token

    @property
    def previous_cursor(self) -> str:
        return Cursor.of(self.items[0]).token

    def nearby(self, spread: int = 2) -> list[int]:
        """Page numbers to link directly: this page's neighbours that a jump can serve."""
        if self.number is None:
            return []
        top = self.pages or self.number + spread
        near = range(max(1, self.number - spread), min(top, self.number + spread) + 1)
        return [n for n in near if jump_reach(n, self.pages) <= MAX_JUMP_PAGE]


def jump_reach(number: int, pages: int | None) -> int:
    """How many pages of keys a jump to `number` skips (from the nearer end when known)."""
    return number - 1 if pages is None else min(number - 1, pages - number)


def _older(keys: Select, cursor: Cursor) -> Select:
    return keys.where(tuple_(TIME, ID) < tuple_(cursor.at, cursor.id))


def _at_or_older(keys: Select, cursor: Cursor) -> Select:
    return keys.where(tuple_(TIME, ID) <= tuple_(cursor.at, cursor.id))


def _newer(keys: Select, cursor: Cursor) -> Select:
    return keys.where(tuple_(TIME, ID) > tuple_(cursor.at, cursor.id))


def _at_or_newer(keys: Select, cursor: Cursor) -> Select:
    return keys.where(tuple_(TIME, ID) >= tuple_(cursor.at, cursor.id))


def _oldest_first(keys: Select) -> Select:
    return keys.order_by(None).order_by(TIME.asc(), ID.asc())


def _ids(keys: Select, limit: int, oldest_first: bool = False) -> list[int]:
    """Up to `limit` ids read from the index alone, newest first (read oldest first if asked)."""
    if oldest_first:
        keys = _oldest_first(keys)
    ids = [row[1] for row in db.session.execute(keys.limit(limit))]
    return ids[::-1] if oldest_first else ids


def _key_at(keys: Select, skip: int, oldest_first: bool = False) -> Cursor | None:
    """The key `skip` rows from the newest (or oldest) end: an index walk over keys only."""
    if oldest_first:
        keys = _oldest_first(keys)
    row = db.session.execute(keys.offset(skip).limit(1)).first()
    return Cursor(row[0], row[1]) if row else None


class _Loader:
    """Loads the page's rows (with the form's table and loader options) once ids are known."""

    def __init__(self, query: Select, options: Sequence):
        self.query, self.options = query, options

    def __call__(self, ids: list[int]) -> list:
        if not ids:
            return []
        query = self.query.where(ID.in_(ids)).options(*self.options)
        return list(db.session.scalars(query).unique())


def fetch_page(
    query: Select, keys: Select, count: Count, position: Position, options: Sequence = ()
) -> KeysetPage:
    """Find the asked-for page on `keys` (time and id of the filtered rows, newest first),
    then load only its rows, by id, from `query` (the rows with their joins, newest first).

    An index serves each filter with the order, so no row is read to find the page.
    """
    per = PER_PAGE
    load = _Loader(query, options)
    if position.after is not None:
        ids = _ids(_older(keys, position.after), per + 1)
        number = position.number if position.number > 1 else None
        return KeysetPage(load(ids[:per]), number, count, len(ids) > per, True)
    if position.before is not None:
        ids = _ids(_newer(keys, position.before), per + 1, oldest_first=True)
        if len(ids) > per:
            number = position.number if position.number > 1 else None
            return KeysetPage(load(ids[-per:]), number, count, True, True)
        position = Position()  # back at the newest rows: that is page 1
    pages = max(1, -(-count.value // per)) if count.exact else None
    if position.last:
        return _last_page(keys, load, count, pages)
    wanted = min(position.number, pages or position.number)
    number = wanted if jump_reach(wanted, pages) <= MAX_JUMP_PAGE else MAX_JUMP_PAGE + 1
    limited = number != wanted
    if number == 1:
        ids = _ids(keys, per + 1)
        return KeysetPage(load(ids[:per]), 1, count, len(ids) > per, False)
    if pages is not None and number > pages / 2:  # nearer the oldest end: skip from there
        total = count.value
        start = _key_at(keys, max(total - number * per, 0), oldest_first=True)
        size = min(number * per, total) - (number - 1) * per
        if start is not None:
            ids = _ids(_at_or_newer(keys, start), size, oldest_first=True)
            return KeysetPage(load(ids), number, count, number < pages, True, jump_limited=limited)
    start = _key_at(keys, (number - 1) * per)
    if start is None:  # fewer rows than the capped count promised: show the last page
        return _last_page(keys, load, count, pages)
    ids = _ids(_at_or_older(keys, start), per + 1)
    return KeysetPage(load(ids[:per]), number, count, len(ids) > per, True, jump_limited=limited)


def _last_page(keys: Select, load: _Loader, count: Count, pages: int | None) -> KeysetPage:
    """The oldest rows: the remainder of the last page when the count is exact, else a page."""
    per = PER_PAGE
    size = count.value - (pages - 1) * per if pages and count.value else per
    ids = _ids(keys, size, oldest_first=True)
    more = count.value > len(ids) if count.exact else len(ids) == per
    return KeysetPage(load(ids), pages, count, False, more)
