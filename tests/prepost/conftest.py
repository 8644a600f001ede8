"""Fixtures for pre/post tests: a course of the course survey, a test with three items, shops."""

import pytest

from smeup.extensions import db
from smeup.models.prepost import CourseTest, TestItem
from smeup.models.surveys import Survey, SurveyOption
from tests.digital.conftest import make_shop, sites  # noqa: F401 - fixtures used here

ITEMS = (
    # kind, points, options, correct, partial credit
    ("single", 2, [["A", "雲端發票"], ["B", "紙本發票"], ["C", "收據"]], ["A"], False),
    (
        "multiple",
        3,
        [["A", "LINE 官方帳號"], ["B", "傳單"], ["C", "Google 商家"], ["D", "電話簿"]],
        ["A", "C"],
        True,
    ),
    ("truefalse", 1, [["T", "是（對）"], ["F", "非（錯）"]], ["F"], False),
)


def build_test(open_kind: str | None = "pre") -> int:
    """A course and its test with ITEMS (max 6), opened as open_kind; returns the test id."""
    survey = Survey(title="課程意願調查", min_ranked=1, max_ranked=3)
    course = SurveyOption(survey=survey, code="digital101", label="數位行銷入門")
    test = CourseTest(course=course, title="數位行銷入門測驗", open_kind=open_kind)
    db.session.add_all([survey, course, test])
    for n, (kind, points, options, correct, partial) in enumerate(ITEMS):
        db.session.add(
            TestItem(
                test=test,
                position=n,
                kind=kind,
                prompt=f"題目{n + 1}：{kind}",
                points=points,
                options=options,
                correct=correct,
                partial_credit=partial,
            )
        )
    db.session.commit()
    return test.id


@pytest.fixture
def course_test(app):
    """The id of a test opened as 前測."""
    with app.app_context():
        return build_test()
