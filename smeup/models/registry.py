"""What the official company registry said about a 統一編號, and when (the 30-day cache)."""

from datetime import date, datetime

from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import utcnow


class RegistryAnswer(db.Model):
    """The registry's last answer for one 統一編號: a company, or that it has none (found=False)."""

    ubn: Mapped[str] = mapped_column(db.String(8), primary_key=True)
    found: Mapped[bool] = mapped_column(db.Boolean)
    company_name: Mapped[str | None] = mapped_column(db.Text)
    status: Mapped[str | None] = mapped_column(db.Text)
    dissolved: Mapped[bool] = mapped_column(db.Boolean, default=False)
    capital_stock: Mapped[int | None] = mapped_column(db.BigInteger)
    paid_in_capital: Mapped[int | None] = mapped_column(db.BigInteger)
    responsible_name: Mapped[str | None] = mapped_column(db.Text)
    address: Mapped[str | None] = mapped_column(db.Text)
    county: Mapped[str | None] = mapped_column(db.String(10))
    register_organization: Mapped[str | None] = mapped_column(db.Text)
    founded_on: Mapped[date | None] = mapped_column(db.Date)
    # The company object exactly as the registry sent it (None when it had no such company).
    raw: Mapped[dict | None] = mapped_column(db.JSON)
    fetched_at: Mapped[datetime] = mapped_column(db.DateTime, default=utcnow, index=True)
