"""submission_rollup kept in step with submissions, inside the transaction that changes them.

A flush that adds, moves (status, county, ...) or deletes a submission also adds or subtracts
its count (its net-zero tonnes, and one offline arrival when it came from a kiosk's outbox) in
the rollup row of its Taipei day, form, channel, county,
segment and status. Readers (dashboard, list counts) then sum a few rollup rows.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import Date, bindparam, event, inspect, text
from sqlalchemy.orm import Session

from .clock import TAIPEI_OFFSET
from .models import Submission
from .models.base import utcnow
from .models.netzero import NetzeroCheck
from .models.sbtr import SbtrProposal
from .models.surveys import CourseResponse

# Submission attributes a rollup row is keyed by (day comes from submitted_at).
KEY_ATTRIBUTES = ("form_type", "submitted_at", "channel", "county", "segment", "status")
CHILDREN = {NetzeroCheck: "netzero", SbtrProposal: "sbtr", CourseResponse: "course"}

ROLLUP_KEY = ("form_type", "day", "channel", "county", "segment", "status")
Key = tuple[str, date, str, str, str, str]


def taipei_day(at: datetime) -> date:
    """The Asia/Taipei calendar day of a naive UTC time."""
    return (at + TAIPEI_OFFSET).date()


def child_segment(child) -> str | None:
    """The list filter value a form's own row gives its submission (urgency, category, survey)."""
    if isinstance(child, NetzeroCheck):
        return child.urgency
    if isinstance(child, SbtrProposal):
        return child.category
    if isinstance(child, CourseResponse):
        survey_id = child.survey_id if child.survey_id is not None else child.survey.id
        return str(survey_id)
    return None


def _key(values: dict) -> Key:
    return (
        values["form_type"],
        taipei_day(values["submitted_at"]),
        values["channel"] or "",
        values["county"] or "",
        values["segment"] or "",
        values["status"],
    )


def _current(submission: Submission) -> dict:
    return {a: getattr(submission, a) for a in KEY_ATTRIBUTES}


def _previous(submission: Submission) -> dict:
    """The key attributes as the database holds them now (before this flush)."""
    state = inspect(submission)
    values = {}
    for name in KEY_ATTRIBUTES:
        history = state.attrs[name].load_history()
        values[name] = (history.deleted or history.unchanged or history.added or [None])[0]
    return values


def _tonnes(submission: Submission) -> float:
    check = submission.netzero if submission.form_type == "netzero" else None
    return float(check.total_tco2e or 0) if check is not None else 0.0


def _offline(submission: Submission) -> int:
    """1 for a submission a kiosk's offline outbox delivered (via_outbox never changes)."""
    return 1 if submission.via_outbox else 0


@event.listens_for(Session, "before_flush")
def _track(session: Session, _context, _instances) -> None:
    """Turn the flush's added, changed and deleted submissions into rollup deltas."""
    for obj in session.new:
        if type(obj) in CHILDREN and obj.submission is not None:
            obj.submission.segment = child_segment(obj)
    deltas: dict[Key, list] = defaultdict(lambda: [0, 0.0, 0])
    for obj in session.new:
        if isinstance(obj, Submission):
            if obj.submitted_at is None:
                obj.submitted_at = utcnow()
            _add(deltas, _key(_current(obj)), 1, _tonnes(obj), _offline(obj))
    for obj in session.dirty:
        if isinstance(obj, Submission) and session.is_modified(obj):
            before, after = _key(_previous(obj)), _key(_current(obj))
            if before != after:
                tonnes, offline = _tonnes(obj), _offline(obj)
                _add(deltas, before, -1, -tonnes, -offline)
                _add(deltas, after, 1, tonnes, offline)
    for obj in session.deleted:
        if isinstance(obj, Submission):
            _add(deltas, _key(_previous(obj)), -1, -_tonnes(obj), -_offline(obj))
    if deltas:
        _apply(session, deltas)


def _add(deltas: dict, key: Key, count: int, tonnes: float, offline: int) -> None:
    deltas[key][0] += count
    deltas[key][1] += tonnes
    deltas[key][2] += offline


# One statement for both databases (SQLite ≥ 3.24 and PostgreSQL know ON CONFLICT), compiled
# once: building an ORM upsert per flush cost more than the rest of storing a submission.
UPSERT = text(
    "INSERT INTO submission_rollup (form_type, day, channel, county, segment, status, "
    "submissions, total_tco2e, offline) VALUES (:form_type, :day, :channel, :county, :segment, "
    ":status, :submissions, :total_tco2e, :offline) "
    "ON CONFLICT (form_type, day, channel, county, segment, status) "
    "DO UPDATE SET submissions = submission_rollup.submissions + excluded.submissions, "
    "total_tco2e = submission_rollup.total_tco2e + excluded.total_tco2e, "
    "offline = submission_rollup.offline + excluded.offline"
).bindparams(bindparam("day", type_=Date))


def _apply(session: Session, deltas: dict[Key, list]) -> None:
    """Upsert each changed row, in key order (two writers never wait on each other in a cycle)."""
    rows = [
        dict(zip(ROLLUP_KEY, key, strict=True), submissions=count, total_tco2e=tonnes, offline=n)
        for key, (count, tonnes, n) in sorted(deltas.items())
        if count or tonnes or n
    ]
    for row in rows:
        session.connection().execute(UPSERT, row)


def rebuild_sql(dialect: str) -> list[str]:
    """SQL that refills submission_rollup from the submissions (migration, bulk loads)."""
    day = (
        "date(s.submitted_at, '+8 hours')"
        if dialect == "sqlite"
        else "CAST(s.submitted_at + INTERVAL '8 hours' AS DATE)"
    )
    # Only constants are interpolated (the day expression of a known dialect).
    return [
        "DELETE FROM submission_rollup",
        "INSERT INTO submission_rollup (form_type, day, channel, county, segment, status, "  # noqa: S608
        "submissions, total_tco2e, offline) "
        f"SELECT s.form_type, {day}, coalesce(s.channel, ''), coalesce(s.county, ''), "
        "coalesce(s.segment, ''), s.status, count(*), coalesce(sum(n.total_tco2e), 0), "
        "sum(CASE WHEN s.via_outbox THEN 1 ELSE 0 END) "
        "FROM submission s LEFT JOIN netzero_check n ON n.submission_id = s.id "
        f"GROUP BY s.form_type, {day}, coalesce(s.channel, ''), coalesce(s.county, ''), "
        "coalesce(s.segment, ''), s.status",
    ]


def rebuild(session: Session) -> None:
    """Recount every rollup row from the submissions (after a bulk load that bypassed the ORM)."""
    connection = session.connection()
    for sql in rebuild_sql(connection.dialect.name):
        connection.execute(text(sql))
