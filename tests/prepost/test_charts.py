"""The person chart is a slope chart up to 30 matched people, dot pairs sorted by gain beyond."""

from smeup.prepost.charts import item_chart, person_chart
from smeup.prepost.figures import Pair
from smeup.prepost.results import ItemShare


def pairs(n):
    return tuple(Pair(f"p{i:02d}", float(i % 7), float(i % 7 + (i % 5) - 1)) for i in range(n))


def test_thirty_people_make_a_slope_chart_with_one_line_each():
    chart = person_chart(pairs(30), {}, 10)
    assert chart.kind == "slope" and len(chart.lines) == 30 and len(chart.dots) == 60


def test_more_make_dot_pairs_sorted_by_gain_with_drops_marked():
    chart = person_chart(pairs(31), {"p03": "林小美（森日咖啡）"}, 10)
    assert chart.kind == "dots" and len(chart.lines) == 31
    gains = [round(line.w - line.x, 6) for line in chart.lines]  # post − pre on one x scale
    assert gains == sorted(gains)
    assert {line.colour for line in chart.lines if line.w < line.x} == {"#b45f06"}
    assert any(line.title.startswith("林小美（森日咖啡）：前測 3 → 後測 5") for line in chart.lines)


def test_item_bars_are_as_long_as_the_share_right():
    chart = item_chart([ItemShare(1, "q", 1, 4, 3, 4)])
    pre, post = chart.bars
    assert post.w == 3 * pre.w and "前測答對 25%" in pre.title and "後測答對 75%" in post.title
