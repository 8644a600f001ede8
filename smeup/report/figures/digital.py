"""數位轉型: course survey, sessions and attendance, shops, reporting rate, growth, pre/post."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlalchemy.orm import aliased

from ...digital.grid import SPANS as GRID_SPANS
from ...extensions import db
from ...models.digital import MonthlyRecord, Shop, Site
from ...models.prepost import TestAttempt
from ...models.rollup import SubmissionRollup as R
from ...models.submission import Submission
from ...models.surveys import CourseResponse, SurveyOption
from ...models.training import TrainingRegistration, TrainingSession
from ...reference.digital import GROWTH_THRESHOLD_PERCENT
from ...training.figures import figures_by_session
from .base import Line, Scope, Table, in_period, num, rollup_in, share, submissions_in

TOP_COURSES = 5


def survey(scope: Scope) -> Table:
    """Responses, and first choices per course (the view keeps the top few)."""
    args = scope.list_args()
    link = ("console.submissions", {"form_type": "course", **args})
    responses = db.session.scalar(
        db.select(func.sum(R.submissions)).where(*rollup_in(scope, "course"))
    )
    first = CourseResponse.ranks[0].as_string()
    rows = db.session.execute(
        db.select(SurveyOption.survey_id, SurveyOption.code, SurveyOption.label, func.count())
        .select_from(CourseResponse)
        .join(Submission, Submission.id == CourseResponse.submission_id)
        .join(
            SurveyOption,
            (SurveyOption.survey_id == CourseResponse.survey_id) & (SurveyOption.code == first),
        )
        .where(*submissions_in(scope, "course"))
        .group_by(SurveyOption.survey_id, SurveyOption.code, SurveyOption.label)
        .order_by(func.count().desc(), SurveyOption.survey_id, SurveyOption.code)
    ).all()
    lines = [Line("responses", "課程意願調查回覆數", num(responses), link)]
    lines += [
        Line(
            f"first|{survey_id}|{code}",
            f"第一志願：{label}",
            n,
            ("console.submissions", {"form_type": "course", "survey": survey_id, **args}),
        )
        for survey_id, code, label, n in rows
    ]
    return Table("dg_survey", lines, top=1 + TOP_COURSES)


def training(scope: Scope, now: datetime) -> Table:
    """Course sessions held in the period, registrations and the attendance rate."""
    S = TrainingSession
    where = [S.kind == "course", in_period(S.starts_at, scope)]
    if scope.county:
        where.append(S.county == scope.county)
    held = [*where, S.cancelled_at.is_(None)]
    sessions, cancelled = db.session.execute(
        db.select(
            func.coalesce(func.sum(db.case((S.cancelled_at.is_(None), 1), else_=0)), 0),
            func.coalesce(func.sum(db.case((S.cancelled_at.is_not(None), 1), else_=0)), 0),
        ).where(*where)
    ).one()
    registered = db.session.scalar(
        db.select(func.count())
        .select_from(TrainingRegistration)
        .join(S, S.id == TrainingRegistration.session_id)
        .where(*held, TrainingRegistration.status != "cancelled")
    )
    ids = db.session.scalars(db.select(S.id).where(*held))
    rated = [f for f in figures_by_session(ids, now).values() if f.rate is not None]
    attended = sum(f.attended for f in rated)
    expected = sum(f.expected for f in rated)
    link = ("training.index", {})
    return Table(
        "dg_training",
        [
            Line("sessions", "課程場次（已取消者不計）", int(sessions), link),
            Line("cancelled", "已取消場次", int(cancelled), link),
            Line("registrations", "報名人數（含候補，不含取消）", int(registered or 0), link),
            Line("expected", "應到人數（已結束場次）", expected, link),
            Line("attended", "出席人數（已結束場次）", attended, link),
            Line("rate", "出席率", share(attended, expected), link),
        ],
    )


def _sites(scope: Scope) -> list:
    return [Site.county == scope.county] if scope.county else []


def shops(scope: Scope) -> Table:
    """Shops enrolled by the period's last month, by site."""
    last = scope.period.months()[-1]
    rows = db.session.execute(
        db.select(Site.id, Site.name, func.count(Shop.id))
        .join(Shop, Shop.site_id == Site.id)
        .where(Shop.enrolled_month <= last, *_sites(scope))
        .group_by(Site.id, Site.name)
        .order_by(Site.id)
    ).all()
    lines = [Line("all", "參與店家（全部場域）", sum(n for *_r, n in rows), _grid(scope))]
    lines += [
        Line(f"site|{sid}", name, n, ("digital.shops", {"site": sid, "month": last}))
        for sid, name, n in rows
    ]
    return Table("dg_shops", lines)


def _grid(scope: Scope) -> tuple[str, dict]:
    """The site × month grid ending at the period's last month, over the shortest of its spans
    that holds the period."""
    months = scope.period.months()
    span = next((n for n in GRID_SPANS if n >= len(months)), GRID_SPANS[-1])
    return ("digital.grid", {"end": months[-1], "span": span})


