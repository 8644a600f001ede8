"""One host serves a SQLite file: a marker beside the file names it, and another host refuses.

SQLite's locks, and the writers' `flock` queue (sqlite_writers.py), hold between the processes of
one machine. Two machines opening one file over a network file system do not see each other's
locks and corrupt it: several hosts share PostgreSQL instead. So the first start on a SQLite file
writes `<file>-host` with its host name (atomically: of several workers starting at once, the
first one's name stays), and a start under another host name stops with one line saying why and
what to do. Every worker and command of the same host reads its own name there and goes on.
"""

import os
import secrets
import socket
from pathlib import Path

from sqlalchemy.engine import make_url

from .config import ConfigError
from .sqlite_writers import database_file

SUFFIX = "-host"

REFUSED = (
    "SQLite 資料庫 {path} 由主機「{owner}」使用中，主機「{me}」不能同時使用"
    "（SQLite 只能由一台主機使用；多台主機請共用 PostgreSQL：設定 DATABASE_URL）。"
    "若「{owner}」已不再使用這個檔案（換了主機名稱、搬了機器），刪除 {marker} 後再啟動"
)


def host_name(config) -> str:
    """This host's name: SMEUP_HOST_NAME, else the machine's host name."""
    return str(config.get("SMEUP_HOST_NAME") or "").strip() or socket.gethostname()


def claim_sqlite_file(app) -> None:
    """Stop the start (ConfigError) when the app's SQLite file is served by another host."""
    path = database_file(make_url(app.config["SQLALCHEMY_DATABASE_URI"]))
    if path is None:  # PostgreSQL, or SQLite in memory
        return
    me = host_name(app.config)
    marker = Path(path + SUFFIX)
    owner = _owner(marker, me)
    if owner is not None and owner != me:
        raise ConfigError(REFUSED.format(path=path, owner=owner, me=me, marker=marker))


def _owner(marker: Path, me: str) -> str | None:
    """The host the marker names, writing `me` there first when there is none yet ("?" for a
    marker left empty by hand); None when the folder cannot be written (the database cannot
    be either: SQLite then says so itself)."""
    try:
        if not marker.exists():
            draft = marker.with_name(f"{marker.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
            draft.write_text(f"{me}\n")
            try:  # link is atomic: of workers starting together, the first one's name stays
                os.link(draft, marker)
            except FileExistsError:
                pass
            finally:
                draft.unlink(missing_ok=True)
        return _read(marker) or "?"
    except OSError:
        return None


def _read(marker: Path) -> str:
    try:
        text = marker.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return ""
    return text.strip().splitlines()[0].strip() if text.strip() else ""
