"""數位轉型: counts per metric, a grid that adds up, phone-sized pages, the export read back,
and locked months an officer can reopen (several shops at once).

Hand-made data, today 2026-08-05, months lock 10 days after they end (June is locked, July open):
審計新村: 甲店 and 乙店 count usage in 交易筆數 (enrolled 2026-05), 丙店 in 登入天數 (2026-06);
鹿港: 丁店 (交易筆數, 2026-05) never reports.

            usage  orders  net sales
  甲 06      100     10     10,000
  甲 07      120     12     12,000
  乙 06       50      5      5,000
  乙 07       60      6      (none)      ← orders but no net sales
  丙 06       20      2      2,000       (登入天數)
  丙 07       25      3      3,000
"""

import csv
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook

from smeup import clock
from smeup.digital.grid import site_month_grid
from smeup.digital.import_file import KEY_HEADERS, read_file
from smeup.digital.records import MonthValues, save_month
from smeup.digital.trend_chart import NARROW_LABELS, index_lines, orders_and_sales
from smeup.digital.trends import site_trend
from smeup.extensions import db
from smeup.models import AuditEntry
from smeup.models.digital import MonthlyRecord, MonthReopening, Shop
from tests.digital.conftest import save_months
from tests.digital.test_entry_http import post_month
from tests.digital.test_import import confirm, upload
from tests.helpers import count_rows, csrf_token

TODAY = date(2026, 8, 5)
PHONE_CONTENT_PX = 358  # a 390 px phone less the page's 16 px padding each side


@pytest.fixture(autouse=True)
def august(monkeypatch):
    monkeypatch.setattr(clock, "taipei_today", lambda: TODAY)


@pytest.fixture
def data(app, users, make_shop):
    a = make_shop("甲店", ubn="04595257", enrolled_month="2026-05")
    b = make_shop("乙店", enrolled_month="2026-05")
    c = make_shop("丙店", usage_unit="登入天數", enrolled_month="2026-06")
    d = make_shop("丁店", site="鹿港", enrolled_month="2026-05")
    values = {
        a: {"2026-06": (100, 10, 10000), "2026-07": (120, 12, 12000)},
        b: {"2026-06": (50, 5, 5000), "2026-07": (60, 6, None)},
        c: {"2026-06": (20, 2, 2000), "2026-07": (25, 3, 3000)},
    }
    save_months(app, values)
    return a, b, c, d


# 1. The site page counts reports per metric ------------------------------------------------


def test_site_trend_counts_reports_per_metric(app, data, sites):
    with app.app_context():
        trend = site_trend(sites["審計新村"])
    assert trend.months == ["2026-06", "2026-07"]
    assert trend.orders == [17, 21] and trend.sales == [17000, 15000]
    # July: three shops reported orders, two net sales (乙店 sent orders only).
    assert trend.reporting == {"usage": [3, 3], "orders": [3, 3], "net_sales": [3, 2]}
    orders_panel, sales_panel = trend.chart.panels
    assert [label for _x, label in orders_panel.counts] == ["3 家", "3 家"]
    assert [label for _x, label in sales_panel.counts] == ["3 家", "2 家"]
    # 交易筆數 and 登入天數 do not add up: the site's usage is not summed.
    assert trend.usage == [None, None] and trend.usage_unit is None


def test_site_page_shows_each_metrics_own_count(auth, data, sites):
    html = auth("officer").get(f"/digital/sites/{sites['審計新村']}").get_data(as_text=True)
    table = html.split('id="site-trend-table-caption"')[1].split("</table>")[0]
    july = table.split(">2026-07<")[1].split("</tr>")[0]
    cells = re.findall(r'<td class="num">(.*?)</td>', july)
    assert cells[1] == '21<span class="reported">3 家回報</span>'
    assert cells[2] == '15,000<span class="reported">2 家回報</span>'


# 2. The grid adds up: net sales by default, usage within one unit, n/m 家回報 ----------------


