"""A participant's attempt: who they are, their answers, scored and stored (first one counts)."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError

from ..company.phone import parse_phone
from ..company.ubn import is_valid_ubn, normalise_ubn
from ..extensions import db
from ..ids import parse_id
from ..models.digital import Shop
from ..models.prepost import CourseTest, TestAttempt
from .definitions import item_keys
from .matching import person_key
from .scoring import score_attempt

MAX_CHOICES = 10


@dataclass
class Participant:
    """The identity block as typed, what it resolved to, and its errors by field name."""

    values: dict
    errors: dict = field(default_factory=dict)
    shop: Shop | None = None
    ubn: str | None = None
    phone: str = ""


def read_participant(form: Mapping[str, str]) -> Participant:
    """Check shop or 統一編號, name, phone and consent."""
    # NUL cannot be stored in PostgreSQL text; no person types one.
    values = {
        k: (form.get(k) or "").replace("\x00", "").strip()[:100]
        for k in ("shop_id", "ubn", "name", "phone")
    }
    values["consent"] = form.get("consent") == "y"
    who = Participant(values)
    if values["shop_id"]:
        shop_id = parse_id(values["shop_id"])
        who.shop = db.session.get(Shop, shop_id) if shop_id else None
        if who.shop is None or who.shop.status != "active":
            who.errors["shop_id"] = "請從清單選擇您的店家"
    if values["ubn"]:
        ubn = normalise_ubn(values["ubn"])
        if not is_valid_ubn(ubn):
            who.errors["ubn"] = "統一編號應為 8 位數字，請再確認"
        else:
            who.ubn = ubn
            if who.shop is None and "shop_id" not in who.errors:
                # A typed 統一編號 of exactly one enrolled shop is that shop.
                shops = db.session.scalars(db.select(Shop).where(Shop.ubn == ubn).limit(2)).all()
                who.shop = shops[0] if len(shops) == 1 else None
    if not values["shop_id"] and not values["ubn"]:
        who.errors["shop_id"] = "請選擇您的店家，或填寫統一編號"
    if who.shop is not None and who.ubn is None:
        who.ubn = who.shop.ubn
    if not values["name"]:
        who.errors["name"] = "請填寫姓名"
    elif len(values["name"]) > 50:
        who.errors["name"] = "姓名請在 50 字以內"
    who.phone = parse_phone(values["phone"]) or ""
    if not values["phone"]:
        who.errors["phone"] = "請填寫電話（前測、後測請用同一支電話）"
    elif not who.phone:
        who.errors["phone"] = "電話號碼格式不正確，例如 0912-345-678"
    if not values["consent"]:
        who.errors["consent"] = "請勾選同意個人資料蒐集，才能送出"
    return who


def read_answers(test: CourseTest, form) -> dict[int, list[str]]:
    """The chosen option codes per visible item, keeping only codes the item offers."""
    answers = {}
    for item in test.visible_items:
        offered = {code for code, _label in item.options}
        chosen = [c for c in form.getlist(f"item-{item.id}")[:MAX_CHOICES] if c in offered]
        if chosen:
            answers[item.id] = sorted(set(chosen))
    return answers


def store_attempt(test: CourseTest, who: Participant, answers, intake) -> TestAttempt:
    """Score and add an attempt of the open kind (the caller commits); it counts if it is the first."""
    kind = test.open_kind
    items = test.visible_items
    scores = score_attempt(item_keys(items), answers)
    key = person_key(shop_id=who.shop.id if who.shop else None, ubn=who.ubn, phone=who.phone)
    attempt = TestAttempt(
        test_id=test.id,
        kind=kind,
        token=secrets.token_urlsafe(32),
        shop_id=who.shop.id if who.shop else None,
        ubn=who.ubn,
        name=who.values["name"],
        phone=who.phone,
        person_key=key,
        consent=True,
        answers={str(k): v for k, v in answers.items()},
        item_scores={str(k): float(v) for k, v in scores.items()},
        score=float(sum(scores.values())),
        max_score=sum(i.points for i in items),
        channel=intake.channel,
        event_id=intake.event_id,
    )
    # The unique counted_key lets only one attempt per person and kind count, even when two
    # arrive at once: the second insert fails and is stored again as not counted.
    attempt.counted, attempt.counted_key = True, f"{test.id}|{kind}|{key}"
    try:
        with db.session.begin_nested():
            db.session.add(attempt)
    except IntegrityError:
        attempt = TestAttempt(**{c: getattr(attempt, c) for c in _COPIED})
        attempt.counted, attempt.counted_key = False, None
        db.session.add(attempt)
    db.session.flush()
    return attempt


_COPIED = [
    "test_id",
    "kind",
    "token",
    "shop_id",
    "ubn",
    "name",
    "phone",
    "person_key",
    "consent",
    "answers",
    "item_scores",
    "score",
    "max_score",
    "channel",
    "event_id",
]


def counted_score(test_id: int, kind: str, key: str) -> TestAttempt | None:
    """The counted attempt of a kind for a person, if any."""
    return db.session.scalar(
        db.select(TestAttempt).where(TestAttempt.counted_key == f"{test_id}|{kind}|{key}")
    )
