"""Writing the audit log (logins, status changes, edits, exports)."""

from flask import request
from flask_login import current_user

from .extensions import db
from .models import AuditEntry


def record(action: str, user=None, **detail) -> AuditEntry:
    """Add an audit entry to the session; the caller's commit stores it with its change."""
    who = user if user is not None else current_user
    known = bool(getattr(who, "is_authenticated", False))
    entry = AuditEntry(
        action=action,
        user_id=who.id if known else None,
        username=who.username if known else detail.pop("username", ""),
        detail=detail,
        ip=(request.remote_addr or "")[:45] if request else "",
    )
    db.session.add(entry)
    return entry
