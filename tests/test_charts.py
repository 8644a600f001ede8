"""charts.py: the wide drawing keeps its geometry; the phone drawing fits its text (issue 24)."""

from datetime import date, timedelta

from pytest import approx

from smeup import charts

DAYS = [date(2026, 11, 8) + timedelta(days=i) for i in range(30)]
SERIES = {"a": [i % 4 for i in range(30)], "b": [(i * 7) % 3 for i in range(30)]}
COLOURS = {"a": "#000", "b": "#111"}
LABELS = {"a": "A", "b": "B"}


def _extent(text: charts.Text) -> tuple[float, float]:
    width = charts.text_width(text.text) + (charts.FONT if text.text.endswith("…") else 0)
    start = {"start": 0, "middle": width / 2, "end": width}[text.anchor]
    return text.x - start, text.x - start + width


def test_columns_keep_the_wide_drawing_and_add_a_phone_one():
    chart = charts.stacked_columns(DAYS, SERIES, COLOURS, LABELS)
    assert (chart.width, chart.height, chart.plot_left) == (460, 200, 40)
    dates = [t.text for t in chart.texts if "/" in t.text]
    assert dates == ["11/08", "11/13", "11/18", "11/23", "11/28", "12/03", "12/07"]
    narrow = chart.narrow
    assert narrow is not None and narrow.width == charts.NARROW_WIDTH and narrow.narrow is None
    assert len(narrow.shapes) == len(chart.shapes)
    # Fewer date ticks on a phone, none touching the next, the last day always labelled.
    ticks = sorted(_extent(t) for t in narrow.texts if "/" in t.text)
    assert ticks[-1][1] <= narrow.width and ticks[0][0] >= 0
    assert all(a[1] + 4 <= b[0] for a, b in zip(ticks, ticks[1:], strict=False))
    assert [t.text for t in narrow.texts][-1] == "12/07"


def test_bars_on_a_phone_cut_long_labels_to_fit():
    rows = [("新媒體經營－拓展多元通路與品牌", {"x": 39}), ("企業品牌經營", {"x": 1234.5})]
    chart = charts.stacked_bars(rows, {"x": "#000"}, {"x": "X"})
    narrow = chart.narrow
    assert narrow is not None and narrow.width == charts.NARROW_WIDTH
    labels = [t.text for t in narrow.texts if t.anchor == "end"]
    assert labels[0].endswith("…") and labels[1] == "企業品牌經營"
    for text in narrow.texts:
        start, end = _extent(text)
        assert start >= 0 and end <= narrow.width, text
    assert narrow.shapes[0].w / narrow.shapes[1].w == approx(chart.shapes[0].w / chart.shapes[1].w)


def test_a_caller_can_draw_one_chart_only():
    assert charts.stacked_columns(DAYS, SERIES, COLOURS, LABELS, narrow_width=None).narrow is None
    bars = charts.stacked_bars([("甲", {"x": 1})], {"x": "#000"}, {"x": "X"}, width=280)
    assert bars.narrow is None  # already narrower than the phone drawing


def test_fit_text():
    assert charts.fit_text("企業品牌經營", 200) == "企業品牌經營"
    assert charts.fit_text("企業品牌經營", 4 * charts.FONT) == "企業品…"
