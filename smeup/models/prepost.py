"""能力提升前測／後測 (digital.md, Pre/post tests): tests for a course, their items, attempts."""

from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow


class CourseTest(db.Model):
    """A test for one course (an option of the course survey); open as 前測 or 後測, or closed."""

    id: Mapped[int] = mapped_column(primary_key=True)
    course_option_id: Mapped[int] = mapped_column(db.ForeignKey("survey_option.id"), index=True)
    title: Mapped[str] = mapped_column(db.String(100))
    open_kind: Mapped[str | None] = mapped_column(db.String(4))  # pre | post | None (closed)
    created_at: Mapped[datetime] = mapped_column(db.DateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(db.ForeignKey("user.id"))

    course = relationship("SurveyOption")
    items = relationship(
        "TestItem", order_by="TestItem.position", back_populates="test", cascade="all"
    )

    @property
    def visible_items(self) -> list["TestItem"]:
        """Items the test asks (hidden ones stay only for the attempts that used them)."""
        return [item for item in self.items if not item.hidden]

    @property
    def max_score(self) -> int:
        """The highest score the visible items allow."""
        return sum(item.points for item in self.visible_items)


class TestItem(db.Model):
    """One question: kind, points, options [[code, label], ...] and the right codes."""

    __test__ = False  # not a pytest class
    id: Mapped[int] = mapped_column(primary_key=True)
    test_id: Mapped[int] = mapped_column(db.ForeignKey("course_test.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(db.String(10))  # single | multiple | truefalse
    prompt: Mapped[str] = mapped_column(db.Text)
    points: Mapped[int] = mapped_column(default=1)
    options: Mapped[list] = mapped_column(db.JSON, default=list)
    correct: Mapped[list] = mapped_column(db.JSON, default=list)
    partial_credit: Mapped[bool] = mapped_column(default=False)
    hidden: Mapped[bool] = mapped_column(default=False)

    test = relationship("CourseTest", back_populates="items")


class TestAttempt(db.Model):
    """A sent attempt, scored by the server. Only the first per person and kind counts:
    `counted_key` is set on that one alone, and its uniqueness keeps two from counting."""

    __test__ = False
    id: Mapped[int] = mapped_column(primary_key=True)
    test_id: Mapped[int] = mapped_column(db.ForeignKey("course_test.id"), index=True)
    kind: Mapped[str] = mapped_column(db.String(4))  # pre | post
    token: Mapped[str] = mapped_column(db.String(43), unique=True)
    shop_id: Mapped[int | None] = mapped_column(db.ForeignKey("shop.id"), index=True)
    ubn: Mapped[str | None] = mapped_column(db.String(8), index=True)
    name: Mapped[str] = mapped_column(db.String(50))
    phone: Mapped[str] = mapped_column(db.String(30))
    person_key: Mapped[str] = mapped_column(db.String(80), index=True)
    consent: Mapped[bool] = mapped_column(default=False)
    answers: Mapped[dict] = mapped_column(db.JSON, default=dict)  # {item id: [codes]}
    item_scores: Mapped[dict] = mapped_column(db.JSON, default=dict)  # {item id: points}
    score: Mapped[float] = mapped_column(db.Float)
    max_score: Mapped[int]
    counted: Mapped[bool] = mapped_column(default=False)
    counted_key: Mapped[str | None] = mapped_column(db.String(100), unique=True)
    channel: Mapped[str] = mapped_column(db.String(10), default="web")
    event_id: Mapped[int | None] = mapped_column(db.ForeignKey("event.id"))
    sent_at: Mapped[datetime] = mapped_column(db.DateTime, default=utcnow, index=True)

    test = relationship("CourseTest")
    shop = relationship("Shop")
