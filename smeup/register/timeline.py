"""A company's timeline: each table's own rows, a page at a time, with exact counts per kind.

Other rooms add their lines with `add_timeline_source` (the training, digital and pre/post
rooms do).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import configure_mappers, joinedload, selectinload

from ..extensions import db
from ..models import StatusChange, Submission, SubmissionNote
from ..models.register import Company, CompanyMerge, ReferralMove
from ..models.surveys import CourseResponse

TIMELINE_PAGE = 50  # lines per timeline page; older ones come on demand


@dataclass(frozen=True)
class Event:
    """One line of the timeline: when, what kind, the submission it belongs to, and the row."""

    at: datetime
    kind: str  # submission, status, note, referral, merge, merge_undo
    submission_id: int | None
    row: object
    seq: int = 0  # the row's id (the order of lines at the same instant); set by the register


# Other rooms (the digital programme, ...) talk to the register, never the other way round: each
# adds a source that gives the company's lines from its own rows.
TIMELINE_SOURCES: list[Callable[[Company], list[Event]]] = []


def add_timeline_source(source: Callable[[Company], list[Event]]):
    """Let another feature add its own dated lines to every company's timeline."""
    TIMELINE_SOURCES.append(source)
    return source


# Lines at the same instant: a form before its status change before a note ...; other rooms'
# lines last. Newest first is (at, rank, seq) descending.
RANKS = {"submission": 6, "status": 5, "note": 4, "referral": 3, "merge": 2, "merge_undo": 1}
OTHER_RANK = 0
KIND_LABELS = {
    "status": "狀態變更",
    "note": "備註",
    "referral": "轉介進度",
    "merge": "合併",
    "merge_undo": "復原合併",
    "digital": "數位輔導",
    "prepost": "前後測",
    "training": "培訓",
}


def _rank(event: Event) -> int:
    return RANKS.get(event.kind, OTHER_RANK)


def _key(event: Event) -> tuple:
    return (event.at, _rank(event), event.seq)


@dataclass(frozen=True)
class Cursor:
    """Where a timeline page ends: its last line's (at, rank, seq); the next page is older."""

    at: datetime
    rank: int
    seq: int

    def __str__(self) -> str:
        return f"{self.at.isoformat()}_{self.rank}_{self.seq}"

    @classmethod
    def parse(cls, raw: str | None) -> Cursor | None:
        """The cursor a "more" link carries; None (the newest page) when it is not one."""
        try:
            at, rank, seq = (raw or "").split("_")
            return cls(datetime.fromisoformat(at).replace(tzinfo=None), int(rank), int(seq))
        except ValueError:
            return None

    def of(self, event: Event) -> bool:
        """The event comes after this cursor (is older, or the same instant and later in order)."""
        return _key(event) < (self.at, self.rank, self.seq)


def _older(at, row_id, rank: int, cursor: Cursor | None):
    """The rows of one table (all of one rank) after `cursor`: a keyset condition on (at, id)."""
    if cursor is None:
        return db.true()
    if rank < cursor.rank:
        return at <= cursor.at
    if rank > cursor.rank:
        return at < cursor.at
    return db.or_(at < cursor.at, db.and_(at == cursor.at, row_id < cursor.seq))


@dataclass(frozen=True)
class TimelinePage:
    """One page of the timeline, newest first, and what the whole timeline holds."""

    events: list[Event]
    more: Cursor | None  # where the next (older) page starts; None at the end
    forms: list[tuple[str, int]]  # (form type, how many), most first
    kinds: list[tuple[str, int]]  # (kind, how many) of the other lines
    refs: dict[int, object]  # submissions the page's lines name: id -> (id, form_type)

    @property
    def form_total(self) -> int:
        return sum(n for _, n in self.forms)

    @property
    def total(self) -> int:
        return self.form_total + sum(n for _, n in self.kinds)


def _of_company(model, company: Company):
    """Rows of a table keyed by submission (status changes, notes) that are the company's: by
    their own copy of the submission's company (smeup/models/company_copies.py), an index range
    of (company_id, at, id), never a walk through every form of the company."""
    return db.select(model).where(model.company_id == company.id)


def _merges(company: Company):
    return db.select(CompanyMerge).where(
        db.or_(CompanyMerge.target_id == company.id, CompanyMerge.source_id == company.id)
    )


def _others(company: Company) -> list[Event]:
    """Other rooms' lines (each room's few rows of this company), numbered in a stable order."""
    events: list[Event] = []
    for source in TIMELINE_SOURCES:
        events += source(company)
    events.sort(key=lambda e: e.at)  # stable: a source's own order among equal times
    return [
        Event(e.at, e.kind, e.submission_id, e.row, seq) for seq, e in enumerate(events, start=1)
    ]


@dataclass(frozen=True)
class _Table:
    """One table's lines: the query of the company's rows, its time and id, how rows are
    read whole (with what they show), and the submission a row belongs to."""

    kind: str
    model: type
    rows: object  # a select of the model, the company's rows
    at: object
    id: object
    options: tuple
    submission_of: Callable


