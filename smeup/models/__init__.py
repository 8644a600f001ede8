"""Database models. Feature packages add their tables as modules here (imported below)."""

import importlib
import pkgutil

from .audit import AuditEntry
from .draft import Draft
from .event import Event
from .submission import StatusChange, Submission, SubmissionNote
from .user import User

# A feature's own tables live in smeup/models/<feature>.py; importing them all here means
# create_all and Alembic see every table without anyone editing this file.
for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["AuditEntry", "Draft", "Event", "StatusChange", "Submission", "SubmissionNote", "User"]
