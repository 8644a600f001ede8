"""The report over HTTP: who may see it, the page, htmx body, downloads read back, the audit."""

import csv
import io

import openpyxl
import pytest

from smeup.extensions import db
from smeup.models import AuditEntry

URL = "/console/report/"
Q3 = {"period": "q:2026-3"}


@pytest.mark.parametrize(
    "path",
    [
        URL,
        "/console/report/headline",
        "/console/report/report.xlsx",
        "/console/report/nz_checks.csv",
    ],
)
def test_officers_only(client, auth, path):
    anonymous = client.get(path)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    assert auth("agent").get(path).status_code == 403


def test_page_shows_every_strategy_with_definitions_and_links(auth, programme):
    page = auth("officer").get(URL, query_string=Q3)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for title in ("淨零排放", "數位轉型", "創新加值", "在地共榮", "跨策略"):
        assert title in html
    assert "115年第3季" in html and "前期：115年第2季" in html
    assert html.count('class="definition"') == 19  # one line under each table
    assert "健檢日後第 14 個日曆日（含）" in html
    # A figure links to the filtered list behind it (dates inclusive, Taipei days).
    assert "/console/netzero/?form_type=netzero" not in html
    assert "/console/netzero/?date_from=2026-07-01&amp;date_to=2026-09-30&amp;urgency=" in html or (
        "urgency=%E9%AB%98" in html and "date_from=2026-07-01" in html
    )
    assert 'class="tile-map-svg"' in html and html.count("<rect") >= 22
    assert "33.3%" in html  # 14 日內聯繫比率 1/3


def test_htmx_asks_for_the_body_only(auth, programme):
    client = auth("officer")
    answer = client.get(
        URL,
        query_string={**Q3, "county": "臺中市"},
        headers={"HX-Request": "true", "HX-Target": "report-body"},
    )
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert html.lstrip().startswith('<div id="report-body"') and "<html" not in html
    assert "臺中市" in html


def test_bad_filter_is_said_per_field(auth, programme):
    client = auth("officer")
    answer = client.get(
        URL, query_string={"from": "2026-13-01", "to": "2026-01-01", "county": "火星"}
    )
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert 'aria-invalid="true" aria-describedby="report-from-error"' in html
    assert "日期格式不正確" in html and "請從選單中選擇" in html
    # htmx redraws the body only: the errors are said there too.
    body = client.get(
        URL,
        query_string={"period": "range", "from": "2026-09-01", "to": "2026-08-01"},
        headers={"HX-Request": "true", "HX-Target": "report-body"},
    )
    assert body.status_code == 422 and 'role="alert"' in body.get_data(as_text=True)
    assert "起始日期不能晚於結束日期" in body.get_data(as_text=True)


def test_menu_period_wins_over_leftover_dates(auth, programme):
    client = auth("officer")
    html = client.get(
        URL, query_string={"period": "q:2026-3", "from": "2026-01-01", "to": "2026-01-02"}
    ).get_data(as_text=True)
    assert "115年第3季" in html and 'value="2026-01-01"' not in html
    ranged = client.get(
        URL, query_string={"period": "range", "from": "2026-07-01", "to": "2026-07-31"}
    ).get_data(as_text=True)
    assert "115/07/01–115/07/31" in ranged and '<option value="range" selected>' in ranged


def test_xlsx_has_a_sheet_per_strategy_and_definitions(auth, programme, app):
    answer = auth("officer").get("/console/report/report.xlsx", query_string=Q3)
    assert answer.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(answer.data))
    assert book.sheetnames == [
        "淨零排放",
        "數位轉型",
        "創新加值",
        "在地共榮",
        "跨策略：服務企業、管道與活動",
        "定義",
    ]
    rows = list(book["淨零排放"].iter_rows(values_only=True))
    assert rows[0][:4] == ("表格", "項目", "本期（115年第3季）", "前期（115年第2季）")
    assert ("淨零健檢", "淨零健檢件數", 4, 1, 3, None) in rows  # numbers as numbers
    across = list(book["跨策略：服務企業、管道與活動"].iter_rows(values_only=True))
    assert ("服務企業", "服務企業家數", 4, 2, 2, None) in across
    definitions = list(book["定義"].iter_rows(values_only=True))
    assert len(definitions) == 1 + 19 and definitions[0] == ("策略", "表格", "定義")
    with app.app_context():
        entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "export")).one()
        assert entry.detail["form_type"] == "report" and entry.detail["format"] == "xlsx"
        assert entry.detail["filters"] == {"period": "115年第3季"}


def test_csv_per_table(auth, programme, app):
    client = auth("officer")
    answer = client.get("/console/report/ac_channels.csv", query_string={**Q3, "county": "臺中市"})
    assert answer.status_code == 200
    text = answer.data.decode("utf-8")
    assert text.startswith("\ufeff項目,本期（115年第3季）")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert ["電話", "1", "0", "1", ""] in rows
    assert client.get("/console/report/nope.csv").status_code == 404
    with app.app_context():
        entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "export")).one()
        assert entry.detail["filters"] == {"period": "115年第3季", "county": "臺中市"}
        assert entry.detail["rows"] == 6


def test_dashboard_loads_the_headline_box(auth, programme):
    client = auth("officer")
    dashboard = client.get("/console/").get_data(as_text=True)
    assert 'data-hx-get="/console/report/headline"' in dashboard
    assert 'href="/console/report/"' in dashboard  # the plain link without JavaScript
    box = client.get("/console/report/headline").get_data(as_text=True)
    assert box.lstrip().startswith('<section id="report-headline"')
    for label in ("淨零排放", "數位轉型", "創新加值", "在地共榮"):
        assert label in box


def test_every_link_behind_a_figure_opens(auth, programme):
    import re
    from html import unescape

    client = auth("officer")
    html = client.get(URL, query_string=Q3).get_data(as_text=True)
    body = html[html.index('id="report-body"') :]
    links = {unescape(h) for h in re.findall(r'<a href="([^"]+)"', body)}
    assert len(links) > 20
    for href in sorted(links):
        assert client.get(href).status_code == 200, href
