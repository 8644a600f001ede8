"""The streamed CSV writer: BOM, RFC 4180, CRLF, neutralised text, plain numbers, streaming."""

import csv
import inspect
import io
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from smeup.exports import csv_stream
from smeup.exports.columns import Column, header, select_columns
from smeup.exports.csv_stream import BOM, stream_csv

TPE = timezone(timedelta(hours=8))


def _export(head, rows, **kwargs) -> bytes:
    return b"".join(stream_csv(head, rows, **kwargs))


def _parse(data: bytes, delimiter=",") -> list[list[str]]:
    assert data.startswith(BOM)
    text = data[len(BOM) :].decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def test_starts_with_bom_and_parses_back():
    rows = [(1, "臺北市", "04541302", None), (2, "新北市", "0912345678", "備註")]
    data = _export(["id", "縣市", "tax_id", "note"], rows)
    assert data.startswith(b"\xef\xbb\xbf")
    assert _parse(data) == [
        ["id", "縣市", "tax_id", "note"],
        ["1", "臺北市", "04541302", ""],
        ["2", "新北市", "0912345678", "備註"],
    ]


def test_rows_end_with_crlf_only():
    text = _export(["a", "b"], [("x", 1), ("y", 2)])[3:].decode()
    assert text == "a,b\r\nx,1\r\ny,2\r\n"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiters_quote_values_that_contain_them(delimiter):
    rows = [("a,b", "c;d", "e\tf", 'say "hi"', -3)]
    data = _export(["h1", "h2", "h3", "h4", "h5"], rows, delimiter=delimiter)
    parsed = _parse(data, delimiter)
    assert parsed[1] == ["a,b", "c;d", "e\tf", 'say "hi"', "-3"]
    raw = data[3:].decode().split("\r\n")[1]
    assert f'{delimiter}"say ""hi"""{delimiter}' in raw
    assert raw.endswith(f"{delimiter}-3")


def test_unknown_delimiter_is_refused():
    with pytest.raises(ValueError, match="delimiter"):
        next(stream_csv(["a"], [], delimiter="|"))


def test_formula_like_text_is_neutralised():
    values = ['=HYPERLINK("x")', "-1+2", "@SUM(A1)", "\tx", "+886912345678", "\rx"]
    parsed = _parse(_export([f"c{i}" for i in range(len(values))], [values]))
    assert parsed[1] == ['\'=HYPERLINK("x")', "'-1+2", "'@SUM(A1)", "'\tx", "'+886912345678", "' x"]


def test_header_is_neutralised_too():
    assert _parse(_export(["=cmd", "ok"], []))[0] == ["'=cmd", "ok"]


def test_negative_numbers_stay_plain_numbers():
    data = _export(["i", "f", "d", "t"], [(-5, -1.5, Decimal("-3.20"), "-5")])
    assert data[3:].decode().split("\r\n")[1] == "-5,-1.5,-3.2,'-5"


def test_line_breaks_inside_a_value_are_flattened():
    data = _export(["note"], [("第一行\r\n第二行\n第三行\u2028end",)])
    text = data[3:].decode()
    assert text == "note\r\n第一行 第二行 第三行 end\r\n"


def test_tax_id_keeps_its_leading_zero():
    assert _parse(_export(["統一編號"], [("04541302",)]))[1] == ["04541302"]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (True, "是"),
        (False, "否"),
        (0, "0"),
        (0.0, "0"),
        (-0.0, "0"),
        (12.5, "12.5"),
        (12.0, "12"),
        (1e-07, "0.0000001"),
        (1.5e20, "150000000000000000000"),
        (float("nan"), ""),
        (float("inf"), ""),
        (Decimal("12.50"), "12.5"),
        (Decimal("100"), "100"),
        (Decimal("1E+2"), "100"),
        (Decimal("0.000"), "0"),
        (10**20, "100000000000000000000"),
        (date(2025, 1, 2), "2025-01-02"),
        (datetime(2025, 1, 2, 9, 30, tzinfo=TPE), "2025-01-02T09:30:00+08:00"),
        ("", ""),
    ],
)
def test_cell_types(value, text):
    assert _parse(_export(["v", "w"], [(value, "x")]))[1] == [text, "x"]


def test_naive_datetime_is_refused():
    with pytest.raises(ValueError, match="naive"):
        _export(["t"], [(datetime(2025, 1, 2, 9, 30),)])


def test_subclasses_and_other_types_are_handled():
    class Label(str):
        pass

    assert _parse(_export(["a", "b"], [(Label("=x"), object)]))[1] == ["'=x", str(object)]


def test_chunks_first_after_100_rows_then_about_64_kb():
    rows = [(i, "臺北市信義區市府路1號", 1234.5, f"user{i}@example.com") for i in range(20_000)]
    chunks = list(stream_csv(["id", "addr", "n", "email"], rows))
    assert chunks[0].startswith(BOM)
    assert chunks[0].count(b"\r\n") == 101  # header + FIRST_ROWS rows
    assert len(chunks) > 3
    for chunk in chunks[1:-1]:
        assert csv_stream.CHUNK_CHARS <= len(chunk) < 4 * csv_stream.CHUNK_CHARS
    assert len(_parse(b"".join(chunks))) == 20_001


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
        return (self.consumed, "臺中市", 3.5, None, "04541302")


def test_first_chunk_leaves_before_rows_are_exhausted():
    rows = _CountingRows(200_000)
    assert inspect.isgeneratorfunction(stream_csv)
    gen = stream_csv(["id", "county", "x", "y", "tax_id"], rows)
    assert rows.consumed == 0  # nothing is read until the response starts
    first = next(gen)
    assert first.startswith(BOM)
    assert rows.consumed <= 101
    gen.close()


def test_column_helpers_build_the_header():
    cols = [
        Column("id", "編號"),
        Column("contact_name", "聯絡人", personal=True),
        Column("contact_phone", "聯絡電話", personal=True),
        Column("county", "縣市"),
    ]
    assert header(select_columns(cols, personal_data=True), chinese=False) == [
        "id",
        "contact_name",
        "contact_phone",
        "county",
    ]
    kept = select_columns(cols, personal_data=False)
    assert header(kept, chinese=True) == ["編號", "縣市"]
    assert _parse(_export(header(kept, chinese=True), []))[0] == ["編號", "縣市"]
