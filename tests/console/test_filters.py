"""ListFilters parsing and filtered_query: exactly the right rows for every filter."""

from datetime import date, datetime

import pytest
from werkzeug.datastructures import MultiDict

from smeup.console.filters import BAD_DATE, BAD_RANGE, ListFilters, filtered_query
from smeup.extensions import db
from smeup.models import Submission
from smeup.models.surveys import CourseResponse
from tests.console import factories as f


def ids(app, form_type: str, **args) -> list[int]:
    """The ids filtered_query returns for these query-string args, in list order."""
    with app.app_context():
        query = filtered_query(form_type, ListFilters.from_args(MultiDict(args)))
        return [s.id for s in db.session.scalars(query)]


def test_from_args_reads_every_filter():
    filters = ListFilters.from_args(
        MultiDict(
            {
                "q": "  綠能 ",
                "date_from": "2026-11-01",
                "date_to": "2026-11-30",
                "channel": "phone",
                "event": "3",
                "county": "台中市",
                "status": "處理中",
                "urgency": "高",
                "survey": "7",
                "category": "B_PLUS",
                "page": "2",
            }
        )
    )
    assert filters.q == "綠能"
    assert (filters.date_from, filters.date_to) == (date(2026, 11, 1), date(2026, 11, 30))
    assert (filters.event, filters.survey) == (3, 7)
    assert filters.county == "臺中市"  # 台 accepted for 臺
    assert filters.errors == {}
    assert "page" not in filters.as_args()
    assert filters.as_args()["county"] == "臺中市"


def test_unreadable_values_are_dropped_with_a_message():
    filters = ListFilters.from_args(
        MultiDict({"date_from": "2026-13-01", "event": "abc", "survey": "1; drop"})
    )
    assert filters.date_from is None and filters.event is None and filters.survey is None
    assert filters.errors["date_from"] == BAD_DATE
    assert set(filters.errors) == {"date_from", "event", "survey"}
    assert not filters.active


def test_a_backwards_date_range_is_refused():
    filters = ListFilters.from_args(MultiDict({"date_from": "2026-11-10", "date_to": "2026-11-01"}))
    assert filters.errors == {"date_to": BAD_RANGE}
    assert filters.date_to is None


def test_full_width_search_text_is_folded():
    assert ListFilters.from_args(MultiDict({"q": "０４５４"})).q == "0454"


def test_only_the_form_asked_for(app, add):
    add(lambda: [f.netzero(), f.sbtr(), f.course(f.survey())])
    assert len(ids(app, "netzero")) == 1
    assert len(ids(app, "sbtr")) == 1
    assert len(ids(app, "course")) == 1


def test_search_matches_company_name_or_ubn(app, add):
    green, ubn, _other = add(
        lambda: [
            f.netzero(company_name="綠能科技股份有限公司", ubn="22099131"),
            f.netzero(company_name="大同商行", ubn="04541302"),
            f.netzero(company_name="其他公司", ubn="34051920"),
        ]
    )
    assert ids(app, "netzero", q="綠能") == [green]
    assert ids(app, "netzero", q="0454") == [ubn]
    assert ids(app, "netzero", q="04541302") == [ubn]
    assert ids(app, "netzero", q="沒有這家") == []


def test_search_treats_wildcards_as_text(app, add):
    percent, _plain = add(
        lambda: [f.netzero(company_name="100%純"), f.netzero(company_name="100純")]
    )
    assert ids(app, "netzero", q="100%") == [percent]
    assert ids(app, "netzero", q="_") == []


def test_search_ignores_latin_case(app, add):
    (acme,) = add(lambda: [f.netzero(company_name="ACME Taiwan")])
    assert ids(app, "netzero", q="acme") == [acme]


def test_date_range_is_in_taipei_days(app, add):
    # 2026-11-20 23:30 in Taipei is 15:30 UTC the same day; 00:30 on the 21st is 16:30 UTC the 20th.
    late, next_day, _earlier = add(
        lambda: [
            f.netzero(submitted_at=datetime(2026, 11, 20, 15, 30)),
            f.netzero(submitted_at=datetime(2026, 11, 20, 16, 30)),
            f.netzero(submitted_at=datetime(2026, 11, 19, 15, 59)),
        ]
    )
    assert ids(app, "netzero", date_from="2026-11-20", date_to="2026-11-20") == [late]
    assert ids(app, "netzero", date_from="2026-11-21") == [next_day]
    assert sorted(ids(app, "netzero", date_to="2026-11-20")) == sorted([late, _earlier])


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({"channel": "phone"}, ["phone"]),
        ({"county": "臺中市"}, ["taichung"]),
        ({"status": "處理中"}, ["moved"]),
        ({"urgency": "高"}, ["high"]),
        ({"channel": "roadshow", "urgency": "高"}, []),
    ],
)
def test_each_envelope_filter(app, add, args, expected):
    made = dict(
        zip(
            ("phone", "taichung", "moved", "high"),
            add(
                lambda: [
                    f.netzero(channel="phone"),
                    f.netzero(county="臺中市"),
                    f.netzero(status="處理中"),
                    f.netzero(check={"urgency": "高"}),
                ]
            ),
            strict=True,
        )
    )
    assert sorted(ids(app, "netzero", **args)) == sorted(made[name] for name in expected)


def test_event_filter(app, add):
    def build():
        e = f.event()
        return [f.netzero(channel="roadshow", event_id=e.id), f.netzero()]

    at_event, _web = add(build)
    with app.app_context():
        event_id = db.session.get(Submission, at_event).event_id
    assert ids(app, "netzero", event=str(event_id)) == [at_event]


def test_survey_filter_for_course(app, add):
    def build():
        one, two = f.survey("問卷一"), f.survey("問卷二")
        return [f.course(one), f.course(two), f.course(two)]

    first, *second = add(build)
    with app.app_context():
        survey_one = db.session.get(CourseResponse, first).survey_id
        survey_two = db.session.get(CourseResponse, second[0]).survey_id
    assert ids(app, "course", survey=str(survey_one)) == [first]
    assert sorted(ids(app, "course", survey=str(survey_two))) == sorted(second)


def test_category_filter_for_sbtr(app, add):
    single, bplus = add(
        lambda: [
            f.sbtr(),
            f.sbtr(
                members=(("22099131", "甲"), ("04541302", "乙"), ("34051920", "丙")),
                proposal={"category": "B_PLUS"},
            ),
        ]
    )
    assert ids(app, "sbtr", category="B_PLUS") == [bplus]
    assert ids(app, "sbtr", category="A") == [single]


def test_a_filter_of_another_form_finds_nothing_rather_than_everything(app, add):
    add(lambda: [f.sbtr()])
    assert ids(app, "sbtr", category="Z") == []


def test_newest_first(app, add):
    old, new = add(
        lambda: [
            f.netzero(submitted_at=datetime(2026, 1, 1)),
            f.netzero(submitted_at=datetime(2026, 6, 1)),
        ]
    )
    assert ids(app, "netzero") == [new, old]
