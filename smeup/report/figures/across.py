"""Across the strategies: companies served (new / returning, size, county), channels, events."""

from __future__ import annotations

from sqlalchemy import func, union

from ...company.reference import COUNTIES
from ...company.sme import CAPITAL_LIMIT, EMPLOYEE_LIMIT
from ...extensions import db
from ...forms.kinds import FORM_TYPES
from ...models.digital import MonthlyRecord, Shop
from ...models.event import Event
from ...models.prepost import TestAttempt
from ...models.register import Company
from ...models.rollup import SubmissionRollup as R
from ...models.submission import Submission
from ...models.training import TrainingRegistration, TrainingSession
from .base import Line, Scope, Table, in_period, num, rollup_in, share

CHANNELS = {"web": "網路", "roadshow": "巡迴活動", "phone": "電話"}
SMALL_LIMIT = 5  # 小規模企業: fewer than 5 employees (中小企業認定標準 Art. 3)
SIZES = {"small": "小規模企業", "sme": "中小企業", "large": "非中小企業", "unknown": "無法認定"}
UNKNOWN_COUNTY = "（未填）"


def served_ids(scope: Scope):
    """Company ids with any record in the period: a form, a registration, a month, a test."""
    months = scope.period.months()
    return union(
        # Every form named, so each is one range of ix_submission_form_time (no skip-scan).
        db.select(Submission.company_id.label("cid")).where(
            Submission.form_type.in_(FORM_TYPES),
            in_period(Submission.submitted_at, scope),
            Submission.company_id.is_not(None),
        ),
        db.select(TrainingRegistration.company_id).where(
            in_period(TrainingRegistration.created_at, scope),
            TrainingRegistration.company_id.is_not(None),
        ),
        # Shops and test-takers are tied to the register by 統一編號: the period's 統一編號s
        # first (index ranges on month and sent_at), then each company by its unique ubn.
        db.select(Company.id).where(
            Company.ubn.in_(
                db.select(Shop.ubn)
                .join(MonthlyRecord, MonthlyRecord.shop_id == Shop.id)
                .where(MonthlyRecord.month >= months[0], MonthlyRecord.month <= months[-1])
            )
        ),
        db.select(Company.id).where(
            Company.ubn.in_(db.select(TestAttempt.ubn).where(in_period(TestAttempt.sent_at, scope)))
        ),
    ).subquery()


def size_class():
    """The register's size class in SQL, as company/sme.py decides it."""
    E, K = Company.employees, Company.paid_in_capital
    return db.case(
        (E < SMALL_LIMIT, "small"),
        (db.or_(K <= CAPITAL_LIMIT, E < EMPLOYEE_LIMIT), "sme"),
        (db.or_(E.is_(None), K.is_(None)), "unknown"),
        else_="large",
    )


def joined_in(scope: Scope):
    """A company that joined the register in the period (新加入); else it had come before."""
    start, end = scope.bounds
    return db.and_(Company.created_at >= start, Company.created_at < end)


def companies(scope: Scope) -> tuple[list[Table], dict[str, int]]:
    """The companies-served tables, and companies served per county (for the map)."""
    ids = served_ids(scope)
    is_new = db.case((joined_in(scope), 1), else_=0)
    size = size_class()
    # Driven by the period's ids (a union of index ranges), each company then read by its key.
    query = (
        db.select(Company.county, size, is_new, func.count())
        .select_from(ids)
        .join(Company, Company.id == ids.c.cid)
        .where(Company.merged_into_id.is_(None))
        .group_by(Company.county, size, is_new)
    )
    if scope.county:
        query = query.where(Company.county == scope.county)
    total = new = 0
    by_size = dict.fromkeys(SIZES, 0)
    by_county: dict[str, int] = {}
    for county, cls, fresh, n in db.session.execute(query):
        total += n
        new += n if fresh else 0
        by_size[cls] += n
        key = county or UNKNOWN_COUNTY
        by_county[key] = by_county.get(key, 0) + n
    args = scope.report_args()

    def link(**only):
        return ("report.companies", {**args, **only})

    counties = [c for c in COUNTIES if c in by_county or not scope.county or c == scope.county]
    counties += [c for c in by_county if c not in COUNTIES]
    return [
        Table(
            "ac_served",
            [
                Line("served", "服務企業家數", total, link()),
                Line("new", "新加入企業", new, link(joined="new")),
                Line("returning", "曾服務過的企業", total - new, link(joined="returning")),
            ],
        ),
        Table("ac_size", [Line(k, label, by_size[k], link(size=k)) for k, label in SIZES.items()]),
        Table(
            "ac_county",
            [
                Line(c, c, by_county.get(c, 0), link(county=c) if c in COUNTIES else None)
                for c in counties
            ],
            sparse=True,
        ),
    ], by_county


def channels(scope: Scope) -> Table:
    """Submissions by channel and the share that arrived from a kiosk's offline outbox."""
    args = scope.list_args()
    rows = db.session.execute(
        db.select(R.channel, func.sum(R.submissions), func.sum(R.offline))
        .where(*rollup_in(scope))
        .group_by(R.channel)
    ).all()
    counts = {channel: num(n) for channel, n, _o in rows}
    total = sum(counts.values())
    offline = sum(num(o) for *_r, o in rows)
    lines = [Line("all", "表單件數（全部管道）", total, ("console.submissions", dict(args)))]
    lines += [
        Line(c, label, counts.get(c, 0), ("console.submissions", {"channel": c, **args}))
        for c, label in CHANNELS.items()
    ]
    lines += [
        Line(
            "offline",
            "離線暫存後送達",
            int(offline or 0),
            ("console.submissions", {"via": "outbox", **args}),
        ),
        Line("offline_share", "離線送達比率", share(int(offline or 0), total)),
    ]
    return Table("ac_channels", lines)


def events(scope: Scope) -> Table:
    """Roadshow events and 說明會 held in the period (cancelled briefings not counted)."""
    event_where = [Event.date >= scope.period.start, Event.date < scope.period.end]
    S = TrainingSession
    brief_where = [S.kind == "briefing", S.cancelled_at.is_(None), in_period(S.starts_at, scope)]
    if scope.county:
        event_where.append(Event.county == scope.county)
        brief_where.append(S.county == scope.county)
    roadshows = db.session.scalar(db.select(func.count()).select_from(Event).where(*event_where))
    briefings = db.session.scalar(db.select(func.count()).select_from(S).where(*brief_where))
    return Table(
        "ac_events",
        [
            Line("roadshows", "巡迴活動場次", int(roadshows or 0), ("events.index", {})),
            Line("briefings", "說明會場次", int(briefings or 0), ("training.index", {})),
        ],
    )


def tables(scope: Scope) -> tuple[list[Table], dict[str, int]]:
    """The across-strategies tables, and companies served per county."""
    served, by_county = companies(scope)
    return [*served, channels(scope), events(scope)], by_county