def reporting(scope: Scope, this_month: str) -> Table:
    """Per month: shops reporting ÷ shops enrolled by then; and over the whole period."""
    months = [m for m in scope.period.months() if m < this_month]  # ended months only
    lines, total_reporting, total_enrolled = [], 0, 0
    for month in months:
        enrolled = db.session.scalar(
            db.select(func.count(Shop.id))
            .join(Site, Site.id == Shop.site_id)
            .where(Shop.enrolled_month <= month, *_sites(scope))
        )
        reported = db.session.scalar(
            db.select(func.count(func.distinct(MonthlyRecord.shop_id)))
            .join(Shop, Shop.id == MonthlyRecord.shop_id)
            .join(Site, Site.id == Shop.site_id)
            .where(
                MonthlyRecord.month == month,
                Shop.enrolled_month <= month,
                db.or_(
                    MonthlyRecord.usage.is_not(None),
                    MonthlyRecord.orders.is_not(None),
                    MonthlyRecord.net_sales.is_not(None),
                ),
                *_sites(scope),
            )
        )
        total_reporting += reported
        total_enrolled += enrolled
        year, mon = month.split("-")
        lines.append(
            Line(
                f"month|{months.index(month)}",
                f"{int(year) - 1911}年{int(mon)}月回報率",
                share(reported, enrolled),
                ("digital.grid", {"end": month, "span": GRID_SPANS[0]}),
            )
        )
    lines.insert(
        0, Line("all", "期間月回報率", share(total_reporting, total_enrolled), _grid(scope))
    )
    return Table("dg_reporting", lines)


def growth(scope: Scope) -> Table:
    """Shops whose latest net sales (by the period's end) are ≥ 5 % over their baseline month."""
    last = scope.period.months()[-1]
    base = aliased(MonthlyRecord)
    latest = aliased(MonthlyRecord)
    latest_month = (
        db.select(func.max(MonthlyRecord.month))
        .where(
            MonthlyRecord.shop_id == Shop.id,
            MonthlyRecord.month > Shop.enrolled_month,
            MonthlyRecord.month <= last,
            MonthlyRecord.net_sales.is_not(None),
        )
        .correlate(Shop)
        .scalar_subquery()
    )
    grown = latest.net_sales * 100 >= base.net_sales * (100 + GROWTH_THRESHOLD_PERCENT)
    comparable, grew = db.session.execute(
        db.select(func.count(), func.coalesce(func.sum(db.case((grown, 1), else_=0)), 0))
        .select_from(Shop)
        .join(Site, Site.id == Shop.site_id)
        .join(base, (base.shop_id == Shop.id) & (base.month == Shop.enrolled_month))
        .join(latest, (latest.shop_id == Shop.id) & (latest.month == latest_month))
        .where(base.net_sales > 0, *_sites(scope))
    ).one()
    link = ("digital.outcomes", {})
    return Table(
        "dg_growth",
        [
            Line("comparable", "有基準月與後續月份的店家", int(comparable), link),
            Line("grew", f"淨銷售額成長 ≥ {GROWTH_THRESHOLD_PERCENT}% 的店家", int(grew), link),
            Line(
                "share",
                f"成長 ≥ {GROWTH_THRESHOLD_PERCENT}% 比率",
                share(int(grew), int(comparable)),
                link,
            ),
        ],
    )


def prepost(scope: Scope) -> Table:
    """People with a counted 前測 and a counted 後測 sent in the period; ⟨g⟩ on class means."""
    pre = aliased(TestAttempt)
    post = aliased(TestAttempt)
    where = [post.kind == "post", post.counted.is_(True), in_period(post.sent_at, scope)]
    query = (
        db.select(
            func.count(),
            func.avg(pre.score * 1.0 / pre.max_score),
            func.avg(post.score * 1.0 / post.max_score),
        )
        .select_from(post)
        .join(
            pre,
            (pre.test_id == post.test_id)
            & (pre.person_key == post.person_key)
            & (pre.kind == "pre")
            & pre.counted.is_(True),
        )
        .where(*where, pre.max_score > 0, post.max_score > 0)
    )
    if scope.county:
        query = query.join(Shop, Shop.id == post.shop_id).join(Site, Site.id == Shop.site_id)
        query = query.where(Site.county == scope.county)
    matched, mean_pre, mean_post = db.session.execute(query).one()
    g = None
    if matched and mean_pre is not None and float(mean_pre) < 1:
        g = (float(mean_post) - float(mean_pre)) / (1 - float(mean_pre))
    link = ("prepost_admin.index", {})
    return Table(
        "dg_prepost",
        [
            Line("matched", "前後測配對人數", int(matched), link),
            Line("pre", "前測平均得分率", None if mean_pre is None else float(mean_pre), link),
            Line("post", "後測平均得分率", None if mean_post is None else float(mean_post), link),
            Line("g", "標準化增益 ⟨g⟩", None if g is None else round(g, 3), link),
        ],
    )


def tables(scope: Scope, now: datetime, this_month: str) -> list[Table]:
    """The strategy's tables for one scope."""
    return [
        survey(scope),
        training(scope, now),
        shops(scope),
        reporting(scope, this_month),
        growth(scope),
        prepost(scope),
    ]
