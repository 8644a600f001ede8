"""The officer list's filters: parsed from the query string, turned into one SQL select.

The same select feeds the list page and the export, so an export holds exactly the rows the
officer filtered (exports.md).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Select, and_, func, true

from ..clock import TAIPEI_OFFSET
from ..extensions import db
from ..ids import parse_id
from ..models import Submission
from ..models.navigator import NavigatorCheck
from ..models.netzero import NetzeroCheck
from ..models.sbtr import SbtrProposal
from ..models.search_key import name_key, prefix_range
from ..models.surveys import CourseResponse

CHANNEL_LABELS = {"web": "網路", "roadshow": "巡迴活動", "phone": "電話"}
# How a submission reached the server: straight away, or later from a kiosk tablet's outbox.
VIA_LABELS = {"outbox": "離線暫存後送達", "direct": "即時送出"}
URGENCY_LEVELS = ("高", "中", "低")
SBTR_CATEGORIES = {"A": "A類 單一企業", "B_PLUS": "B+類 擴大城鄉創生圈"}
# Each form's own table, one row per submission.
CHILD_MODELS = {
    "netzero": NetzeroCheck,
    "course": CourseResponse,
    "sbtr": SbtrProposal,
    "navigator": NavigatorCheck,
}
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
UBN_LENGTH = 8


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
    value = parse_id(raw)  # past the id range is unreadable too (PostgreSQL: out of range)
    if value is None:
        errors[key] = BAD_NUMBER
    return value


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

    def segment(self, form_type: str) -> str:
        """The form's own filter as Submission.segment holds it (urgency, survey id, category)."""
        own = {"netzero": self.urgency, "course": self.survey, "sbtr": self.category}
        value = own.get(form_type)  # a form without a filter of its own (the navigator): none
        return "" if value is None else str(value)

    @property
    def active(self) -> bool:
        """True when any filter narrows the list."""
        return bool(self.as_args())


def _utc_start(day: date) -> datetime:
    return datetime(day.year, day.month, day.day) - TAIPEI_OFFSET


def search_condition(q: str, dense: bool = False):
    """The search box: digits are a 統一編號 prefix, anything else the start of a company name.

    Both are index ranges (issue 11: a million rows). A name is matched from its start after
    folding (NFKC, case, spaces, 台/臺), not anywhere inside it: a contains-search would read
    every row. `dense`: the term matches more rows than counts.COUNT_CAP (the first letters
    typed into the active search), so the same test is written so that no index serves it:
    walking the newest-first index then finds a page of matches sooner than sorting them all.
    """
    if q.isascii() and q.isdigit() and len(q) <= UBN_LENGTH:
        if dense:
            return func.substr(Submission.ubn, 1, len(q)) == q
        # ubn is always 8 digits, so this range holds in any collation.
        return and_(
            Submission.ubn >= q.ljust(UBN_LENGTH, "0"), Submission.ubn <= q.ljust(UBN_LENGTH, "9")
        )
    key = name_key(q)
    if not key:
        return true()
    if dense:
        return func.substr(Submission.name_key, 1, len(key)) == key
    return prefix_range(Submission.name_key, key)


def conditions(form_type: str, filters: ListFilters, dense: bool = False) -> list:
    """WHERE clauses on the submission table alone (the form's own filter is its segment)."""
    found = [Submission.form_type == form_type]
    if filters.q:
        found.append(search_condition(filters.q, dense))
    if filters.date_from:
        found.append(Submission.submitted_at >= _utc_start(filters.date_from))
    if filters.date_to:
        found.append(Submission.submitted_at < _utc_start(filters.date_to + timedelta(1)))
    segment = filters.segment(form_type)
    for column, value in (
        (Submission.channel, filters.channel),
        (Submission.event_id, filters.event),
        (Submission.county, filters.county),
        (Submission.status, filters.status),
        (Submission.segment, segment),
    ):
        if value not in (None, ""):
            found.append(column == value)
    if filters.via in VIA_LABELS:
        found.append(Submission.via_outbox.is_(filters.via == "outbox"))
    return found


NEWEST_FIRST = (Submission.submitted_at.desc(), Submission.id.desc())


def form_rows(form_type: str) -> Select:
    """A select of the form's submissions joined to its own table, newest first."""
    child = child_model(form_type)
    return (
        db.select(Submission)
        .join(child, child.submission_id == Submission.id)
        .where(Submission.form_type == form_type)
        .order_by(*NEWEST_FIRST)
    )


def filtered_query(form_type: str, filters: ListFilters) -> Select:
    """A select of the form's submissions (joined to its own table), filtered, newest first."""
    return form_rows(form_type).where(*conditions(form_type, filters))


def filtered_keys(form_type: str, filters: ListFilters, dense: bool = False) -> Select:
    """(submitted_at, id) of the filtered submissions, newest first: read from an index alone."""
    return (
        db.select(Submission.submitted_at, Submission.id)
        .where(*conditions(form_type, filters, dense))
        .order_by(*NEWEST_FIRST)
    )