def test_grid_defaults_to_net_sales_and_says_who_is_missing(auth, data):
    html = auth("officer").get("/digital/grid?end=2026-07&span=3").get_data(as_text=True)
    assert "<h1>場域月報表：淨銷售額</h1>" in html
    body = html.split("<tbody>")[1]
    shen = body.split("</tr>")[0]
    # May: nobody reported, 甲 and 乙 were enrolled; June 10,000+5,000+2,000 of 3; July 2 of 3.
    assert "0/2 家回報" in shen
    assert ">17,000<" in shen and "3/3 家回報" in shen
    assert ">15,000<" in shen and "2/3 家回報" in shen
    lukang = body.split(">鹿港<")[1].split("</tr>")[0]
    assert lukang.count("0/1 家回報") == 3
    foot = html.split("<tfoot>")[1]
    assert "3/4 家回報" in foot and "2/4 家回報" in foot


def test_usage_is_summed_within_one_unit(app, auth, data, sites):
    with app.app_context():
        with pytest.raises(ValueError):
            site_month_grid("usage", "2026-07", 3)
        trades = site_month_grid("usage", "2026-07", 3, "交易筆數")
        logins = site_month_grid("usage", "2026-07", 3, "登入天數")
    cells = {s.name: [(c.total, c.reporting, c.expected) for c in row] for s, row in trades.rows}
    assert cells["審計新村"] == [(None, 0, 2), (150, 2, 2), (180, 2, 2)]
    cells = {s.name: [(c.total, c.reporting, c.expected) for c in row] for s, row in logins.rows}
    assert cells["審計新村"] == [(None, 0, 0), (20, 1, 1), (25, 1, 1)]
    # Usage without a unit: the unit most shops count in (3 of 4 shops: 交易筆數).
    html = auth("officer").get("/digital/grid?metric=usage&end=2026-07&span=3")
    page = html.get_data(as_text=True)
    assert "場域月報表：使用量（交易筆數）" in page and ">180<" in page and ">205<" not in page
    page = auth("officer").get("/digital/grid?metric=usage&unit=登入天數&end=2026-07&span=3")
    assert ">25<" in page.get_data(as_text=True)


# 3. Tables scroll inside a focusable, named wrapper -----------------------------------------


def wrappers(html: str) -> list[str]:
    return re.findall(r'<div class="table-wrap[^"]*"[^>]*>', html)


@pytest.mark.parametrize("role", ["officer", "agent"])
def test_every_table_wrapper_is_focusable_and_named(app, auth, data, role):
    a = data[0]
    with app.app_context():  # a change after the first save: the history table shows
        save_month(
            db.session.get(Shop, a),
            "2026-07",
            MonthValues(usage=121, orders=12, net_sales=12000),
            user_id=None,
            key="second-save-key-padding-x",
            today=TODAY,
            lock_days=10,
        )
    client = auth(role)
    pages = ["/digital/", f"/digital/shops/{a}"]
    if role == "officer":
        pages += ["/digital/grid", "/digital/outcomes", "/digital/sites/"]
    for url in pages:
        html = client.get(url).get_data(as_text=True)
        found = wrappers(html)
        assert found, url
        for div in found:
            assert 'tabindex="0"' in div and 'role="region"' in div, (url, div)
            name = re.search(r'aria-labelledby="([^"]+)"', div)
            assert name and f'id="{name.group(1)}"' in html, (url, div)


# 4. The counsellor's shop list --------------------------------------------------------------


def test_a_counsellor_list_drops_the_counsellor_column_and_labels_cells(auth, data):
    html = auth("agent").get("/digital/").get_data(as_text=True).split('id="main"')[1]
    assert ">輔導顧問<" not in html and "測試agent" not in html
    assert 'data-label="場域"' in html and 'data-label="狀態"' in html
    officer = auth("officer").get("/digital/").get_data(as_text=True)
    assert ">輔導顧問<" in officer and 'data-label="輔導顧問"' in officer


# 5. Charts drawn for a phone ----------------------------------------------------------------

YEAR = [f"2026-{m:02d}" for m in range(1, 13)]


