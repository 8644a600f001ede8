"""Demo data for `flask seed-demo`: one course test with about twenty matched participants.

Runs after the survey and digital seeders (it needs their courses and shops); safe to run twice:
nothing is added once a test exists.
"""

from __future__ import annotations

import random
from datetime import datetime

from ..extensions import db
from ..intake import Intake
from ..models.digital import Shop
from ..models.prepost import CourseTest, TestItem
from ..models.surveys import SurveyOption
from .taking import Participant, store_attempt

ITEMS = (
    (
        "single",
        2,
        "社群貼文的最佳發文頻率應該依據什麼決定？",
        ("固定每天三篇", "粉絲互動數據", "老闆心情", "同業做法"),
        "B",
    ),
    (
        "single",
        2,
        "「觸及率」指的是什麼？",
        ("按讚人數", "看到貼文的人數比例", "留言數", "分享數"),
        "B",
    ),
    (
        "multiple",
        3,
        "哪些是經營 LINE 官方帳號的好做法？",
        ("分眾推播", "每天推播多則廣告", "設定自動回覆", "提供會員集點"),
        "ACD",
    ),
    ("truefalse", 1, "熱銷文案應先寫產品規格，再寫顧客得到的好處。", None, "F"),
    (
        "single",
        2,
        "Google 商家檔案最能幫助哪一件事？",
        ("在地搜尋曝光", "降低進貨成本", "員工排班", "報稅"),
        "A",
    ),
    (
        "multiple",
        3,
        "評估線上活動成效時，哪些是合適的指標？",
        ("轉換率", "新增會員數", "海報尺寸", "客單價"),
        "ABD",
    ),
    ("truefalse", 1, "回覆負評時，公開道歉並私訊了解狀況是合適的做法。", None, "T"),
    (
        "single",
        2,
        "以下哪一項是品牌識別的一部分？",
        ("標準字與色彩", "月營業額", "店面租金", "員工人數"),
        "A",
    ),
)
PRE_DAY, POST_DAY = datetime(2026, 9, 15, 2), datetime(2026, 10, 20, 6)  # UTC: 10:00 / 14:00 Taipei
FAMILY = "陳林黃張李王吳劉蔡楊許鄭謝洪郭邱曾廖賴徐"
GIVEN = ("美玲", "志明", "淑芬", "家豪", "雅婷", "俊傑", "怡君", "建宏", "佩君", "宗翰")


def _answer(rng: random.Random, kind: str, options, right: str, skill: float) -> list[str]:
    """A participant's answer: right with probability `skill`, else a plausible wrong one."""
    codes = ["T", "F"] if kind == "truefalse" else [chr(65 + i) for i in range(len(options))]
    if rng.random() < skill:
        return list(right)
    if kind == "multiple":
        return sorted(set(right[:-1]) | {rng.choice(codes)})
    return [rng.choice([c for c in codes if c not in right])]


def seed() -> None:
    """Add a test for the first course with 前測 and 後測 attempts of the demo shops."""
    if db.session.scalar(db.select(CourseTest.id).limit(1)) is not None:
        return
    course = db.session.scalar(db.select(SurveyOption).order_by(SurveyOption.id).limit(1))
    shops = db.session.scalars(
        db.select(Shop).where(Shop.status == "active").order_by(Shop.id)
    ).all()
    if course is None or not shops:
        return
    test = CourseTest(course=course, title=f"{course.label} 課程測驗", open_kind="pre")
    db.session.add(test)
    for n, (kind, points, prompt, options, right) in enumerate(ITEMS):
        choices = (
            [["T", "是（對）"], ["F", "非（錯）"]]
            if kind == "truefalse"
            else [[chr(65 + i), text] for i, text in enumerate(options)]
        )
        db.session.add(
            TestItem(
                test=test,
                position=n,
                kind=kind,
                prompt=prompt,
                points=points,
                options=choices,
                correct=list(right),
                partial_credit=kind == "multiple",
            )
        )
    db.session.commit()
    rng = random.Random(14)  # noqa: S311 - demo answers, not secrets
    people = []
    for i in range(22):  # two shops send two people each
        shop = shops[i % len(shops)]
        name = FAMILY[i % len(FAMILY)] + GIVEN[i % len(GIVEN)]
        phone = f"09{rng.randint(10, 89)}{rng.randint(100000, 999999)}"
        who = Participant({"name": name}, shop=shop, ubn=shop.ubn, phone=phone)
        people.append((who, rng.uniform(0.25, 0.65)))
    for kind, day, everyone in (("pre", PRE_DAY, people), ("post", POST_DAY, people[:20])):
        test.open_kind = kind
        for minute, (who, skill) in enumerate(everyone):
            level = skill if kind == "pre" else min(0.95, skill + rng.uniform(0.1, 0.45))
            answers = {
                item.id: _answer(rng, item.kind, item.options, "".join(item.correct), level)
                for item in test.visible_items
            }
            attempt = store_attempt(test, who, answers, Intake("web", None, None))
            attempt.sent_at = day.replace(minute=minute)
    test.open_kind = None
    db.session.commit()
