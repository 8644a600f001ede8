"""Export rows of a test (exports.md conventions): every attempt with its score, and the pairs."""

from __future__ import annotations

from collections.abc import Iterator

from ..clock import to_taipei
from ..exports.columns import Cell, Column, header, select_columns
from ..models.prepost import CourseTest
from .results import counted, test_figures

KIND_LABELS = {"pre": "前測", "post": "後測"}
ATTEMPT_COLUMNS = (
    Column("attempt_id", "作答編號"),
    Column("test_id", "測驗編號"),
    Column("test_title", "測驗名稱"),
    Column("course", "課程"),
    Column("kind", "測驗別"),
    Column("counted", "計分（第一次送出）"),
    Column("sent_at", "送出時間"),
    Column("channel", "管道"),
    Column("shop_id", "店家編號"),
    Column("shop_name", "店家名稱"),
    Column("ubn", "統一編號"),
    Column("contact_name", "姓名", personal=True),
    Column("contact_phone", "電話", personal=True),
    Column("score", "得分"),
    Column("max_score", "滿分"),
)
PAIR_COLUMNS = (
    Column("test_id", "測驗編號"),
    Column("shop_id", "店家編號"),
    Column("shop_name", "店家名稱"),
    Column("ubn", "統一編號"),
    Column("contact_name", "姓名", personal=True),
    Column("contact_phone", "電話", personal=True),
    Column("pre_score", "前測得分"),
    Column("post_score", "後測得分"),
    Column("gain", "進步"),
    Column("normalised_gain", "個人增益 g"),
    Column("max_score", "滿分"),
)


def export_header(what: str, personal: bool, chinese: bool) -> list[str]:
    """The header row of the attempts or pairs export."""
    columns = ATTEMPT_COLUMNS if what == "attempts" else PAIR_COLUMNS
    return header(select_columns(columns, personal), chinese)


def _keep(columns, personal: bool, row: dict) -> list[Cell]:
    return [row[c.key] for c in select_columns(columns, personal)]


def attempt_rows(test: CourseTest, personal: bool) -> Iterator[list[Cell]]:
    """Every attempt of the test (counted or not), oldest first."""
    from ..extensions import db
    from ..models.prepost import TestAttempt

    attempts = db.session.scalars(
        db.select(TestAttempt)
        .where(TestAttempt.test_id == test.id)
        .order_by(TestAttempt.sent_at, TestAttempt.id)
    )
    for a in attempts:
        yield _keep(
            ATTEMPT_COLUMNS,
            personal,
            {
                "attempt_id": a.id,
                "test_id": test.id,
                "test_title": test.title,
                "course": test.course.label,
                "kind": KIND_LABELS[a.kind],
                "counted": a.counted,
                "sent_at": to_taipei(a.sent_at),
                "channel": a.channel,
                "shop_id": a.shop_id,
                "shop_name": a.shop.name if a.shop else "",
                "ubn": a.ubn or "",
                "contact_name": a.name,
                "contact_phone": a.phone,
                "score": a.score,
                "max_score": a.max_score,
            },
        )


def pair_rows(test: CourseTest, personal: bool) -> Iterator[list[Cell]]:
    """One row per matched person: counted 前測 and 後測 scores, gain and individual g."""
    attempts = counted(test.id)
    latest = {a.person_key: a for a in attempts}
    fig = test_figures(test, attempts)
    for pair in fig.pairs:
        a = latest[pair.person]
        g = pair.gain / (fig.max_score - pair.pre) if pair.pre < fig.max_score else None
        yield _keep(
            PAIR_COLUMNS,
            personal,
            {
                "test_id": test.id,
                "shop_id": a.shop_id,
                "shop_name": a.shop.name if a.shop else "",
                "ubn": a.ubn or "",
                "contact_name": a.name,
                "contact_phone": a.phone,
                "pre_score": pair.pre,
                "post_score": pair.post,
                "gain": pair.gain,
                "normalised_gain": None if g is None else round(g, 4),
                "max_score": fig.max_score,
            },
        )