def test_a_phone_chart_keeps_every_text_at_least_11_px():
    chart = orders_and_sales(
        YEAR,
        [120 * m for m in range(12)],
        [1_200_000 + m for m in range(12)],
        ([3] * 12, [2] * 12),
        narrow=True,
    )
    scale = PHONE_CONTENT_PX / chart.width
    assert scale >= 1 and chart.font * scale >= 11 and chart.small_font * scale >= 11
    assert len(chart.x_labels) <= NARROW_LABELS
    assert all(len(p.counts) <= NARROW_LABELS for p in chart.panels)
    assert chart.panels[1].ticks[-1][1] == "200萬"  # short tick labels fit the narrow frame
    index = index_lines(YEAR, {"甲": [100 + m for m in range(12)]}, narrow=True)
    assert index.width == chart.width and len(index.x_labels) <= NARROW_LABELS
    # The wide drawing is unchanged.
    assert orders_and_sales(YEAR, [1] * 12, [1] * 12).width == 640


def test_the_shop_page_carries_a_phone_drawing_of_each_chart(auth, data):
    html = auth("agent").get(f"/digital/shops/{data[0]}").get_data(as_text=True)
    assert html.count('class="chart trend-chart chart-wide"') == 2
    assert html.count('class="chart trend-chart chart-narrow"') == 2
    assert 'viewBox="0 0 340 ' in html


# 6. The next month's hint after a save (out of band) ------------------------------------------


def test_saving_a_month_resends_the_next_months_hint_out_of_band(app, auth, make_shop, users):
    shop_id = make_shop("戊店", enrolled_month="2026-06")
    response = post_month(auth("agent"), shop_id, "2026-07", usage="80", orders="8")
    html = response.get_data(as_text=True)
    hint = re.search(r'<p class="hint" id="hint-2026-08-usage"[^>]*>', html)
    assert hint and 'hx-swap-oob="true"' in hint.group(0) and 'data-previous="80"' in hint.group(0)


# 7. The export reads back in --------------------------------------------------------------


def test_the_monthly_export_has_zh_hant_headers_by_default_and_keys_as_an_option(auth, data):
    client = auth("officer")
    rows = list(
        csv.reader(io.StringIO(client.get("/digital/export.csv").get_data().decode("utf-8-sig")))
    )
    assert rows[0][:6] == ["店家編號", "店家名稱", "場域", "統一編號", "店家電話", "月份"]
    keyed = client.get("/digital/export.csv?keys=1").get_data().decode("utf-8-sig")
    assert keyed.startswith("shop_id,shop_name,site,ubn,contact_phone,month")
    assert set(KEY_HEADERS) <= set(keyed.split("\r\n")[0].split(","))


@pytest.mark.parametrize(
    "query", ["export.csv", "export.csv?keys=1", "export.xlsx", "export.xlsx?keys=1&no_personal=1"]
)
def test_the_export_imports_again_unchanged(app, auth, data, query):
    client = auth("officer")
    exported = client.get(f"/digital/{query}").get_data()
    name = "月資料." + query.split(".")[1].split("?")[0]
    response = upload(client, name, exported)
    assert response.status_code == 303, response.get_data(as_text=True)[:800]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    # Six records, all the same as stored (June is locked, but a row that changes nothing is
    # not refused): nothing to write.
    assert re.search(r"相同 <strong>6</strong> 列", page)
    assert re.search(r"錯誤 <strong>0</strong> 列", page)
    assert "沒有需要寫入的資料" in page


def test_an_edited_export_changes_only_what_was_edited(app, auth, data):
    client = auth("officer")
    text = client.get("/digital/export.csv").get_data().decode("utf-8-sig")
    edited = text.replace(
        "乙店,審計新村,,,2026-07,60,交易筆數,6,,", "乙店,審計新村,,,2026-07,60,交易筆數,6,6000,"
    )
    assert edited != text
    location = upload(client, "edited.csv", edited.encode("utf-8-sig")).headers["Location"]
    assert re.search(r"修改 <strong>1</strong> 列", client.get(location).get_data(as_text=True))
    assert confirm(client, location).status_code == 303
    with app.app_context():
        stored = db.session.scalar(
            db.select(MonthlyRecord.net_sales)
            .join(Shop)
            .where(Shop.name == "乙店", MonthlyRecord.month == "2026-07")
        )
    assert stored == 6000


