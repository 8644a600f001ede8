"""The officer list's filters: parsed from the query string, turned into one SQL select.

The same select feeds the list page and the export, so an export holds exactly the rows the
officer filtered (exports.md).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Select, or_

from ..extensions import db
from ..models import Submission
from ..models.netzero import NetzeroCheck
from ..models.sbtr import SbtrProposal
from ..models.surveys import CourseResponse

FORM_TYPES = ("netzero", "course", "sbtr")
FORM_LABELS = {"netzero": "淨零健檢", "course": "課程意願調查", "sbtr": "SBTR 城鄉創生"}
CHANNEL_LABELS = {"web": "網路", "roadshow": "巡迴活動", "phone": "電話"}
# How a submission reached the server: straight away, or later from a kiosk tablet's outbox.
VIA_LABELS = {"outbox": "離線暫存後送達", "direct": "即時送出"}
URGENCY_LEVELS = ("高", "中", "低")
SBTR_CATEGORIES = {"A": "A類 單一企業", "B_PLUS": "B+類 擴大城鄉創生圈"}
# Each form's own table, one row per submission.
CHILD_MODELS = {"netzero": NetzeroCheck, "course": CourseResponse, "sbtr": SbtrProposal}
# Submissions are stored in UTC; officers pick dates in Taiwan time (UTC+8 all year, no DST).
TAIPEI_OFFSET = timedelta(hours=8)
FILTER_KEYS = (
    "q",
    "date_from",
    "date_to",
    "channel",
    "event",
    "county",
    "status",
    "urgency",
    "survey",
    "category",
    "via",
)
BAD_DATE = "日期格式不正確，請用 YYYY-MM-DD，例如 2026-11-26"
BAD_RANGE = "起始日期不能晚於結束日期"
BAD_NUMBER = "請從選單中選擇"


def child_model(form_type: str):
    """The model of a form's own table (NetzeroCheck, CourseResponse, SbtrProposal)."""
    return CHILD_MODELS[form_type]


def _text(args: Mapping, key: str, limit: int = 100) -> str:
    # NFKC folds full-width digits and letters, so ０４５４ finds 0454.
    raw = args.get(key) or ""
    return unicodedata.normalize("NFKC", str(raw)).strip()[:limit]


def _date(args: Mapping, key: str, errors: dict[str, str]) -> date | None:
    raw = _text(args, key, 20)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors[key] = BAD_DATE
        return None


def _int(args: Mapping, key: str, errors: dict[str, str]) -> int | None:
    raw = _text(args, key, 12)
    if not raw:
        return None
    if raw.isdigit() and raw.isascii():
        return int(raw)
    errors[key] = BAD_NUMBER
    return None


@dataclass(frozen=True)
class ListFilters:
    """What the officer filtered by; empty values filter nothing."""

    q: str = ""
    date_from: date | None = None
    date_to: date | None = None
    channel: str = ""
    event: int | None = None
    county: str = ""
    status: str = ""
    urgency: str = ""
    survey: int | None = None
    category: str = ""
    via: str = ""
    errors: dict[str, str] = field(default_factory=dict, compare=False)

    @classmethod
    def from_args(cls, args: Mapping) -> ListFilters:
        """Parse the list's query string; an unreadable value is dropped and noted in errors."""
        errors: dict[str, str] = {}
        date_from = _date(args, "date_from", errors)
        date_to = _date(args, "date_to", errors)
        if date_from and date_to and date_from > date_to:
            errors["date_to"] = BAD_RANGE
            date_to = None
        county = _text(args, "county", 10).replace("台", "臺")
        return cls(
            q=_text(args, "q"),
            date_from=date_from,
            date_to=date_to,
            channel=_text(args, "channel", 10),
            event=_int(args, "event", errors),
            county=county,
            status=_text(args, "status", 20),
            urgency=_text(args, "urgency", 1),
            survey=_int(args, "survey", errors),
            category=_text(args, "category", 10),
            via=_text(args, "via", 10),
            errors=errors,
        )

    def as_args(self) -> dict[str, str]:
        """The non-empty filters as query-string values (for links, exports and the audit log)."""
        values = asdict(self)
        values.pop("errors")
        return {k: str(v) for k, v in values.items() if v not in (None, "")}

    @property
    def active(self) -> bool:
        """True when any filter narrows the list."""
        return bool(self.as_args())


def _utc_start(day: date) -> datetime:
    return datetime(day.year, day.month, day.day) - TAIPEI_OFFSET


def filtered_query(form_type: str, filters: ListFilters) -> Select:
    """A select of the form's submissions (joined to its own table), filtered and ordered."""
    query = db.select(Submission).where(Submission.form_type == form_type)
    child = child_model(form_type)
    query = query.join(child, child.submission_id == Submission.id)
    if filters.q:
        query = query.where(
            or_(
                Submission.company_name.icontains(filters.q, autoescape=True),
                Submission.ubn.contains(filters.q, autoescape=True),
            )
        )
    if filters.date_from:
        query = query.where(Submission.submitted_at >= _utc_start(filters.date_from))
    if filters.date_to:
        query = query.where(Submission.submitted_at < _utc_start(filters.date_to + timedelta(1)))
    for column, value in (
        (Submission.channel, filters.channel),
        (Submission.event_id, filters.event),
        (Submission.county, filters.county),
        (Submission.status, filters.status),
    ):
        if value not in (None, ""):
            query = query.where(column == value)
    if filters.via in VIA_LABELS:
        query = query.where(Submission.via_outbox.is_(filters.via == "outbox"))
    query = _form_filters(query, form_type, child, filters)
    return query.order_by(Submission.submitted_at.desc(), Submission.id.desc())


def _form_filters(query: Select, form_type: str, child, filters: ListFilters) -> Select:
    """The filters that only one form has (urgency, survey, category)."""
    wanted = {
        "netzero": ("urgency", filters.urgency),
        "course": ("survey_id", filters.survey),
        "sbtr": ("category", filters.category),
    }[form_type]
    column_name, value = wanted
    if value in (None, ""):
        return query
    return query.where(getattr(child, column_name) == value)
