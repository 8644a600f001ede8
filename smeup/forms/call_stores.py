"""How a form taken on the phone is stored: the form's own room registers it, the phone room calls.

The phone room enters the 淨零健檢 on a caller's behalf but does not own that form, so it cannot
import the form's store. The net-zero room registers its phone store here when its store module
loads (as forms/registry.py does for form classes), and the phone room stores through this.
"""

from collections.abc import Callable
from typing import Any

_STORES: dict[str, Callable[..., Any]] = {}


def phone_store(form_key: str):
    """Decorator: `store(key, data, intake, call_note, draft) -> Stored` stores `form_key` calls."""

    def decorate(store):
        _STORES[form_key] = store
        return store

    return decorate


def store_call(form_key: str, key: str, data, intake, call_note: str, draft) -> Any:
    """Store a form entered on the phone once under `key`, with its call note (draft removed)."""
    return _STORES[form_key](key, data, intake, call_note, draft)
