"""Submission counts kept as submissions arrive, for the dashboard and the console's counts."""

from datetime import date

from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class SubmissionRollup(db.Model):
    """How many submissions (their net-zero tonnes, how many came offline) share one Taipei day,
    form, channel, county, segment (urgency / category / survey) and status.

    smeup.rollups updates it in the transaction that stores or moves a submission, so reading
    figures costs the number of these rows, never a scan of the submissions.
    Empty county or segment is stored as "" (a key column cannot be NULL).
    """

    __tablename__ = "submission_rollup"
    __table_args__ = (db.Index("ix_submission_rollup_day", "day"),)

    form_type: Mapped[str] = mapped_column(db.String(16), primary_key=True)
    day: Mapped[date] = mapped_column(db.Date, primary_key=True)
    channel: Mapped[str] = mapped_column(db.String(10), primary_key=True)
    county: Mapped[str] = mapped_column(db.String(10), primary_key=True)
    segment: Mapped[str] = mapped_column(db.String(16), primary_key=True)
    status: Mapped[str] = mapped_column(db.String(20), primary_key=True)
    submissions: Mapped[int] = mapped_column(db.BigInteger, default=0)
    total_tco2e: Mapped[float] = mapped_column(db.Float, default=0.0)
    # Of them, how many arrived from a kiosk's offline outbox (via_outbox).
    offline: Mapped[int] = mapped_column(db.BigInteger, default=0, server_default="0")
