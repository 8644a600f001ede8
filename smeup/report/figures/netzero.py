"""淨零排放: checks, levels, tonnes, referrals by unit × status, contact within 14 days."""

from __future__ import annotations

from sqlalchemy import func
from sqlalchemy.orm import aliased

from ...extensions import db
from ...models.register import Referral
from ...models.rollup import SubmissionRollup as R
from ...models.submission import Submission
from ...reference.service_units import units
from ...register.referrals import CONTACTED, DONE, NOT_NEEDED, STATUSES
from .base import (
    Line,
    Scope,
    Table,
    epoch_days,
    in_period,
    median,
    num,
    rollup_in,
    share,
    submissions_in,
)

LEVELS = ("高", "中", "低")
WITHIN_DAYS = 14
TAIPEI_DAY_SHIFT = 8 / 24  # Taipei days start 8 hours before UTC days


def of_checks_in(query, scope: Scope):
    """`query` narrowed to the referrals of the scope's checks (sent in the period, the county).

    A range of ix_referral_check_at (check_at is the check's time, copied when it was referred),
    so the cost follows the period's referrals, not its checks; with a county, each referral's
    check is then read by its key for its county.
    """
    query = query.where(in_period(Referral.check_at, scope))
    if scope.county:
        check = aliased(Submission)  # its own name: a caller's query may join the checks too
        query = query.where(
            db.exists()
            .where(check.id == Referral.submission_id, check.county == scope.county)
            .correlate(Referral)
        )
    return query


def totals(scope: Scope) -> tuple[int, float]:
    """Checks and their estimated tonnes in the scope, from the rollup."""
    count, tonnes = db.session.execute(
        db.select(func.sum(R.submissions), func.sum(R.total_tco2e)).where(
            *rollup_in(scope, "netzero")
        )
    ).one()
    return num(count), round(float(tonnes or 0), 2)


def checks(scope: Scope) -> list[Table]:
    """The strategy's tables for one scope."""
    args = scope.list_args()
    link = ("console.submissions", {"form_type": "netzero", **args})
    count, tonnes = totals(scope)
    companies = db.session.scalar(
        db.select(func.count(func.distinct(Submission.company_id))).where(
            *submissions_in(scope, "netzero"), Submission.company_id.is_not(None)
        )
    )
    by_level = dict.fromkeys(LEVELS, 0)
    for level, n in db.session.execute(
        db.select(R.segment, func.sum(R.submissions))
        .where(*rollup_in(scope, "netzero"))
        .group_by(R.segment)
    ):
        if level in by_level:
            by_level[level] = num(n)
    tables = [
        Table(
            "nz_checks",
            [
                Line("checks", "淨零健檢件數", num(count), link),
                Line("companies", "受檢企業家數", num(companies), link),
                Line("tonnes", "估算總排放量（公噸 CO2e）", tonnes, link),
            ],
        ),
        Table(
            "nz_levels",
            [
                Line(
                    level,
                    f"急迫程度「{level}」",
                    n,
                    ("console.submissions", {"form_type": "netzero", "urgency": level, **args}),
                )
                for level, n in by_level.items()
            ],
        ),
    ]
    return tables + referrals(scope)


def reached():
    """A referral that has reached 已聯繫 (it keeps its days when it moves on)."""
    return Referral.days_to_contact.is_not(None)


def on_time():
    """Contacted by the 14th Taipei calendar day after its check's day (NULL: not contacted)."""
    check_day = epoch_days(Referral.check_at) + TAIPEI_DAY_SHIFT
    contact_day = check_day + Referral.days_to_contact
    return func.floor(contact_day) - func.floor(check_day) <= WITHIN_DAYS


# The lists behind the contact figures (report.lists): which referrals each counts.
COUNTED = Referral.status != NOT_NEEDED


def referrals(scope: Scope) -> list[Table]:
    """Referrals of the period's checks by unit × status, and how fast they were contacted."""
    names = {code: u.short for code, u in units().items()}
    in_time = on_time()
    reached_now = reached()
    # One grouped query: per unit and status, how many, how many reached 已聯繫, how many in time.
    grouped = db.session.execute(
        of_checks_in(
            db.select(
                Referral.unit,
                Referral.status,
                func.count(),
                func.coalesce(func.sum(db.case((reached_now, 1), else_=0)), 0),
                func.coalesce(func.sum(db.case((db.and_(reached_now, in_time), 1), else_=0)), 0),
            ).select_from(Referral),
            scope,
        ).group_by(Referral.unit, Referral.status)
    ).all()
    counts = {(code, status): n for code, status, n, _r, _w in grouped}
    kept = [row for row in grouped if row[1] != NOT_NEEDED]
    total = sum(row[2] for row in kept)
    contacted = sum(int(row[3]) for row in kept)
    within = sum(int(row[4]) for row in kept)
    done = sum(row[2] for row in kept if row[1] == DONE)
    # 不需要 is out of the median as it is out of the counts (even if it was contacted first).
    in_figures = db.and_(reached_now, COUNTED)
    days = median(
        of_checks_in(db.select(Referral.days_to_contact), scope).where(in_figures), contacted
    )
    codes = list(names) + sorted({c for c, _s in counts} - set(names))
    args = scope.report_args()

    def link(which: str):
        return ("report.referrals", {**args, "which": which})

    by_unit = [
        Line(
            f"{code}|{status}",
            f"{names.get(code, code)}・{status}",
            counts.get((code, status), 0),
            ("report.referrals", {**args, "unit": code, "status": status}),
        )
        for code in codes
        for status in STATUSES
    ]
    return [
        Table("nz_referrals", by_unit, sparse=True),
        Table(
            "nz_contact",
            [
                Line("referrals", "轉介項目數（不含不需要）", int(total), link("counted")),
                Line("contacted", "已聯繫（含之後已完成）", int(contacted), link("contacted")),
                Line("within", f"{WITHIN_DAYS} 日內聯繫", int(within), link("within")),
                Line(
                    "within_share",
                    f"{WITHIN_DAYS} 日內聯繫比率",
                    share(int(within), int(total)),
                    link("within"),
                ),
                Line(
                    "median_days",
                    f"健檢到{CONTACTED}天數中位數",
                    None if days is None else round(days, 1),
                    link("contacted"),
                ),
                Line("done", f"{DONE}", int(done), link("done")),
            ],
        ),
    ]
