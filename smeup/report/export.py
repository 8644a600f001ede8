"""The report as a workbook (a sheet per strategy and 定義) and as one CSV per table."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from ..exports.csv_stream import stream_csv

# The writer makes one sheet per workbook; its own sheet naming and workbook part join them
# (exports/ has no multi-sheet entry point yet: the report is its first several-sheet file).
from ..exports.xlsx_stream import _sheet_name, _workbook, stream_xlsx
from .build import Report, ShownTable

UNITS = {"int": "", "dec": "公噸 CO2e", "pct": "比率（0–1）", "days": "天", "ratio": ""}


def _rows(table: ShownTable) -> Iterator[list]:
    for row in table.rows:
        yield [table.title, row.label, row.value, row.previous, row.change, UNITS[row.fmt]]


def table_csv(report: Report, table: ShownTable) -> Iterator[bytes]:
    """One table as CSV (UTF-8 with BOM, formula-safe), with the period in its header row."""
    header = [
        "項目",
        f"本期（{report.period.label}）",
        f"前期（{report.previous.label}）",
        "增減",
        "單位",
    ]
    return stream_csv(header, ([r[1], *r[2:]] for r in _rows(table)))


def sheets(report: Report) -> list[tuple[str, list[str], list[list]]]:
    """(sheet name, header, rows) per strategy, then 定義."""
    out = []
    header = [
        "表格",
        "項目",
        f"本期（{report.period.label}）",
        f"前期（{report.previous.label}）",
        "增減",
        "單位",
    ]
    for section in report.sections:
        out.append((section.title[:31], header, [r for t in section.tables for r in _rows(t)]))
    definitions = [
        [section.title, t.title, t.definition]
        for section in report.sections
        for t in section.tables
    ]
    out.append(("定義", ["策略", "表格", "定義"], definitions))
    return out


def workbook(report: Report) -> bytes:
    """The XLSX: each sheet written by the app's streamed writer, then put into one workbook."""
    parts = [b"".join(stream_xlsx(h, rows, sheet_name=name)) for name, h, rows in sheets(report)]
    return merge_workbooks(parts, [name for name, _h, _r in sheets(report)])


def merge_workbooks(parts: list[bytes], names: list[str]) -> bytes:
    """One workbook whose sheets are the single sheets of `parts`, in order."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        first = zipfile.ZipFile(io.BytesIO(parts[0]))
        for name in ("[Content_Types].xml", "_rels/.rels", "xl/styles.xml"):
            target.writestr(name, first.read(name))
        for i, part in enumerate(parts, 1):
            with zipfile.ZipFile(io.BytesIO(part)) as source:
                target.writestr(
                    f"xl/worksheets/sheet{i}.xml", source.read("xl/worksheets/sheet1.xml")
                )
        workbook_xml, rels = _workbook([_sheet_name(n, 1) for n in names])
        target.writestr("xl/workbook.xml", workbook_xml)
        target.writestr("xl/_rels/workbook.xml.rels", rels)
    return out.getvalue()
