"""Folded name keys and prefix ranges: how a name search stays an index range at any size.

A contains-search (`LIKE '%…%'`) reads every row; a prefix of a folded key is a plain range of
an index in both databases (issue 11).
"""

import unicodedata

from sqlalchemy import and_

from ..extensions import db

# Byte order on PostgreSQL, as SQLite's BINARY: a prefix search is then a plain index range.
SearchKey = db.String(100).with_variant(db.String(100, collation="C"), "postgresql")


def name_key(name: str | None) -> str:
    """A company name folded for prefix search: NFKC, no spaces, case-folded, 台 → 臺."""
    text = unicodedata.normalize("NFKC", name or "").casefold()
    return "".join(text.split()).replace("台", "臺")[:100]


def prefix_range(column, prefix: str):
    """column starts with prefix, as an index range (byte order: SQLite BINARY, PostgreSQL "C")."""
    last = ord(prefix[-1]) + 1
    if 0xD800 <= last <= 0xDFFF:  # no surrogates in UTF-8: the next character is U+E000
        last = 0xE000
    return and_(column >= prefix, column < prefix[:-1] + chr(last))
