"""實戰培訓 and 說明會 (training.md): sessions, registrations, their check-ins and attendance."""

from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow


class TrainingSession(db.Model):
    """One 場次: a course (a course-survey option) or a briefing, on site, online or both.

    `seats_taken` counts the registrations holding a seat; a registration takes one with a
    conditional UPDATE (`seats_taken < capacity`), so seats are never oversold on either
    database however many people press 送出 at once.
    """

    __table_args__ = (db.Index("ix_training_session_starts", "cancelled_at", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(db.String(100))
    kind: Mapped[str] = mapped_column(db.String(10))  # course | briefing
    course_option_id: Mapped[int | None] = mapped_column(
        db.ForeignKey("survey_option.id"), index=True
    )
    topic: Mapped[str] = mapped_column(db.String(20), default="")  # a briefing's 淨零 / SBIR …
    description: Mapped[str] = mapped_column(db.Text, default="")
    mode: Mapped[str] = mapped_column(db.String(10))  # onsite | online | hybrid
    starts_at: Mapped[datetime] = mapped_column(db.DateTime)  # naive UTC, shown in Taipei
    ends_at: Mapped[datetime] = mapped_column(db.DateTime)
    venue: Mapped[str] = mapped_column(db.String(100), default="")
    address: Mapped[str] = mapped_column(db.String(200), default="")
    county: Mapped[str] = mapped_column(db.String(10), default="", index=True)
    meeting_url: Mapped[str] = mapped_column(db.String(500), default="")  # ticket holders only
    site_id: Mapped[int | None] = mapped_column(db.ForeignKey("site.id"), index=True)
    capacity: Mapped[int] = mapped_column(default=30)
    seats_taken: Mapped[int] = mapped_column(default=0)
    waitlist: Mapped[bool] = mapped_column(default=True)
    per_company: Mapped[int | None]  # how many people one 統一編號 may register
    opens_at: Mapped[datetime | None] = mapped_column(db.DateTime)
    closes_at: Mapped[datetime | None] = mapped_column(db.DateTime)
    audience: Mapped[str] = mapped_column(db.String(100), default="")
    contact_name: Mapped[str] = mapped_column(db.String(50), default="")
    contact_phone: Mapped[str] = mapped_column(db.String(30), default="")
    contact_email: Mapped[str] = mapped_column(db.String(254), default="")
    course_test_id: Mapped[int | None] = mapped_column(db.ForeignKey("course_test.id"))
    event_id: Mapped[int | None] = mapped_column(db.ForeignKey("event.id"), index=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(db.DateTime)
    cancel_reason: Mapped[str] = mapped_column(db.Text, default="")
    # When its time or place last changed (people were told; the calendar file's SEQUENCE).
    revised_at: Mapped[datetime | None] = mapped_column(db.DateTime)
    created_at: Mapped[datetime] = mapped_column(db.DateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(db.ForeignKey("user.id"))

    course = relationship("SurveyOption")
    site = relationship("Site")
    test = relationship("CourseTest")
    event = relationship("Event")


class TrainingRegistration(db.Model):
    """One person's registration for a session: a seat (registered), a waitlist place, or
    cancelled. One row per person and session: the same phone or e-mail gets this row back."""

    __table_args__ = (
        db.UniqueConstraint("session_id", "attendee_phone", name="uq_training_reg_phone"),
        db.UniqueConstraint("session_id", "attendee_email", name="uq_training_reg_email"),
        db.Index("ix_training_reg_session_status", "session_id", "status", "id"),
        db.Index("ix_training_reg_session_last4", "session_id", "phone_last4"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(db.ForeignKey("training_session.id"))
    token: Mapped[str] = mapped_column(db.String(43), unique=True)  # the ticket page's link
    code: Mapped[str] = mapped_column(db.String(8), unique=True)  # in the QR, typed at the door
    status: Mapped[str] = mapped_column(db.String(10))  # registered | waitlisted | cancelled
    seated_at: Mapped[datetime | None] = mapped_column(db.DateTime)  # when it got its seat
    cancelled_at: Mapped[datetime | None] = mapped_column(db.DateTime)
    cancelled_by: Mapped[str] = mapped_column(db.String(10), default="")  # self | staff | session
    company_name: Mapped[str] = mapped_column(db.String(100))
    ubn: Mapped[str | None] = mapped_column(db.String(8), index=True)
    county: Mapped[str | None] = mapped_column(db.String(10))
    industry: Mapped[str | None] = mapped_column(db.String(1))
    employees: Mapped[int | None]
    paid_in_capital: Mapped[int | None] = mapped_column(db.BigInteger)
    company_id: Mapped[int | None] = mapped_column(db.ForeignKey("company.id"), index=True)
    attendee_name: Mapped[str] = mapped_column(db.String(50))
    attendee_phone: Mapped[str] = mapped_column(db.String(30))  # normalised
    phone_last4: Mapped[str] = mapped_column(db.String(4), default="")
    attendee_email: Mapped[str] = mapped_column(db.String(254))  # lower-cased
    attendee_title: Mapped[str] = mapped_column(db.String(50), default="")
    consent: Mapped[bool] = mapped_column(default=False)
    channel: Mapped[str] = mapped_column(db.String(10), default="web")
    event_id: Mapped[int | None] = mapped_column(db.ForeignKey("event.id"))
    entered_by_id: Mapped[int | None] = mapped_column(db.ForeignKey("user.id"))
    walk_in: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(db.DateTime, default=utcnow, index=True)
    # Attendance: a door check-in (its real time, also when it arrives later from the door's
    # outbox), or an online session's attendee report (minutes present).
    attended: Mapped[bool] = mapped_column(default=False)
    checked_in_at: Mapped[datetime | None] = mapped_column(db.DateTime)
    checked_in_by_id: Mapped[int | None] = mapped_column(db.ForeignKey("user.id"))
    checkin_source: Mapped[str] = mapped_column(
        db.String(10), default=""
    )  # door|scan|offline|import
    minutes_present: Mapped[int | None]

    session = relationship("TrainingSession")
    entered_by = relationship("User", foreign_keys=[entered_by_id])


class TrainingAttendanceImport(db.Model):
    """An online session's attendee report (the meeting platform's CSV), read once at upload and
    kept as rows until an officer confirms it (or left, and purged with other stale uploads)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(db.String(64), unique=True)
    session_id: Mapped[int] = mapped_column(db.ForeignKey("training_session.id"), index=True)
    filename: Mapped[str] = mapped_column(db.String(255))
    sha256: Mapped[str] = mapped_column(db.String(64))
    # [[line, name, email, minutes or None, minutes as written]] (attendance_import.to_stored)
    file_rows: Mapped[dict] = mapped_column(db.JSON)
    uploaded_by_id: Mapped[int | None] = mapped_column(db.ForeignKey("user.id"))
    uploaded_at: Mapped[datetime] = mapped_column(db.DateTime, default=utcnow, index=True)
    applied_at: Mapped[datetime | None] = mapped_column(db.DateTime)
    applied_counts: Mapped[dict] = mapped_column(db.JSON, default=dict)
