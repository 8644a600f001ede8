"""The submission key: one per form render, so that a double tap or a retry stores once.

Storing under a key is the register's concern (smeup/submissions.py); making and checking a key
is every form's, so it lives here, below the feature rooms.
"""

import hashlib
import json
import secrets
from collections.abc import Mapping

KEY_REUSED = "這份表單已經送出過，且內容不同。若要再送一份新的，請重新開啟表單後填寫。"


class KeyReused(Exception):
    """The same submission key came back with different content."""


def new_key() -> str:
    """A fresh submission key for a form being rendered."""
    return secrets.token_urlsafe(24)


def valid_key(key: str | None) -> bool:
    """A key looks like one we made (the form is refused otherwise)."""
    return bool(key) and 20 <= len(key) <= 64 and all(c.isalnum() or c in "-_" for c in key)


def fingerprint(data: Mapping) -> str:
    """A stable digest of the cleaned data, to tell a retry from a different submission."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()
