"""Reading the console's pages and exports back in tests."""

import csv
import io
import re

import openpyxl

BOM = "\ufeff"


def listed_ids(html: str, form_type: str = "netzero") -> list[int]:
    """The submission ids the list page shows, in order."""
    return [
        int(i)
        for i in re.findall(rf'<td class="num"[^>]*><a href="/console/{form_type}/(\d+)"', html)
    ]


def csv_rows(data: bytes, delimiter: str = ",") -> list[list[str]]:
    """A CSV export parsed back with the csv module (BOM removed)."""
    text = data.decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=delimiter))


def csv_dicts(data: bytes) -> list[dict[str, str]]:
    """A CSV export as one dict per row, keyed by header."""
    header, *rows = csv_rows(data)
    return [dict(zip(header, row, strict=True)) for row in rows]


def xlsx_sheet(data: bytes):
    """The first worksheet of an XLSX export."""
    return openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