def test_the_import_page_offers_a_template_the_importer_reads(app, auth, data):
    client = auth("officer")
    assert "/digital/import/template.xlsx" in client.get("/digital/import").get_data(as_text=True)
    response = client.get("/digital/import/template.xlsx")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.get_data()), read_only=True).worksheets[0]
    table = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert table[0] == ["統一編號", "店家名稱", "月份", "使用量", "訂單數", "淨銷售額"]
    assert len(table) == 2 and table[1][0] == "04595257"
    rows = read_file("template.xlsx", response.get_data())
    assert rows[0].cells["月份"] == "2026-05"


def test_a_row_given_by_ubn_shows_the_shops_name_in_the_preview(auth, data):
    client = auth("officer")
    content = "統一編號,月份,使用量,訂單數,淨銷售額\r\n04595257,2026-07,130,13,13000\r\n"
    location = upload(client, "ubn.csv", content.encode()).headers["Location"]
    page = client.get(location).get_data(as_text=True)
    row = page.split("<tbody>")[1].split("</tr>")[0]
    assert "<td>甲店</td>" in row and "修改" in row


# 8. Locked months: an officer is shown where to reopen, and reopens several shops at once ----


def test_an_officer_refused_a_locked_month_is_shown_where_to_reopen(auth, data):
    a = data[0]
    client = auth("officer")
    refused = post_month(client, a, "2026-06", usage="101", orders="10", net_sales="10000")
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "請洽承辦人員" not in html
    assert f'href="/digital/shops/{a}#reopen"' in html and "/digital/reopen?month=2026-06" in html
    entry = client.get(f"/digital/shops/{a}/entry").get_data(as_text=True)
    assert "請洽承辦人員" not in entry and f'href="/digital/shops/{a}#reopen"' in entry
    # A counsellor is still told to ask the officer.
    agent = post_month(auth("agent"), a, "2026-06", usage="101").get_data(as_text=True)
    assert "如需修改請洽承辦人員重新開放" in agent


def test_an_officer_reopens_one_month_for_several_shops_with_one_reason(app, auth, data, sites):
    a, b, c, _d = data
    client = auth("officer")
    page = client.get(f"/digital/reopen?month=2026-06&site={sites['審計新村']}").get_data(
        as_text=True
    )
    assert page.count('name="shop"') == 3 and "丁店" not in page
    token = csrf_token(client, "/digital/reopen?month=2026-06")
    form = {"csrf_token": token, "month": "2026-06", "site": str(sites["審計新村"])}
    no_reason = client.post("/digital/reopen", data={**form, "shop": [str(a), str(b)]})
    assert no_reason.status_code == 422 and "請填寫重新開放的原因" in no_reason.get_data(
        as_text=True
    )
    no_shop = client.post("/digital/reopen", data={**form, "reason": "廠商補正六月報表"})
    assert no_shop.status_code == 422 and "請勾選至少一家店家" in no_shop.get_data(as_text=True)
    open_month = client.post(
        "/digital/reopen", data={**form, "month": "2026-07", "shop": [str(a)], "reason": "x"}
    )
    assert open_month.status_code == 422 and count_rows(app, MonthReopening) == 0
    done = client.post(
        "/digital/reopen", data={**form, "shop": [str(a), str(b)], "reason": "廠商補正六月報表"}
    )
    assert done.status_code == 303
    with app.app_context():
        reopened = db.session.execute(
            db.select(MonthReopening.shop_id, MonthReopening.month, MonthReopening.reason).order_by(
                MonthReopening.shop_id
            )
        ).all()
        audited = db.session.scalars(
            db.select(AuditEntry).filter_by(action="digital_month_reopen").order_by(AuditEntry.id)
        ).all()
    assert reopened == [(a, "2026-06", "廠商補正六月報表"), (b, "2026-06", "廠商補正六月報表")]
    assert [(e.detail["shop_id"], e.detail["month"], e.detail["reason"]) for e in audited] == [
        (a, "2026-06", "廠商補正六月報表"),
        (b, "2026-06", "廠商補正六月報表"),
    ]
    agent = auth("agent")
    assert (
        post_month(agent, b, "2026-06", usage="55", orders="5", net_sales="5000").status_code == 200
    )
    assert (
        post_month(agent, c, "2026-06", usage="21").status_code == 422
    )  # not ticked: still locked


def test_only_officers_reopen(app, auth, data):
    client = auth("agent")
    assert client.get("/digital/reopen").status_code in (403, 404)
