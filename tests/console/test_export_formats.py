"""CSV and XLSX as a spreadsheet opens them: BOM, delimiters, typed cells, options."""

from datetime import date, datetime

import pytest

from tests.console import factories as f
from tests.console.helpers import csv_dicts, csv_rows, xlsx_sheet
from tests.console.test_export import COMPANY, ENVELOPE, NETZERO, PERSONAL, export


def test_csv_is_bom_crlf_and_parses_back_to_the_same_values(officer, add):
    add(
        lambda: [
            f.netzero(
                company_name='=HYPERLINK("x")',
                ubn="04541302",
                employees=-5,
                contact_name="-1+2",
                contact_email="@evil",
                county="臺北市",
            ),
            f.netzero(company_name="第一行\r\n第二行\n第三行", paid_in_capital=0),
        ]
    )
    data = export(officer, "netzero").data
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data and data.count(b"\n") == data.count(b"\r\n")
    multiline, formula = csv_dicts(data)  # newest first: the second one made is first
    assert formula["company_name"] == '\'=HYPERLINK("x")'
    assert formula["contact_name"] == "'-1+2" and formula["contact_email"] == "'@evil"
    assert formula["ubn"] == "04541302"
    assert formula["employees"] == "-5"  # a negative number stays a number
    assert b",-5," in data  # ...not quoted, not prefixed
    assert multiline["company_name"] == "第一行 第二行 第三行"
    assert multiline["paid_in_capital"] == "0"


@pytest.mark.parametrize(("name", "char"), [("semicolon", ";"), ("tab", "\t"), ("comma", ",")])
def test_csv_delimiter_option(officer, add, name, char):
    add(lambda: f.netzero(company_name="甲,乙;丙"))
    data = export(officer, "netzero", delimiter=name).data
    header, row = csv_rows(data, delimiter=char)
    assert header[:2] == ["id", "submitted_at"]
    assert row[header.index("company_name")] == "甲,乙;丙"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_headers_are_zh_hant_labels_by_default(officer, add, fmt):
    """exports.md (revised 2026-12-07): labels unless the 欄位代碼 option is asked for."""
    add(lambda: f.netzero())
    data = export(officer, "netzero", fmt, headers=None).data
    header = csv_rows(data)[0] if fmt == "csv" else [c.value for c in xlsx_sheet(data)[1]]
    assert header[:8] == [
        "編號",
        "送出時間（臺北時間）",
        "管道",
        "活動",
        "登錄人員",
        "狀態",
        "企業名稱",
        "統一編號",
    ]
    assert "個人資料蒐集同意" in header and "年用電量（度）" in header
    assert len(header) == len(ENVELOPE + COMPANY + NETZERO)
    assert "id" not in header and "ubn" not in header


def test_field_keys_option(officer, add):
    add(lambda: f.netzero())
    header = csv_rows(export(officer, "netzero", headers="keys").data)[0]
    assert header == ENVELOPE + COMPANY + NETZERO
    # Anything else in the parameter keeps the labels.
    assert csv_rows(export(officer, "netzero", headers="zh").data)[0][0] == "編號"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_no_personal_data_option(officer, add, fmt):
    add(lambda: f.netzero(contact_name="王小明", contact_email="ming@example.com"))
    response = export(officer, "netzero", fmt, no_personal="1")
    if fmt == "csv":
        header, row = csv_rows(response.data)
        body = response.data.decode()
    else:
        sheet = xlsx_sheet(response.data)
        header, row = (list(r) for r in sheet.iter_rows(values_only=True))
        body = repr(row)
    assert header == ENVELOPE + [c for c in COMPANY if c not in PERSONAL] + NETZERO
    assert len(row) == len(header)
    assert "王小明" not in body and "ming@example.com" not in body and "0912345678" not in body


def test_xlsx_cells_are_typed_and_never_formulas(officer, add):
    add(
        lambda: f.netzero(
            company_name='=HYPERLINK("http://evil.example","點我")',
            ubn="04541302",
            contact_phone="0223581021#352",
            employees=-5,
        )
    )
    sheet = xlsx_sheet(export(officer, "netzero", "xlsx").data)
    header = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(header, sheet[2], strict=True)}
    assert row["ubn"].value == "04541302" and row["ubn"].data_type == "s"
    assert row["contact_phone"].value == "0223581021#352"
    assert row["company_name"].value == '=HYPERLINK("http://evil.example","點我")'
    assert row["company_name"].data_type == "s"
    assert row["employees"].value == -5 and row["employees"].data_type == "n"
    assert row["electricity_kwh"].value == 120000 and row["total_tco2e"].value == 59.71
    assert row["submitted_at"].value == datetime(2026, 11, 20, 10, 30)
    assert row["submitted_at"].is_date
    assert row["consent"].value == "是"
    for cells in sheet.iter_rows():
        for cell in cells:
            assert cell.data_type != "f", cell.coordinate


def test_xlsx_sbtr_dates_are_dates_and_line_breaks_flattened(officer, add):
    add(lambda: f.sbtr())
    sheet = xlsx_sheet(export(officer, "sbtr", "xlsx").data)
    row = dict(zip([c.value for c in sheet[1]], sheet[2], strict=True))
    assert row["blueprint"].value == "在地創生藍圖。 第二段說明。"
    assert row["planned_start"].is_date and row["planned_start"].value.date() == date(2027, 1, 1)
    assert row["plan_end"].value.date() == date(2027, 10, 31)


def test_filename_and_types(officer, add):
    add(lambda: f.netzero())
    response = export(officer, "netzero")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"  # charset once
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="smeup-netzero-')
    assert "filename*=UTF-8''smeup-netzero-" in disposition and disposition.endswith(".csv")
    xlsx = export(officer, "netzero", "xlsx")
    assert xlsx.mimetype.endswith("spreadsheetml.sheet")
    assert xlsx.headers["Content-Disposition"].endswith(".xlsx")
