"""Officers' survey results over HTTP: numbers on a hand-made set, filters, the SVG chart."""

import re
from datetime import date

import pytest

from smeup.extensions import db
from smeup.models import Event
from smeup.surveys.chart import bar_chart, shorten
from tests.surveys.conftest import text

OPTIONS = [("a", "課程甲"), ("b", "課程乙"), ("c", "課程丙"), ("d", "課程丁")]


@pytest.fixture
def survey_with_answers(app, make_survey, add_response):
    """K = 3. By hand (rank r earns 3 − r + 1):
    甲: ranks 1,1,2 → first 2, times 3, mean 4/3, borda 3+3+2 = 8
    乙: ranks 2,3,1 → first 1, times 3, mean 2,   borda 2+1+3 = 6
    丙: ranks 3,2   → first 0, times 2, mean 2.5, borda 1+2   = 3
    丁: never ranked.
    """
    survey_id = make_survey(OPTIONS, min_ranked=2, max_ranked=3, locations=["北區", "南區"])
    with app.app_context():
        event = Event(name="臺中場", date=date(2026, 12, 10))
        db.session.add(event)
        db.session.commit()
        event_id = event.id
    add_response(survey_id, ["a", "b", "c"], location="北區", event_id=event_id)
    add_response(survey_id, ["a", "c", "b"], location="北區")
    add_response(survey_id, ["b", "a"], location="南區", event_id=event_id)
    return survey_id, event_id


def table_rows(page: str) -> list[tuple[str, ...]]:
    """(label, first, times, mean, borda) of each results table row, in order."""
    body = re.search(r'<table class="results-table">.*?<tbody>(.*?)</tbody>', page, re.S).group(1)
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        label = re.search(r'<th scope="row">([^<]+)', row).group(1).strip()
        rows.append((label, *re.findall(r'<td class="num">([^<]+)</td>', row)))
    return rows


def test_results_numbers_on_a_hand_made_set(client, auth, survey_with_answers):
    survey_id, _ = survey_with_answers
    auth("officer")
    page = text(client.get(f"/console/surveys/{survey_id}/results"))
    assert "共 <strong>3</strong> 份回覆" in page
    assert table_rows(page) == [
        ("課程甲", "2", "3", "1.33", "8"),
        ("課程乙", "1", "3", "2.00", "6"),
        ("課程丙", "0", "2", "2.50", "3"),
        ("課程丁", "0", "0", "—", "0"),
    ]


def test_results_filter_by_location_and_event(client, auth, survey_with_answers):
    survey_id, event_id = survey_with_answers
    auth("officer")
    url = f"/console/surveys/{survey_id}/results"
    north = text(client.get(url, query_string={"location": "北區"}))
    assert "共 <strong>2</strong> 份回覆（已篩選）" in north
    assert table_rows(north)[0] == ("課程甲", "2", "2", "1.00", "6")
    at_event = text(client.get(url, query_string={"event": str(event_id)}))
    assert "共 <strong>2</strong> 份回覆" in at_event
    # 甲 and 乙 tie on score and first choices: the survey's option order decides.
    assert table_rows(at_event)[:2] == [
        ("課程甲", "1", "2", "1.50", "5"),
        ("課程乙", "1", "2", "1.50", "5"),
    ]
    both = text(client.get(url, query_string={"event": str(event_id), "location": "南區"}))
    assert table_rows(both)[0] == ("課程乙", "1", "1", "1.00", "3")
    no_event = text(client.get(url, query_string={"event": "none"}))
    assert "共 <strong>1</strong> 份回覆" in no_event
    assert f'<option value="{event_id}" selected>臺中場（2026-12-10）</option>' in at_event


def test_unknown_filter_values_count_everything(client, auth, survey_with_answers):
    survey_id, _ = survey_with_answers
    auth("officer")
    page = text(client.get(f"/console/surveys/{survey_id}/results?location=火星&event=abc"))
    assert "共 <strong>3</strong> 份回覆。" in page


def test_results_chart_is_svg_without_inline_styles(client, auth, survey_with_answers):
    survey_id, _ = survey_with_answers
    auth("officer")
    page = text(client.get(f"/console/surveys/{survey_id}/results"))
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', svg)]
    assert widths[0] == max(widths) and widths[1] == pytest.approx(widths[0] * 6 / 8, abs=0.1)
    assert widths[-1] == 0
    assert 'role="img"' in svg
    assert "style=" not in page and "<style" not in page


def test_htmx_filter_answers_the_results_fragment(client, auth, survey_with_answers):
    survey_id, _ = survey_with_answers
    auth("officer")
    response = client.get(
        f"/console/surveys/{survey_id}/results?location=南區", headers={"HX-Request": "true"}
    )
    body = text(response)
    assert body.lstrip().startswith('<section id="survey-results"')
    assert "共 <strong>1</strong> 份回覆" in body


def test_no_responses_says_so(client, auth, make_survey):
    survey_id = make_survey(OPTIONS)
    auth("officer")
    page = text(client.get(f"/console/surveys/{survey_id}/results"))
    assert "目前沒有符合條件的回覆" in page and "<svg" not in page


def test_chart_layout_scales_to_the_largest_value():
    chart = bar_chart([("甲", 10), ("乙", 5), ("丙", 0)])
    assert [b.y for b in chart.bars] == [0, 40, 80]
    assert chart.bars[0].width == 2 * chart.bars[1].width
    assert chart.bars[2].width == 0
    assert bar_chart([("甲", 0)]).bars[0].width == 0
    assert shorten("新媒體經營－拓展多元通路與社群經營實務") == "新媒體經營－拓展多元通路與…"
