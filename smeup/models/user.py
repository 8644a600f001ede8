"""Staff accounts: agents, officers and admins."""

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

    def set_password(self, password: str) -> None:
        """Store a salted hash of the password, never the password."""
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        """True when the password matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    def has_role(self, role: str) -> bool:
        """True when this user's role is at least `role` (agent < officer < admin)."""
        return ROLES.index(self.role) >= ROLES.index(role)
