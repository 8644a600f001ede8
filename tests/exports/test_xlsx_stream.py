"""The streamed XLSX writer read back with openpyxl: types, no formulas, zip layout, streaming."""

import inspect
import io
import zipfile
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from xml.etree import ElementTree

import openpyxl
import pytest

from smeup.exports import xlsx_stream
from smeup.exports.xlsx_stream import stream_xlsx

TPE = timezone(timedelta(hours=8))
FORMULAS = ["=1+2", '=HYPERLINK("http://evil.example","點我")', "@SUM(A1)", "+886912345678", "-1+2"]


def _export(head, rows, **kwargs) -> bytes:
    return b"".join(stream_xlsx(head, rows, **kwargs))


def _sheet(data: bytes, index: int = 0):
    return openpyxl.load_workbook(io.BytesIO(data)).worksheets[index]


def test_text_numbers_dates_read_back_with_their_types():
    row = (
        "04541302",
        "0912345678",
        "臺北市信義區",
        42,
        -7,
        12.5,
        Decimal("-3.25"),
        date(2025, 1, 2),
        datetime(2025, 1, 2, 9, 30, 15, tzinfo=TPE),
        True,
        False,
        None,
        "末欄",
    )
    ws = _sheet(_export([f"欄{i}" for i in range(len(row))], [row]))
    cells = list(ws.iter_rows(min_row=2, max_row=2))[0]
    for cell in cells[:3]:
        assert cell.data_type == "s"
    assert [c.value for c in cells[:3]] == ["04541302", "0912345678", "臺北市信義區"]
    assert [c.value for c in cells[3:7]] == [42, -7, 12.5, -3.25]
    assert all(c.data_type == "n" and not c.is_date for c in cells[3:7])
    assert cells[7].is_date and cells[7].value == datetime(2025, 1, 2)
    assert cells[8].is_date and cells[8].value == datetime(2025, 1, 2, 9, 30, 15)
    assert "hh:mm" in cells[8].number_format and "hh" not in cells[7].number_format
    assert [c.value for c in cells[9:]] == ["是", "否", None, "末欄"]


def test_header_is_bold_chinese_and_frozen():
    ws = _sheet(_export(["統一編號", "公司名稱"], [("04541302", "大同")]))
    assert [c.value for c in ws[1]] == ["統一編號", "公司名稱"]
    assert ws["A1"].font.b and not ws["A2"].font.b
    assert ws.freeze_panes == "A2"


def test_nothing_is_ever_a_formula():
    data = _export([f"c{i}" for i in range(len(FORMULAS))], [FORMULAS, FORMULAS])
    ws = _sheet(data)
    for row in ws.iter_rows(min_row=2):
        assert [c.value for c in row] == FORMULAS
        assert all(c.data_type == "s" for c in row)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        xml = zf.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml


def test_escaping_whitespace_and_illegal_characters():
    values = ["a & b <tag> c>d", "  padded  ", "line1\nline2", "a\x00b\x01c\x1fd\ufffe\x0b", "\x00"]
    data = _export(["a", "b", "c", "d", "e"], [values])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            ElementTree.fromstring(zf.read(name))  # noqa: S314 - our own output, must parse
    ws = _sheet(data)
    assert [c.value for c in ws[2]] == [
        "a & b <tag> c>d",
        "  padded  ",
        "line1\nline2",
        "abcd",
        None,
    ]


def test_text_longer_than_excel_allows_is_cut_to_32767():
    ws = _sheet(_export(["long", "emoji"], [("字" * 40_000, "😀" * 20_000)]))
    assert ws["A2"].value == "字" * 32_767
    assert ws["B2"].value == "😀" * 16_383  # 2 UTF-16 units each


def test_non_finite_numbers_and_naive_datetimes():
    ws = _sheet(_export(["a", "b", "c"], [(float("nan"), Decimal("Infinity"), 1)]))
    assert [c.value for c in ws[2]] == [None, None, 1]
    with pytest.raises(ValueError, match="naive"):
        _export(["t"], [(datetime(2025, 1, 2),)])


def test_zip_uses_data_descriptors_and_no_zip64():
    data = _export(["a"], [(i,) for i in range(1000)])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
        names = zf.namelist()
        infos = zf.infolist()
    assert names[0] == "[Content_Types].xml"
    assert {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"} <= set(names)
    assert all(i.flag_bits & 0x08 for i in infos)  # streamed: sizes follow the data
    assert all(i.compress_type == zipfile.ZIP_DEFLATED and not i.extra for i in infos)
    assert data[4:6] == b"\x14\x00"  # first local header needs version 2.0, not 4.5 (Zip64)


def test_header_only_and_sheet_name_sanitised():
    data = _export(["a", "b"], [], sheet_name="報表/2025:[全部]")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["報表_2025__全部_"]
    assert [[c.value for c in r] for r in wb.active.iter_rows()] == [["a", "b"]]
    long_name = _export(["a"], [], sheet_name="x" * 40)
    assert openpyxl.load_workbook(io.BytesIO(long_name)).sheetnames == ["x" * 31]


@pytest.mark.parametrize("total", [9, 8])
def test_rows_past_the_sheet_limit_continue_on_a_new_sheet(monkeypatch, total):
    monkeypatch.setattr(xlsx_stream, "MAX_ROWS", 5)  # header + 4 rows per sheet
    monkeypatch.setattr(xlsx_stream, "FIRST_ROWS", 3)
    wb = openpyxl.load_workbook(io.BytesIO(_export(["n"], [(i,) for i in range(total)])))
    assert wb.sheetnames[:2] == ["export", "export (2)"]
    assert len(wb.sheetnames) == (total + 3) // 4  # an exact multiple adds no empty sheet
    values = []
    for ws in wb.worksheets:
        rows = [r[0].value for r in ws.iter_rows()]
        assert rows[0] == "n" and 1 < len(rows) <= 5
        values += rows[1:]
    assert values == list(range(total))


def test_chunks_stay_bounded():
    rows = [(i, f"公司{i}", "04541302", i * 0.5, date(2025, 1, 1)) for i in range(30_000)]
    chunks = list(stream_xlsx(["id", "name", "tax", "x", "d"], rows))
    assert len(chunks) > 3
    assert max(len(c) for c in chunks) < 1_000_000
    assert all(chunks)
    ws = _sheet(b"".join(chunks))
    assert ws.max_row == 30_001 and ws["C30001"].value == "04541302"


class _CountingRows:
    """An iterator of rows that records how many were consumed."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.consumed = 0

    def __iter__(self):
        return self

    def __next__(self):
        if self.consumed >= self.total:
            raise StopIteration
        self.consumed += 1
        return (self.consumed, "臺中市", 3.5, None, date(2025, 5, 1))


def test_first_chunk_leaves_before_rows_are_exhausted():
    rows = _CountingRows(200_000)
    assert inspect.isgeneratorfunction(stream_xlsx)
    gen = stream_xlsx(["id", "county", "x", "y", "d"], rows)
    assert rows.consumed == 0
    first = next(gen)
    assert first.startswith(b"PK\x03\x04")
    assert rows.consumed <= 101
    gen.close()
