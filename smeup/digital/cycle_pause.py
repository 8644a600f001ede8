"""Pausing Python's cycle collector while a large import file is read and previewed.

Reading 100,000 rows makes some million small dicts and tuples that hold no cycles; with the
collector on, each of its full passes walks all of them again, so the cost grew faster than the
rows (`make bench`: 100,000 CSV rows cost 16–26× what 10,000 did, 8× with the collector
paused). Reference counting still frees everything; the collector runs again afterwards.
The pause is counted, so two threads importing at once resume it only when both are done.
"""

from __future__ import annotations

import functools
import gc
import threading

_lock = threading.Lock()
_paused = 0
_was_enabled = False


def cycle_collector_paused(fn):
    """Run `fn` with the cycle collector paused (and resumed as it was)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        global _paused, _was_enabled
        with _lock:
            if _paused == 0:
                _was_enabled = gc.isenabled()
                gc.disable()
            _paused += 1
        try:
            return fn(*args, **kwargs)
        finally:
            with _lock:
                _paused -= 1
                if _paused == 0 and _was_enabled:
                    gc.enable()

    return wrapper
