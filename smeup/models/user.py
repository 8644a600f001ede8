"""Staff accounts: agents, officers and admins."""

import secrets
from functools import cache

from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from .base import utcnow

ROLES = ("agent", "officer", "admin")
ROLE_LABELS = {"agent": "話務人員", "officer": "承辦人員", "admin": "管理者"}


class User(UserMixin, db.Model):
    """A staff member who signs in."""

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(db.String(50), unique=True)
    display_name: Mapped[str] = mapped_column(db.String(50), default="")
    role: Mapped[str] = mapped_column(db.String(10))
    password_hash: Mapped[str] = mapped_column(db.String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[object] = mapped_column(db.DateTime, default=utcnow)
    # Part of what the session cookie stores; raising it makes every earlier cookie open nothing.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")

    def set_password(self, password: str) -> None:
        """Store a salted hash of the password (never the password) and end earlier sessions."""
        self.password_hash = generate_password_hash(password)
        self.end_sessions()

    def check_password(self, password: str) -> bool:
        """True when the password matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    def end_sessions(self) -> None:
        """Make every session cookie issued to this account so far open nothing."""
        self.session_version = (self.session_version or 0) + 1

    def get_id(self) -> str:
        """What Flask-Login keeps in the session: the id and the session version signed in under."""
        return f"{self.id}:{self.session_version}"

    @classmethod
    def from_session_id(cls, session_id: str) -> "User | None":
        """The active account a session's `get_id()` names, if that session has not been ended."""
        user_id, _, version = session_id.partition(":")
        if (
            not (session_id.isascii() and user_id.isdigit() and version.isdigit())
            or len(user_id) > 18
        ):
            return None
        user = db.session.get(cls, int(user_id))
        if user is None or not user.active or user.session_version != int(version):
            return None
        return user

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    def has_role(self, role: str) -> bool:
        """True when this user's role is at least `role` (agent < officer < admin)."""
        return ROLES.index(self.role) >= ROLES.index(role)


@cache
def _stand_in_hash() -> str:
    """A hash made like every real one, to check passwords against when there is no account."""
    return generate_password_hash(secrets.token_urlsafe(16))


def authenticate(username: str, password: str) -> User | None:
    """The active account with this username and password, else None.

    An unknown or disabled username costs the same hash check as a known one, so the time of
    the answer does not tell which usernames exist.
    """
    user = db.session.scalar(db.select(User).filter_by(username=username))
    if user is None or not user.active:
        check_password_hash(_stand_in_hash(), password)
        return None
    return user if user.check_password(password) else None
