"""Demo data for `flask seed-demo`: two courses with sessions and a 說明會 (training.md).

A past course session with its attendance, an upcoming one that is full with a waitlist, and a
net-zero briefing open for registration, so every training page shows something. Runs after the
survey, digital and pre/post seeders (it uses their courses, sites and test); safe to run twice:
nothing is added once a session exists.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from ..extensions import db
from ..intake import Intake
from ..models import Event
from ..models.base import utcnow
from ..models.digital import Site
from ..models.prepost import CourseTest
from ..models.surveys import SurveyOption
from ..models.training import TrainingRegistration, TrainingSession
from .seats import Person, RegistrationRefused, register

FAMILY = "陳林黃張李王吳劉蔡楊許鄭謝洪郭邱曾廖賴徐周葉蘇莊呂江何蕭羅高"
GIVEN = (
    "美玲",
    "志明",
    "淑芬",
    "家豪",
    "雅婷",
    "俊傑",
    "怡君",
    "建宏",
    "佩君",
    "宗翰",
    "惠如",
    "冠宇",
)
SHOPS = ("日日好咖啡", "山海小吃", "青禾花藝", "阿嬤ㄟ灶腳", "小鎮文具行", "光點眼鏡", "福氣麵包坊")
COMPANIES = (("22099131", "綠能五金有限公司"), ("04541302", "大成精密工業股份有限公司"))
WEB = Intake("web", None, None)


def _day(days: int, hour: int, minute: int = 0) -> datetime:
    """A Taipei wall time `days` from today, as the naive UTC the database keeps."""
    local_today = (utcnow() + timedelta(hours=8)).date()
    local = datetime.combine(local_today + timedelta(days=days), datetime.min.time())
    return local.replace(hour=hour, minute=minute) - timedelta(hours=8)


def _person(rng: random.Random, n: int) -> Person:
    ubn, company = COMPANIES[n % 2] if n % 5 == 0 else (None, SHOPS[n % len(SHOPS)])
    return Person(
        company_name=company,
        ubn=ubn,
        county=rng.choice(("臺中市", "彰化縣", "南投縣")),
        industry="G" if ubn is None else "C",
        employees=rng.randint(1, 9) if ubn is None else 40,
        paid_in_capital=None,
        attendee_name=FAMILY[n % len(FAMILY)] + GIVEN[n % len(GIVEN)],
        attendee_phone=f"09{20 + n % 70:02d}{rng.randint(100000, 999999)}",
        attendee_email=f"demo{n:03d}@example.com",
        attendee_title=rng.choice(("店長", "老闆", "行銷", "門市人員")),
    )


def _fill(session: TrainingSession, people: range, rng: random.Random, registered_at: datetime):
    for n in people:
        try:
            register(session, _person(rng, n), WEB, now=registered_at + timedelta(minutes=n))
        except RegistrationRefused:  # a company past its share: refused, as it would be
            continue


def seed() -> None:
    if db.session.scalar(db.select(TrainingSession.id).limit(1)) is not None:
        return
    courses = db.session.scalars(db.select(SurveyOption).order_by(SurveyOption.id).limit(2)).all()
    if len(courses) < 2:
        return
    site = db.session.scalar(db.select(Site).order_by(Site.id).limit(1))
    test = db.session.scalar(db.select(CourseTest).order_by(CourseTest.id).limit(1))
    event = db.session.scalar(db.select(Event).order_by(Event.id).limit(1))
    rng = random.Random(26)  # noqa: S311 - demo people, not secrets
    common = {
        "kind": "course",
        "contact_name": "推升級計畫辦公室",
        "contact_phone": "0800056476",
        "audience": "9 人以下微型企業、商圈店家",
    }
    past = TrainingSession(
        title=f"{courses[0].label}（臺中班）",
        course_option_id=courses[0].id,
        mode="onsite",
        starts_at=_day(-14, 9, 30),
        ends_at=_day(-14, 16, 30),
        venue="臺中市商業會館 3 樓教室",
        address="臺中市西區民權路 312 巷 5 號",
        county="臺中市",
        site_id=site.id if site else None,
        capacity=24,
        course_test_id=test.id if test else None,
        description="從發文頻率到社群數據，帶著自己店家的帳號實際操作。",
        **common,
    )
    upcoming = TrainingSession(
        title=f"{courses[1].label}（線上＋實體）",
        course_option_id=courses[1].id,
        mode="hybrid",
        starts_at=_day(10, 13, 30),
        ends_at=_day(10, 17, 0),
        venue="彰化縣工商發展投資策進會",
        address="彰化縣彰化市中央路 2 號",
        county="彰化縣",
        meeting_url="https://meet.google.com/abc-defg-hij",
        capacity=20,
        per_company=2,
        description="名額有限，額滿後可登記候補。",
        **common,
    )
    briefing = TrainingSession(
        title="淨零轉型說明會：碳盤查與補助資源",
        kind="briefing",
        topic="淨零",
        mode="onsite",
        starts_at=_day(20, 14, 0),
        ends_at=_day(20, 16, 0),
        venue=event.venue if event else "臺中文創園區",
        address="臺中市南區復興路三段 362 號",
        county="臺中市",
        capacity=80,
        event_id=event.id if event else None,
        contact_name="推升級計畫辦公室",
        contact_phone="0800056476",
        audience="製造業、批發零售業中小企業",
        description="說明淨零健檢、碳盤查步驟與可申請的輔導資源，會後開放個別諮詢。",
    )
    db.session.add_all([past, upcoming, briefing])
    db.session.commit()
    _fill(past, range(1, 22), rng, past.starts_at - timedelta(days=12))
    for n in range(1, 22):
        if n % 7 == 3:  # three of 21 did not come
            continue
        registration = db.session.scalar(
            db.select(TrainingRegistration).filter_by(
                session_id=past.id, attendee_email=f"demo{n:03d}@example.com"
            )
        )
        registration.attended = True
        registration.checked_in_at = past.starts_at - timedelta(minutes=rng.randint(0, 25))
        registration.checkin_source = "scan" if n % 2 else "door"
    db.session.commit()
    _fill(upcoming, range(30, 54), rng, _day(-5, 10))
    _fill(briefing, range(60, 72), rng, _day(-2, 9))
