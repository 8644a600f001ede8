"""Pagination of a select: 50 rows a page, with the numbers the pager shows."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func

from ..extensions import db

PER_PAGE = 50


@dataclass(frozen=True)
class Page:
    """One page of results and where it sits among all of them."""

    items: list
    number: int
    total: int
    per_page: int = PER_PAGE

    @property
    def pages(self) -> int:
        """How many pages there are (at least one)."""
        return max(1, -(-self.total // self.per_page))

    @property
    def first_row(self) -> int:
        """The 1-based position of this page's first row (0 when empty)."""
        return (self.number - 1) * self.per_page + 1 if self.items else 0

    @property
    def last_row(self) -> int:
        """The 1-based position of this page's last row."""
        return (self.number - 1) * self.per_page + len(self.items)

    def nearby(self, spread: int = 2) -> list[int]:
        """Page numbers to link: the first, the last, and those near this one."""
        near = range(max(1, self.number - spread), min(self.pages, self.number + spread) + 1)
        return sorted({1, self.pages, *near})


def page_number(raw: str | None) -> int:
    """The requested page number; anything unreadable means page 1."""
    return int(raw) if raw and raw.isascii() and raw.isdigit() and 0 < int(raw) < 10**6 else 1


def paginate(query: Select, number: int, per_page: int = PER_PAGE, *, rows: bool = False) -> Page:
    """Count the select's rows and load one page of its entities (or whole rows: rows=True)."""
    total = db.session.scalar(db.select(func.count()).select_from(query.order_by(None).subquery()))
    number = min(number, max(1, -(-total // per_page)))
    one_page = query.limit(per_page).offset((number - 1) * per_page)
    items = (db.session.execute if rows else db.session.scalars)(one_page).all()
    return Page(list(items), number, total or 0, per_page)
