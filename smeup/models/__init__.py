"""Database models. Feature packages add their own tables in modules beside these."""

from .audit import AuditEntry
from .draft import Draft
from .event import Event
from .submission import StatusChange, Submission, SubmissionNote
from .user import User

__all__ = ["AuditEntry", "Draft", "Event", "StatusChange", "Submission", "SubmissionNote", "User"]
