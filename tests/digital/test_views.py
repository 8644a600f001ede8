"""The grid, trends, outcome summary and exports over a small hand-made data set."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from smeup import clock
from smeup.digital.grid import site_month_grid
from smeup.digital.outcomes import outcomes_by_site
from smeup.extensions import db
from smeup.models import AuditEntry
from tests.digital.conftest import save_months

TODAY = date(2026, 8, 5)


@pytest.fixture(autouse=True)
def august(monkeypatch):
    monkeypatch.setattr(clock, "taipei_today", lambda: TODAY)


@pytest.fixture
def data(app, users, make_shop):
    """Two shops at 審計新村, one at 鹿港; May is everyone's baseline."""
    a = make_shop("甲店", ubn="04595257", phone="0912345678", enrolled_month="2026-05")
    b = make_shop("乙店", enrolled_month="2026-05")
    c = make_shop("丙店", site="鹿港", enrolled_month="2026-05")
    values = {
        a: {"2026-05": (100, 10, 10000), "2026-06": (150, 12, 10600), "2026-07": (200, 14, 11000)},
        b: {"2026-05": (50, 20, 20000), "2026-07": (60, 16, 20000)},
        c: {"2026-05": (5, 5, 5000), "2026-06": (None, None, None)},
    }
    save_months(app, values)
    return a, b, c


def test_grid_sums_each_site_by_month_with_shops_reporting(app, data):
    with app.app_context():
        grid = site_month_grid("usage", "2026-07", 3, "交易筆數")  # every shop counts 交易筆數
    assert grid.months == ["2026-05", "2026-06", "2026-07"]
    rows = {
        site.name: [(c.total, c.reporting, c.expected) for c in cells] for site, cells in grid.rows
    }
    assert rows["審計新村"] == [(150, 2, 2), (150, 1, 2), (260, 2, 2)]
    assert rows["鹿港"] == [(5, 1, 1), (None, 0, 1), (None, 0, 1)]  # a blank month is not "0"
    assert [(c.total, c.reporting, c.expected) for c in grid.totals] == [
        (155, 3, 3),
        (150, 1, 3),
        (260, 2, 3),
    ]


def test_grid_page_links_cells_to_their_shops(app, auth, data, sites):
    client = auth("officer")
    html = client.get("/digital/grid?metric=orders&end=2026-07&span=3").get_data(as_text=True)
    assert "2/2 家回報" in html and ">30<" in html  # 審計新村 2026-07 orders 14 + 16
    link = f"/digital/?site={sites['審計新村']}&amp;month=2026-07"
    assert link in html
    shops = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert "甲店" in shops and "乙店" in shops and "丙店" not in shops


def test_outcome_summary_per_site(app, data):
    with app.app_context():
        summary = {site.name: o for site, o in outcomes_by_site()}
    shen = summary["審計新村"]
    # 甲店 sales 10000 → 11000 (+10 %), orders 10 → 14 (+40 %); 乙店 20000 → 20000, 20 → 16 (−20 %)
    assert (shen.shops, shen.reporting, shen.comparable, shen.grew) == (2, 2, 2, 1)
    assert shen.median_sales_change == pytest.approx(5)
    assert shen.median_orders_change == pytest.approx(10)
    lukang = summary["鹿港"]
    assert (lukang.shops, lukang.reporting, lukang.comparable) == (1, 1, 0)


def test_shop_and_site_pages_draw_two_panels_and_an_index_with_tables(app, auth, data, sites):
    a, _b, _c = data
    client = auth("officer")
    shop = client.get(f"/digital/shops/{a}").get_data(as_text=True)
    # two panels in one SVG, plus the index chart; each drawn wide and for a phone
    assert shop.count("<svg viewBox") == 4
    assert "訂單數（筆）" in shop and "淨銷售額（元）" in shop
    assert "<rect" in shop and "<polyline" in shop
    assert ">150<" in shop and ">110<" in shop  # usage index 150 in June, sales index 110 in July
    site = client.get(f"/digital/sites/{sites['審計新村']}").get_data(as_text=True)
    assert "家回報" in site and "甲店" in site and "乙店" in site


def test_export_csv_and_xlsx_hold_every_record_with_text_ubn(app, auth, data):
    client = auth("officer")
    response = client.get("/digital/export.csv?keys=1")  # field keys: an option (exports.md)
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"  # once, not twice
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == [
        "shop_id",
        "shop_name",
        "site",
        "ubn",
        "contact_phone",
        "month",
        "usage",
        "usage_unit",
        "orders",
        "net_sales",
        "visit_date",
    ]
    assert len(rows) == 1 + 7
    assert rows[1][3] == "04595257" and rows[1][4] == "0912345678"
    plain = client.get("/digital/export.xlsx?no_personal=1&keys=1")
    sheet = load_workbook(io.BytesIO(plain.get_data()), read_only=True).worksheets[0]
    table = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert "contact_phone" not in table[0]
    assert table[1][3] == "04595257" and isinstance(table[1][5], int)
    with app.app_context():
        logged = db.session.scalars(
            db.select(AuditEntry).filter_by(action="export").order_by(AuditEntry.id)
        ).all()
    assert [e.detail["rows"] for e in logged] == [7, 7]
