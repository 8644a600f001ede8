"""Trend chart geometry: two panels on one month axis, bars from zero, an index axis around 100."""

from smeup.digital.trend_chart import index_lines, orders_and_sales


def test_orders_and_sales_share_the_month_axis_in_two_panels():
    chart = orders_and_sales(["2026-05", "2026-06", "2026-07"], [10, None, 20], [1000, 1500, None])
    orders, sales = chart.panels
    assert orders.top + orders.height < sales.top  # stacked, not overlaid on two y-axes
    assert [t for _y, t in orders.ticks][0] == "0"  # bars start at zero
    assert len(orders.bars) == 2  # the unreported month draws nothing, not a zero bar
    bar_centres = [b.x + b.w / 2 for b in orders.bars]
    dot_xs = [x for x, _y, _t in sales.lines[0].dots]
    assert bar_centres[0] == dot_xs[0]  # same month, same x in both panels
    assert [label for _x, label, _sub in chart.x_labels] == ["5月", "6月", "7月"]


def test_the_index_axis_starts_near_the_lowest_value_with_round_ticks():
    chart = index_lines(["2026-05", "2026-06", "2026-07"], {"甲": [100, 123, 96]})
    panel = chart.panels[0]
    assert [t for _y, t in panel.ticks] == ["90", "100", "110", "120", "130", "140"]
    assert panel.reference_y == [y for y, t in panel.ticks if t == "100"][0]
    flat = index_lines(["2026-05"], {"甲": [100]}).panels[0]
    assert [t for _y, t in flat.ticks] == ["95", "100", "105", "110", "115"]
