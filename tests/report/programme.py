"""A small hand-computed programme for the report's tests (figures worked out in test_figures.py).

Everything is built straight through the models (rollups follow on flush), at known times.
The period under test is 115年第3季 (2026-07-01 .. 2026-09-30, Taipei); 第2季 is the previous.
Times are naive UTC; Taipei is UTC+8.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from smeup.extensions import db
from smeup.models import Event
from smeup.models.digital import MonthlyRecord, Shop, Site
from smeup.models.navigator import NavigatorCheck
from smeup.models.prepost import CourseTest, TestAttempt
from smeup.models.register import Company, Referral
from smeup.models.training import TrainingRegistration, TrainingSession
from tests.console import factories as f

NOW = datetime(2026, 12, 7, 4, 0)  # the report is read on 2026-12-07 (every Q3 month ended)


def _company(ubn, name, county, employees, capital, created):
    row = Company(
        ubn=ubn,
        name=name,
        county=county,
        employees=employees,
        paid_in_capital=capital,
        created_at=created,
        latest_at=created,
    )
    db.session.add(row)
    return row


def _check(company, at, level, tonnes, channel="web", **values):
    return f.netzero(
        company_id=company.id if company else None,
        ubn=company.ubn if company else None,
        county=company.county if company else "臺北市",
        submitted_at=at,
        channel=channel,
        check={"urgency": level, "total_tco2e": tonnes},
        **values,
    )


def _referral(check, unit, status, item, days=None):
    db.session.add(
        Referral(
            company_id=check.company_id,
            submission_id=check.id,
            item_key=item,
            item_title=item,
            unit=unit,
            status=status,
            check_at=check.submitted_at,
            days_to_contact=days,
        )
    )


def _navigator(company, at, general, local, cocreation, accelerator):
    row = f.submission(
        "navigator", company_id=company.id, ubn=company.ubn, county=company.county, submitted_at=at
    )
    row.navigator = NavigatorCheck(
        org_form="company",
        need=["rnd"],
        self_funding="yes",
        tax_arrears=False,
        mainland_capital=False,
        sbir_general=general,
        sbir_local=local,
        cocreation=cocreation,
        accelerator=accelerator,
        judged_on=at.date(),
        rules_version="innovation-2026",
    )


def _registration(session, n, status, *, seated=True, attended=False, cancelled=None, company=None):
    db.session.add(
        TrainingRegistration(
            session_id=session.id,
            token=f"tok{session.id}-{n}",
            code=f"C{session.id}X{n}",
            status=status,
            seated_at=session.starts_at - timedelta(days=3) if seated else None,
            cancelled_at=cancelled,
            company_name=company.name if company else f"商行{n}",
            company_id=company.id if company else None,
            attendee_name=f"學員{n}",
            attendee_phone=f"09{session.id:02d}{n:06d}",
            attendee_email=f"p{session.id}-{n}@example.com",
            attended=attended,
        )
    )


def _session(title, kind, start, cancelled=False):
    row = TrainingSession(
        title=title,
        kind=kind,
        mode="onsite",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        county="臺中市",
        capacity=3,
        cancelled_at=start - timedelta(days=1) if cancelled else None,
    )
    db.session.add(row)
    db.session.flush()
    return row


def _shop(site, name, enrolled, ubn=None):
    row = Shop(
        site_id=site.id,
        name=name,
        ubn=ubn,
        tool_category="pos",
        usage_unit="交易筆數",
        enrolled_month=enrolled,
    )
    db.session.add(row)
    db.session.flush()
    return row


def _month(shop, month, usage=None, orders=None, sales=None):
    db.session.add(
        MonthlyRecord(shop_id=shop.id, month=month, usage=usage, orders=orders, net_sales=sales)
    )


def _attempt(test, kind, person, score, at, counted=True, ubn=None):
    db.session.add(
        TestAttempt(
            test_id=test.id,
            kind=kind,
            token=f"t-{kind}-{person}-{score}-{at:%m%d}",
            name=person,
            phone="0912000000",
            person_key=person,
            score=score,
            max_score=10,
            counted=counted,
            counted_key=f"{test.id}-{kind}-{person}" if counted else None,
            sent_at=at,
            ubn=ubn,
        )
    )


def build() -> dict:
    """Store the programme; returns its companies by letter."""
    a = _company("11111111", "甲商行", "臺中市", 3, None, datetime(2026, 5, 10))
    b = _company("22222222", "乙公司", "臺中市", 50, 5_000_000, datetime(2026, 7, 5))
    c = _company("33333333", "丙工業", "彰化縣", 300, 200_000_000, datetime(2026, 8, 1))
    d = _company("44444444", "丁行", "臺東縣", None, None, datetime(2026, 4, 1))
    e = _company("55555555", "戊企業", "臺北市", 20, None, datetime(2026, 4, 1))
    db.session.flush()

    # 淨零健檢: A twice (a kiosk's offline entry once), B on the last Taipei evening of the
    # quarter, C in the first Taipei hour of it; E in the previous quarter.
    c1 = _check(a, datetime(2026, 7, 10, 2, 0), "高", 10.5)
    c2 = _check(a, datetime(2026, 8, 10, 2, 0), "中", 4.25, channel="roadshow", via_outbox=True)
    _check(b, datetime(2026, 9, 30, 15, 30), "低", 1.0, channel="phone")
    c4 = _check(c, datetime(2026, 6, 30, 17, 0), "高", 100.0)
    c8 = _check(e, datetime(2026, 5, 5, 2, 0), "中", 3.0)
    db.session.flush()
    # Check 1 was at 10:00 Taipei on 07-10: contacted 07-24 23:00 Taipei (day 14: counts,
    # though 14.54 days passed) and 07-25 00:30 Taipei (day 15: does not).
    _referral(
        c1,
        "itri",
        "已聯繫",
        "a",
        days=(datetime(2026, 7, 24, 15, 0) - c1.submitted_at).total_seconds() / 86400,
    )
    _referral(
        c1,
        "pidc",
        "已完成",
        "b",
        days=(datetime(2026, 7, 24, 16, 30) - c1.submitted_at).total_seconds() / 86400,
    )
    _referral(c4, "itri", "待轉介", "c")
    _referral(c2, "itri", "不需要", "d", days=1.0)  # contacted, then 不需要: in no figure
    _referral(c8, "itri", "已聯繫", "e", days=3.0)

    # 課程意願調查: first choices brand, brand, social.
    survey = f.survey()
    f.course(survey, ranks=("brand", "social"), company_id=b.id, submitted_at=datetime(2026, 7, 20))
    f.course(survey, ranks=("brand",), company_id=c.id, submitted_at=datetime(2026, 7, 21))
    f.course(survey, ranks=("social", "brand"), ubn=None, submitted_at=datetime(2026, 8, 1))

    _navigator(b, datetime(2026, 8, 5), "符合", "不符合", "可能符合", "不符合")
    _navigator(c, datetime(2026, 8, 6), "不符合", "不符合", "不符合", "符合")

    f.sbtr(company_id=a.id, county="臺中市", submitted_at=datetime(2026, 9, 1))
    f.sbtr(
        company_id=b.id,
        county="臺中市",
        submitted_at=datetime(2026, 9, 2),
        status="資格審查中",
        proposal={"category": "B_PLUS"},
    )
    f.sbtr(company_id=e.id, county="臺北市", submitted_at=datetime(2026, 4, 20))

    # 實戰培訓: S1 held (3 seats at the start, 2 came, 1 waitlisted, 1 cancelled before);
    # S2 cancelled (in no figure but its own count); briefings: one held, one cancelled.
    s1 = _session("社群行銷實戰班", "course", datetime(2026, 8, 15, 1, 0))
    _registration(s1, 1, "registered", attended=True, company=b)
    _registration(s1, 2, "registered")
    _registration(s1, 3, "registered", attended=True)
    _registration(s1, 4, "waitlisted", seated=False)
    _registration(s1, 5, "cancelled", cancelled=datetime(2026, 8, 1))
    s2 = _session("停辦的課", "course", datetime(2026, 9, 5, 1, 0), cancelled=True)
    _registration(s2, 1, "registered")
    _session("淨零說明會", "briefing", datetime(2026, 9, 10, 6, 0))
    _session("取消的說明會", "briefing", datetime(2026, 9, 12, 6, 0), cancelled=True)
    db.session.add_all(
        [
            Event(name="臺中巡迴", date=date(2026, 7, 15), county="臺中市", forms=["netzero"]),
            Event(name="臺北巡迴", date=date(2026, 5, 1), county="臺北市", forms=["netzero"]),
        ]
    )

    # 數位轉型 shops: growth exactly 5 % (counts), 4.9 % (does not), no baseline, baseline 0.
    taichung = Site(name="審計新村", county="臺中市")
    lukang = Site(name="鹿港", county="彰化縣")
    db.session.add_all([taichung, lukang])
    db.session.flush()
    one = _shop(taichung, "一號店", "2026-06")
    two = _shop(taichung, "二號店", "2026-06")
    three = _shop(lukang, "三號店", "2026-07")
    _shop(lukang, "四號店", "2026-10")
    five = _shop(lukang, "丁行", "2026-05", ubn="44444444")
    _month(one, "2026-06", sales=1000)
    _month(one, "2026-07", sales=1040)
    _month(one, "2026-08", sales=1050)
    _month(two, "2026-06", sales=1000)
    _month(two, "2026-07", sales=1049)
    _month(two, "2026-09", orders=5)
    _month(three, "2026-08", sales=500)
    _month(three, "2026-09")  # a visit only: not a report
    _month(five, "2026-05", sales=0)
    _month(five, "2026-07", usage=10)

    # 前測／後測 (max 10): two matched people, one pre only, one post after the quarter.
    test = CourseTest(course_option_id=survey.options[0].id, title="測驗", open_kind="post")
    db.session.add(test)
    db.session.flush()
    _attempt(test, "pre", "p1", 4, datetime(2026, 7, 1), ubn="22222222")
    _attempt(test, "post", "p1", 8, datetime(2026, 9, 1), ubn="22222222")
    _attempt(test, "pre", "p2", 6, datetime(2026, 7, 1))
    _attempt(test, "post", "p2", 9, datetime(2026, 9, 2))
    _attempt(test, "post", "p2", 10, datetime(2026, 9, 3), counted=False)
    _attempt(test, "pre", "p3", 2, datetime(2026, 7, 1))
    _attempt(test, "pre", "p4", 1, datetime(2026, 7, 1))
    _attempt(test, "post", "p4", 9, datetime(2026, 10, 2))
    db.session.commit()
    return {"a": a.id, "b": b.id, "c": c.id, "d": d.id, "e": e.id}