def _tables(company: Company) -> list[_Table]:
    configure_mappers()  # the forms' backrefs (Submission.netzero ...) exist once mappers are set
    forms = (
        selectinload(Submission.netzero),
        selectinload(Submission.sbtr),
        selectinload(Submission.navigator),
        selectinload(Submission.course).joinedload(CourseResponse.survey),
    )
    merges = _merges(company)
    return [
        _Table(
            "submission",
            Submission,
            db.select(Submission).where(Submission.company_id == company.id),
            Submission.submitted_at,
            Submission.id,
            forms,
            lambda s: s.id,
        ),
        _Table(
            "status",
            StatusChange,
            _of_company(StatusChange, company),
            StatusChange.at,
            StatusChange.id,
            (joinedload(StatusChange.user),),
            lambda c: c.submission_id,
        ),
        _Table(
            "note",
            SubmissionNote,
            _of_company(SubmissionNote, company),
            SubmissionNote.at,
            SubmissionNote.id,
            (joinedload(SubmissionNote.user),),
            lambda n: n.submission_id,
        ),
        _Table(
            "referral",
            ReferralMove,
            db.select(ReferralMove).where(ReferralMove.company_id == company.id),
            ReferralMove.at,
            ReferralMove.id,
            (joinedload(ReferralMove.referral), joinedload(ReferralMove.user)),
            lambda m: m.referral.submission_id,
        ),
        _Table("merge", CompanyMerge, merges, CompanyMerge.at, CompanyMerge.id, (), lambda m: None),
        _Table(
            "merge_undo",
            CompanyMerge,
            merges.where(CompanyMerge.undone_at.is_not(None)),
            CompanyMerge.undone_at,
            CompanyMerge.id,
            (),
            lambda m: None,
        ),
    ]


def timeline_page(
    company: Company, cursor: Cursor | None = None, size: int = TIMELINE_PAGE, counts: bool = True
) -> TimelinePage:
    """The company's `size` newest lines after `cursor` (submissions, status changes, notes,
    referral moves, merges, undone merges, other rooms' lines), and exact counts of each kind.

    Each table's newest `size` + 1 keys (time, id) after the cursor are read from an index on
    (company, time); the page's lines are the newest `size` of them all, and only those rows
    are then read whole: a company with 100,000 forms opens as fast as one with 10.
    """
    tables = _tables(company)
    keys: list[tuple] = []  # (at, rank, id, table)
    counted: dict[str, int] = {}
    for table in tables:
        rank = RANKS[table.kind]
        columns = [table.at, table.id]
        if counts and cursor is None and table.kind in COUNTED_WITH_KEYS:
            # the company's rows counted in the same pass that finds the newest keys
            columns.append(db.func.count().over())
        query = (
            table.rows.with_only_columns(*columns)
            .where(_older(table.at, table.id, rank, cursor))
            .order_by(table.at.desc(), table.id.desc())
            .limit(size + 1)
        )
        for row in db.session.execute(query):
            keys.append((row[0], rank, row[1], table))
            if len(row) > 2:
                counted[table.kind] = row[2]
        if len(columns) > 2:
            counted.setdefault(table.kind, 0)
    others = _others(company)
    keys += [(e.at, OTHER_RANK, e.seq, e) for e in others if cursor is None or cursor.of(e)]
    keys.sort(key=lambda k: k[:3], reverse=True)
    shown = keys[:size]
    more = Cursor(*shown[-1][:3]) if len(keys) > size else None
    events = []
    for table in tables:
        ids = [row_id for _at, _rank, row_id, t in shown if t is table]
        if not ids:
            continue
        rows = db.session.scalars(
            db.select(table.model).where(table.id.in_(ids)).options(*table.options)
        ).unique()
        events += [
            Event(getattr(r, table.at.key), table.kind, table.submission_of(r), r, r.id)
            for r in rows
        ]
    events += [k[3] for k in shown if isinstance(k[3], Event)]
    events.sort(key=_key, reverse=True)
    if not counts:  # the older lines alone (htmx): the page already shows the counts
        return TimelinePage(events, more, [], [], _refs(events))
    form_counts = _form_counts(company)
    if cursor is not None:  # the older lines on the company page: counted on their own
        counted = {}
    return TimelinePage(
        events, more, form_counts, _kind_counts(company, others, counted), _refs(events)
    )


def _form_counts(company: Company) -> list[tuple[str, int]]:
    """The company's forms by type (the (company_id, form_type) index, counted)."""
    rows = db.session.execute(
        db.select(Submission.form_type, db.func.count())
        .where(Submission.company_id == company.id)
        .group_by(Submission.form_type)
    ).all()
    return sorted(((t, n) for t, n in rows), key=lambda r: (-r[1], r[0]))


def _count(query) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(query.subquery())) or 0


COUNTED_WITH_KEYS = ("status", "note")  # counted in the pass that reads their newest keys


def _kind_counts(
    company: Company, others: list[Event], counted: dict[str, int]
) -> list[tuple[str, int]]:
    """How many lines of each other kind the whole timeline holds (those it has)."""
    status = _of_company(StatusChange, company).with_only_columns(StatusChange.id)
    note = _of_company(SubmissionNote, company).with_only_columns(SubmissionNote.id)
    counts = {
        "status": counted["status"] if "status" in counted else _count(status),
        "note": counted["note"] if "note" in counted else _count(note),
        "referral": _count(db.select(ReferralMove.id).where(ReferralMove.company_id == company.id)),
        "merge": _count(_merges(company).with_only_columns(CompanyMerge.id)),
        "merge_undo": _count(
            _merges(company)
            .where(CompanyMerge.undone_at.is_not(None))
            .with_only_columns(CompanyMerge.id)
        ),
    }
    for event in others:
        counts[event.kind] = counts.get(event.kind, 0) + 1
    return [(kind, n) for kind, n in counts.items() if n]


def _refs(events: list[Event]) -> dict[int, object]:
    """The submissions the page's lines name (a status change of a form on an older page)."""
    shown = {e.row.id: e.row for e in events if e.kind == "submission"}
    wanted = {e.submission_id for e in events if e.submission_id} - set(shown)
    if wanted:
        rows = db.session.execute(
            db.select(Submission.id, Submission.form_type).where(Submission.id.in_(wanted))
        )
        shown.update({row.id: row for row in rows})
    return shown


def timeline(company: Company) -> list[Event]:
    """The company's newest lines (the first page of `timeline_page`), newest first."""
    return timeline_page(company).events
