"""The stored 淨零健檢: the answers and the computed result, frozen with their versions."""

from decimal import Decimal

from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from ..extensions import db

# Energy quantities: ≤ 10,000,000,000 with 2 decimals fits Numeric(18, 2) with room to spare.
Quantity = db.Numeric(18, 2)


class NetzeroCheck(db.Model):
    """One net-zero check (forms.md §2) and its result as computed when it was submitted.

    The result page and exports read the stored figures, reasons and prescriptions, so a
    later change of the factor table or rules never rewrites an old result.
    """

    submission_id: Mapped[int] = mapped_column(db.ForeignKey("submission.id"), primary_key=True)

    data_year: Mapped[int]
    electricity_kwh: Mapped[Decimal] = mapped_column(Quantity, default=Decimal(0))
    natural_gas_m3: Mapped[Decimal] = mapped_column(Quantity, default=Decimal(0))
    lpg_kg: Mapped[Decimal] = mapped_column(Quantity, default=Decimal(0))
    diesel_l: Mapped[Decimal] = mapped_column(Quantity, default=Decimal(0))
    gasoline_l: Mapped[Decimal] = mapped_column(Quantity, default=Decimal(0))
    fuel_oil_l: Mapped[Decimal] = mapped_column(Quantity, default=Decimal(0))

    cbam_export: Mapped[bool]
    supply_chain_request: Mapped[str] = mapped_column(db.String(10))
    listed_company: Mapped[bool]
    supplier_to_listed: Mapped[bool]
    has_inventory: Mapped[bool]
    has_target: Mapped[bool]

    scope1_tco2e: Mapped[float] = mapped_column(db.Float)
    scope2_tco2e: Mapped[float] = mapped_column(db.Float)
    total_tco2e: Mapped[float] = mapped_column(db.Float)
    urgency: Mapped[str] = mapped_column(db.String(1), index=True)
    urgency_reasons: Mapped[list] = mapped_column(db.JSON, default=list)
    prescriptions: Mapped[list] = mapped_column(db.JSON, default=list)
    breakdown: Mapped[list] = mapped_column(db.JSON, default=list)
    factor_version: Mapped[str] = mapped_column(db.String(32))
    rules_version: Mapped[str] = mapped_column(db.String(32))

    submission = relationship("Submission", backref=backref("netzero", uselist=False))
