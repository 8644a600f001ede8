"""Dashboard numbers (stats.py), the chart geometry (charts.py) and the page."""

import colorsys
import re
from datetime import UTC, date, datetime, timedelta

from smeup import charts
from smeup.console import stats
from smeup.console.views import taipei_today
from tests.console import factories as f
from tests.helpers import login


def test_daily_counts_by_form_and_channel_in_taipei_days(app, add):
    today = date(2026, 11, 26)
    add(
        lambda: [
            # 2026-11-25 16:30 UTC is 2026-11-26 00:30 in Taipei: today.
            f.netzero(submitted_at=datetime(2026, 11, 25, 16, 30), channel="phone"),
            f.netzero(submitted_at=datetime(2026, 11, 25, 15, 30)),  # 23:30 on the 25th
            f.sbtr(submitted_at=datetime(2026, 11, 26, 1, 0), channel="roadshow"),
            f.netzero(
                submitted_at=datetime(2026, 10, 27, 15, 59)
            ),  # 10/27 23:59: before the window
            f.netzero(submitted_at=datetime(2026, 10, 27, 16, 0)),  # 10/28 00:00: first day
        ]
    )
    with app.app_context():
        daily = stats.daily_counts(today)
    assert len(daily.days) == 30 and daily.days[0] == date(2026, 10, 28) and daily.days[-1] == today
    assert daily.by_form["netzero"][-1] == 1 and daily.by_form["sbtr"][-1] == 1
    assert daily.by_form["netzero"][-2] == 1
    assert daily.by_form["netzero"][0] == 1
    assert daily.by_channel["phone"][-1] == 1 and daily.by_channel["roadshow"][-1] == 1
    assert daily.totals[-1] == 2 and sum(daily.totals) == 4


def test_netzero_summary(app, add):
    add(
        lambda: [
            f.netzero(check={"urgency": "高", "total_tco2e": 100.5}),
            f.netzero(check={"urgency": "高", "total_tco2e": 20.25}),
            f.netzero(check={"urgency": "低", "total_tco2e": 1.0}),
        ]
    )
    with app.app_context():
        summary = stats.netzero_summary()
    assert summary.count == 3
    assert summary.by_urgency == {"高": 2, "中": 0, "低": 1}
    assert summary.total_tco2e == 121.75


def test_top_courses_of_open_surveys_use_the_borda_ranking(app, add):
    def build():
        open_survey = f.survey("開放問卷")
        closed = f.survey("已關閉問卷")
        closed.is_open = False
        return [
            f.course(open_survey, ranks=("social", "brand")),
            f.course(open_survey, ranks=("social", "copy")),
            f.course(open_survey, ranks=("brand", "social")),
            f.course(closed, ranks=("brand",)),
        ]

    add(build)
    with app.app_context():
        (top,) = stats.top_courses(limit=2)
    assert top.title == "開放問卷" and top.responses == 3
    assert [(o.code, o.borda) for o in top.top] == [("social", 14), ("brand", 9)]


def test_sbtr_spread_by_county_and_category(app, add):
    trio = (("22099131", "甲"), ("04541302", "乙"), ("34051920", "丙"))
    add(
        lambda: [
            f.sbtr(proposal={"site_county": "臺東縣"}),
            f.sbtr(proposal={"site_county": "臺東縣", "category": "B_PLUS"}, members=trio),
            f.sbtr(proposal={"site_county": "臺東縣"}),
            f.sbtr(proposal={"site_county": "彰化縣"}),
        ]
    )
    with app.app_context():
        spread = stats.sbtr_spread()
    assert spread.rows == [("臺東縣", {"A": 2, "B_PLUS": 1}), ("彰化縣", {"A": 1, "B_PLUS": 0})]
    assert spread.total == 4


def test_chart_geometry_is_proportional():
    assert [charts.nice_max(v) for v in (0, 3, 7, 10, 11, 180)] == [1, 5, 10, 10, 20, 200]
    days = [date(2026, 11, 1) + timedelta(days=i) for i in range(3)]
    chart = charts.stacked_columns(
        days, {"a": [2, 0, 4], "b": [2, 0, 1]}, {"a": "#000", "b": "#111"}, {"a": "A", "b": "B"}
    )
    heights = {s.title: s.h for s in chart.shapes}
    assert len(chart.shapes) == 4  # zero values draw nothing
    assert heights["11/01 A 2 件"] == heights["11/01 B 2 件"] == heights["11/03 A 4 件"] / 2
    bars = charts.stacked_bars([("甲", {"x": 10}), ("乙", {"x": 5})], {"x": "#000"}, {"x": "X"})
    assert bars.shapes[0].w == 2 * bars.shapes[1].w


def test_dashboard_page_has_charts_with_tables_and_no_style_attributes(
    client, users, add, taipei_midday
):
    # At midday: "now" and the page's "today" are the same Taipei day, whatever the real hour.
    login(client, users["officer"])
    now = taipei_midday.astimezone(UTC).replace(tzinfo=None)
    add(
        lambda: [
            f.netzero(submitted_at=now, check={"urgency": "高"}),
            f.course(f.survey(), submitted_at=now),
            f.sbtr(submitted_at=now, proposal={"site_county": "臺東縣"}),
        ]
    )
    html = client.get("/console/").get_data(as_text=True)
    assert html.count("<svg viewBox") >= 5
    assert html.count("<table") >= 4  # the two daily charts share one table
    assert " style=" not in html and "<style" not in html
    assert "臺東縣" in html and "企業品牌經營" in html and "急迫程度高" in html
    today = taipei_midday.strftime("%m/%d")
    assert taipei_today() == taipei_midday.date()
    assert re.search(rf"<th scope=\"row\">{today}</th>\s*<td class=\"num\">1</td>", html)


def test_agents_cannot_see_the_dashboard(client, users):
    login(client, users["agent"])
    assert client.get("/console/").status_code == 403


def test_empty_dashboard_renders(client, users):
    login(client, users["officer"])
    html = client.get("/console/").get_data(as_text=True)
    assert "目前沒有開放中的問卷" in html and "尚無提案" in html


def _hue(colour: str) -> float:
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return colorsys.rgb_to_hls(red, green, blue)[0] * 360


def test_netzero_and_navigator_are_told_apart_by_hue_and_a_pattern(client, users):
    """Issue 24: 淨零健檢 (green) and 導航 (teal) looked alike on the by-form chart."""
    from smeup.console.views import FORM_COLOURS, FORM_FILLS

    distance = abs(_hue(FORM_COLOURS["netzero"]) - _hue(FORM_COLOURS["navigator"]))
    assert min(distance, 360 - distance) >= 90  # another hue, not a neighbour of the green
    assert FORM_FILLS["navigator"] == "url(#fill-navigator)"  # striped, not colour alone
    login(client, users["officer"])
    html = client.get("/console/").get_data(as_text=True)
    assert '<pattern id="fill-navigator"' in html
    legend = html[html.index('id="chart-by-form-caption"') :]
    legend = legend[: legend.index("</figcaption>")]
    assert re.search(r'fill="url\(#fill-navigator\)"/></svg>補助與獎勵導航', legend)
