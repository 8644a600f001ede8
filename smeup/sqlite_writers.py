"""SQLite writers take turns in a queue the kernel keeps, before they ask SQLite for its lock.

SQLite lets one writer in at a time. A writer that finds the database locked waits in SQLite's
busy handler, which polls with growing sleeps (up to 100 ms each): under load the lock is often
free while every waiter sleeps, and a few unlucky requests wait far longer than the rest. Here
writers wait instead on a thread lock (threads of one process) and then on `flock` on a file
beside the database (processes of one host): each is woken the moment the writer before it
ends, so SQLite's own lock is always free when they ask. PostgreSQL and in-memory SQLite need no
turn.
"""

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import URL

SUFFIX = "-writer.lock"


class WriterTurn:
    """One database file's queue of writers; re-entrant within a thread."""

    def __init__(self, path: str):
        self.path = path + SUFFIX
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._fd: int | None = None

    def __enter__(self) -> None:
        self._thread_lock.acquire()
        if self._depth == 0 and self._file() is not None:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX)
            except BaseException:
                self._thread_lock.release()
                raise
        self._depth += 1

    def __exit__(self, *_exc) -> None:
        self._depth -= 1
        try:
            if self._depth == 0 and self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._thread_lock.release()

    def _file(self) -> int | None:
        """The lock file, opened once; None when it cannot be (no such folder, read-only):
        the writer then goes straight to SQLite, which waits or answers its own error."""
        if self._fd is None:
            try:
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            except OSError:
                return None
        return self._fd

    def forget(self) -> None:
        """In a forked child: close the parent's lock file (its flock belongs to the open file)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


_turns: dict[str, WriterTurn] = {}
_turns_guard = threading.Lock()


def _after_fork() -> None:
    for turn in _turns.values():
        turn.forget()
    _turns.clear()


# A forked worker opens its own lock file, so its flock is its own.
os.register_at_fork(after_in_child=_after_fork)


def database_file(url: URL) -> str | None:
    """The SQLite file behind `url`, or None (PostgreSQL, in-memory SQLite)."""
    if url.get_backend_name() != "sqlite":
        return None
    name = url.database or ""
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return os.path.abspath(name)


@contextmanager
def writer_turn(url: URL) -> Iterator[None]:
    """Wait for this writer's turn on `url`'s SQLite file (no wait for other databases)."""
    path = database_file(url)
    if path is None:
        yield
        return
    with _turns_guard:
        turn = _turns.get(path)
        if turn is None:
            turn = _turns[path] = WriterTurn(path)
    with turn:
        yield
