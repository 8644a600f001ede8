"""數位轉型 陪伴輔導: sites, shops, one record per shop per month, its change history, reopenings."""

from datetime import date, datetime

from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow


class Site(db.Model):
    """A 場域 where shops are coached (also the course survey's locations)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(db.String(50), unique=True)
    county: Mapped[str] = mapped_column(db.String(10))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(db.DateTime, default=utcnow)


class Shop(db.Model):
    """A business in the programme; `ubn` links it to the company register when it has one."""

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(db.ForeignKey("site.id"), index=True)
    name: Mapped[str] = mapped_column(db.String(100), index=True)
    ubn: Mapped[str | None] = mapped_column(db.String(8), index=True)
    phone: Mapped[str] = mapped_column(db.String(20), default="")
    employees: Mapped[int | None]
    tool_category: Mapped[str] = mapped_column(db.String(20))
    vendor: Mapped[str] = mapped_column(db.String(100), default="")
    usage_unit: Mapped[str] = mapped_column(db.String(20))
    enrolled_month: Mapped[str] = mapped_column(db.String(7))
    counsellor_id: Mapped[int | None] = mapped_column(db.ForeignKey("user.id"), index=True)
    status: Mapped[str] = mapped_column(db.String(10), default="active")
    created_at: Mapped[datetime] = mapped_column(db.DateTime, default=utcnow)

    site = relationship("Site")
    counsellor = relationship("User")


class MonthlyRecord(db.Model):
    """One shop's month: usage, orders, net sales (None = not reported), an optional visit."""

    __table_args__ = (db.UniqueConstraint("shop_id", "month"), db.Index(None, "month", "shop_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(db.ForeignKey("shop.id"))
    month: Mapped[str] = mapped_column(db.String(7))
    usage: Mapped[int | None] = mapped_column(db.BigInteger)
    orders: Mapped[int | None] = mapped_column(db.BigInteger)
    net_sales: Mapped[int | None] = mapped_column(db.BigInteger)
    visit_date: Mapped[date | None] = mapped_column(db.Date)
    visit_note: Mapped[str] = mapped_column(db.Text, default="")
    # The key of the last save applied: the same key again (a double tap, a retry) is a replay.
    save_key: Mapped[str | None] = mapped_column(db.String(64))
    created_at: Mapped[datetime] = mapped_column(db.DateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(db.ForeignKey("user.id"))
    updated_at: Mapped[datetime] = mapped_column(db.DateTime, default=utcnow)

    shop = relationship("Shop")


class RecordChange(db.Model):
    """One field of a monthly record changed after its first save: old, new, who, when, how."""

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(db.ForeignKey("monthly_record.id"), index=True)
    field: Mapped[str] = mapped_column(db.String(20))
    old_value: Mapped[str] = mapped_column(db.Text, default="")
    new_value: Mapped[str] = mapped_column(db.Text, default="")
    via: Mapped[str] = mapped_column(db.String(10))  # entry | import
    changed_by_id: Mapped[int | None] = mapped_column(db.ForeignKey("user.id"))
    changed_at: Mapped[datetime] = mapped_column(db.DateTime, default=utcnow)

    record = relationship("MonthlyRecord")
    changed_by = relationship("User")


class MonthReopening(db.Model):
    """An officer reopened one shop's locked month, with a reason, until a set day."""

    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(db.ForeignKey("shop.id"), index=True)
    month: Mapped[str] = mapped_column(db.String(7))
    reason: Mapped[str] = mapped_column(db.Text)
    open_until: Mapped[date] = mapped_column(db.Date)
    reopened_by_id: Mapped[int | None] = mapped_column(db.ForeignKey("user.id"))
    reopened_at: Mapped[datetime] = mapped_column(db.DateTime, default=utcnow)

    reopened_by = relationship("User")


class ShopImport(db.Model):
    """An uploaded monthly-records file waiting for the officer's confirmation (or applied)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(db.String(64), unique=True)
    filename: Mapped[str] = mapped_column(db.String(255))
    sha256: Mapped[str] = mapped_column(db.String(64))
    content: Mapped[bytes] = mapped_column(db.LargeBinary, deferred=True)
    # The rows read from the file at upload (import_file.to_stored): the preview and the
    # confirmation use these, never the file again. None for uploads kept before this column.
    file_rows: Mapped[dict | None] = mapped_column(db.JSON)
    uploaded_by_id: Mapped[int | None] = mapped_column(db.ForeignKey("user.id"))
    uploaded_at: Mapped[datetime] = mapped_column(db.DateTime, default=utcnow, index=True)
    applied_at: Mapped[datetime | None] = mapped_column(db.DateTime)
    applied_counts: Mapped[dict] = mapped_column(db.JSON, default=dict)
