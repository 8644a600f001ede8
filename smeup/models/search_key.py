"""Folded name keys and prefix ranges: how a name search stays an index range at any size.

A contains-search (`LIKE '%…%'`) reads every row; a prefix of a folded key is a plain range of
an index in both databases (issue 11).
"""

import re
import string
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


# "Contains" search that an index serves (issue 30): a trigram index kept by the database
# itself. PostgreSQL: pg_trgm's GIN index (it serves ILIKE '%…%'). SQLite: an FTS5 table with the
# trigram tokenizer over the column (external content: it stores only the index), kept by
# triggers. Neither is in the models' metadata (Alembic cannot describe them): the DDL below runs
# after create_all makes the table, and migration b2c0reg30 makes the same. `kept_by_database`
# tells Alembic's comparison to leave them alone.
TRIGRAM = 3  # a trigram index finds strings of at least this many characters
CONTAINS_INDEXES: dict[str, tuple[str, str, str | None]] = {}  # name -> (table, column, where)
FTS5_SHADOWS = ("data", "idx", "config", "docsize", "content")


def contains_ddl(name: str, table: str, column: str, where: str | None, dialect: str) -> list:
    """The statements that make the contains index `name` on table.column (rows matching
    `where`, a condition on the row's own columns, or every row)."""
    if dialect == "postgresql":
        partial = f" WHERE {where.replace('$', '')}" if where else ""
        return [
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
            + partial,
        ]
    if dialect != "sqlite":
        return []

    def cond(row: str) -> str:
        return where.replace("$", f"{row}.") if where else "1"

    old, new = cond("OLD"), cond("NEW")
    watched = ", ".join(dict.fromkeys([column, *re.findall(r"\$(\w+)", where or "")]))
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {name} USING fts5({column}, content='{table}', "
        f"content_rowid='id', tokenize='trigram')",
        f"CREATE TRIGGER IF NOT EXISTS {name}_ai AFTER INSERT ON {table} WHEN {new} "  # noqa: S608
        f"BEGIN INSERT INTO {name}(rowid, {column}) VALUES (NEW.id, NEW.{column}); END",
        f"CREATE TRIGGER IF NOT EXISTS {name}_ad AFTER DELETE ON {table} WHEN {old} "  # noqa: S608
        f"BEGIN INSERT INTO {name}({name}, rowid, {column}) "
        f"VALUES ('delete', OLD.id, OLD.{column}); END",
        f"CREATE TRIGGER IF NOT EXISTS {name}_au AFTER UPDATE OF {watched} ON {table} "
        f"BEGIN "
        f"INSERT INTO {name}({name}, rowid, {column}) SELECT 'delete', OLD.id, OLD.{column} "
        f"WHERE {old}; "
        f"INSERT INTO {name}(rowid, {column}) SELECT NEW.id, NEW.{column} WHERE {new}; END",
    ]


def contains_index(table, column: str, name: str, where: str | None = None) -> None:
    """Keep a contains index on table.column: made after create_all makes the table, dropped
    with it. `where` names the rows indexed, columns written `$column` ("$company_id IS NULL")."""
    from sqlalchemy import event, text

    CONTAINS_INDEXES[name] = (table.name, column, where)

    @event.listens_for(table, "after_create")
    def _make(target, connection, **_kw):
        for statement in contains_ddl(name, target.name, column, where, connection.dialect.name):
            connection.execute(text(statement))

    @event.listens_for(table, "after_drop")
    def _drop(_target, connection, **_kw):
        if connection.dialect.name == "sqlite":
            connection.execute(text(f"DROP TABLE IF EXISTS {name}"))


def kept_by_database(object_name: str | None, type_: str, _parents=None) -> bool:
    """Alembic's include_name: False for the contains indexes (and FTS5's own tables)."""
    if not object_name:
        return True
    for name in CONTAINS_INDEXES:
        if object_name == name or (
            type_ == "table" and object_name in {f"{name}_{s}" for s in FTS5_SHADOWS}
        ):
            return False
    return True


def phrase(text_: str) -> str:
    """An FTS5 query for the string itself (a trigram table then finds it anywhere)."""
    return '"' + text_.replace('"', '""') + '"'


# Two characters (issue 30): no trigram index finds them; a table of each name's 2-character
# pieces does (models/company_bigrams.py). Pieces and queries are folded as `contains` matches
# them: ILIKE on SQLite ignores the case of ASCII letters only, so only those are lowercased.
BIGRAM = 2
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def fold_ascii(text_: str) -> str:
    """text with its ASCII letters lowercased, every other character as it is."""
    return text_.translate(_ASCII_LOWER)


def bigrams(text_: str | None) -> set[str]:
    """The distinct 2-character pieces of a text, folded (fold_ascii)."""
    folded = fold_ascii(text_ or "")
    return {folded[i : i + BIGRAM] for i in range(len(folded) - 1)}
