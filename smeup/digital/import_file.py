"""Reading an uploaded CSV or XLSX of monthly records into rows, refusing bad files clearly.

A file costs what it holds, not what it declares: only the header's known columns are kept (a
header of 500,000 empty cells ends at its last named one), an XLSX sheet is read as the <row>
and <c> elements it holds (its <dimension> is never read, nothing is padded), and the columns,
rows and cells a file may hold are bounded, with one message for a file past them. A cell that
cannot be read (a number that is not finite, a shared string that is not there) is kept as a
BadCell, which the preview shows as an error on its row. The rows are read once, at upload, and
kept with the staged import (to_stored / from_stored): the preview and the confirmation use them.
"""

from __future__ import annotations

import csv
import io
import logging
import math
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from itertools import compress

from ..forms.validators import without_controls
from .cycle_pause import cycle_collector_paused

ID_COLUMNS = ("統一編號", "店家名稱")
VALUE_COLUMNS = {"使用量": "usage", "訂單數": "orders", "淨銷售額": "net_sales"}
MONTH_COLUMN = "月份"
COLUMNS = (*ID_COLUMNS, MONTH_COLUMN, *VALUE_COLUMNS)  # the only columns an import reads
# The monthly export's field-key headers (exports.md "欄位代碼"): what the app exports it reads.
KEY_HEADERS = {
    "ubn": "統一編號",
    "shop_name": "店家名稱",
    "month": "月份",
    "usage": "使用量",
    "orders": "訂單數",
    "net_sales": "淨銷售額",
}
MAX_ROWS = 100_000  # data rows (quality.md measures the preview at 100,000)
MAX_COLUMNS = 100  # header columns, up to its last named one
MAX_SHEET_ROWS = 2 * MAX_ROWS  # <row> elements in a sheet, blank ones included
MAX_CELLS = 4_000_000  # <c> elements in a sheet: 100,000 rows of 40 cells
MAX_TEXT = 200  # a kept text cell; longer cannot be a name, a month or a number anyway
SHOWN = 20  # characters of a bad cell quoted back
XLSX_MAX_UNPACKED = 100 * 1024 * 1024  # a real 50,000-row sheet unpacks to a few MB
XLSX_MAX_RATIO = 100  # XML compresses ~10×; a zip bomb by thousands
FORMAT = (
    "第一列應為欄名：統一編號（或店家名稱）、月份、使用量、訂單數、淨銷售額"
    "（本系統匯出的月資料檔可直接匯入；匯入頁有範本可下載）"
)
UNREADABLE_XLSX = "無法讀取這個 XLSX 檔（可能已損毀），請用 Excel 另存後再試"

log = logging.getLogger(__name__)


class ImportFileError(ValueError):
    """A file that cannot be imported; the message is zh-Hant and says what to do."""


@dataclass(frozen=True)
class BadCell:
    """A cell the file holds that cannot be read as a value: its row is an error, nothing more."""

    text: str  # what the file holds there (shortened), "" when nothing can be shown
    number: bool = False  # a number that is not one (1e309, NaN), not a broken cell

    def reason(self, column: str) -> str:
        """Why the row cannot be imported, naming the column."""
        if self.number:
            return f"{column}「{self.text}」不是有效的數字"
        return f"{column}的儲存格無法讀取（檔案可能已損毀），請在 Excel 重新輸入這一格後另存"

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class FileRow:
    """One data row: its line in the file and its cells by column name."""

    line: int
    cells: dict[str, object]


def _header_text(cell) -> str:
    """A header cell as a column name: the zh-Hant label, or the export's field key for it."""
    text = unicodedata.normalize("NFKC", str(cell or "")).strip().lstrip("\ufeff").strip()
    return KEY_HEADERS.get(text.lower(), text)


def _check_width(width: int) -> None:
    """The header may reach MAX_COLUMNS columns (up to its last named cell), no further."""
    if width > MAX_COLUMNS:
        raise ImportFileError(
            f"第一列有 {width:,} 欄，超過 {MAX_COLUMNS} 欄的上限。請刪除不需要的欄後再匯入；{FORMAT}"
        )


def _columns(named: dict[int, str]) -> dict[int, str]:
    """Position → column name of the known columns, from the header's named cells."""
    _check_width(max(named, default=-1) + 1)
    columns = {i: name for i, name in sorted(named.items()) if name in COLUMNS}
    for name in COLUMNS:
        times = list(columns.values()).count(name)
        if times > 1:
            raise ImportFileError(f"第一列的欄名「{name}」出現了 {times} 次，請只留一欄")
    found = set(columns.values())
    missing = []
    if not found & set(ID_COLUMNS):
        missing.append("統一編號 或 店家名稱")
    missing += [c for c in (MONTH_COLUMN, *VALUE_COLUMNS) if c not in found]
    if missing:
        raise ImportFileError(f"第一列缺少欄位：{'、'.join(missing)}。{FORMAT}")
    return columns


def _kept(value):
    """A cell as kept: text without control characters and shortened, numbers finite."""
    if type(value) is str:
        return without_controls(value[: 2 * MAX_TEXT])[:MAX_TEXT]
    if value is None or isinstance(value, bool | int | BadCell | date):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else BadCell(repr(value), number=True)
    return without_controls(str(value)[: 2 * MAX_TEXT])[:MAX_TEXT]


def _rows(records) -> list[FileRow]:
    """FileRows of (line, {column name: cell}) records, blank lines skipped."""
    rows = []
    for line, cells in records:
        kept = {name: _kept(value) for name, value in cells.items()}
        if not any(v.strip() if type(v) is str else v is not None for v in kept.values()):
            continue  # blank lines are not rows
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(f"檔案超過 {MAX_ROWS:,} 列資料，請分成幾個檔案匯入")
        rows.append(FileRow(line, kept))
    if not rows:
        raise ImportFileError("檔案裡只有欄名，沒有資料列")
    return rows


def read_csv(content: bytes) -> list[FileRow]:
    """UTF-8 (with or without BOM), comma or tab separated."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            "檔案不是 UTF-8 編碼（可能是 Big5）。請在 Excel 選「另存新檔」→「CSV UTF-8（逗號分隔）」後再匯入，或直接上傳 XLSX"
        ) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, [])
        # The named cells' positions, found at C speed: a header may hold 500,000 empty cells.
        named = list(compress(range(len(header)), map(str.strip, header)))
        if not named:
            raise ImportFileError("檔案是空的")
        _check_width(named[-1] + 1)
        columns = list(_columns({i: _header_text(header[i]) for i in named}).items())
        records = (
            (line, {name: cells[i] if i < len(cells) else None for i, name in columns})
            for line, cells in enumerate(reader, start=2)
        )
        return _rows(records)
    except csv.Error as exc:
        raise ImportFileError(
            "無法讀取這個 CSV 檔（格式有誤），請用 Excel 另存為 CSV UTF-8 後再試"
        ) from exc


class _Sheet:
    """A worksheet's rows as its XML holds them: (row number, {column: value}), nothing padded.

    Only the <row> and <c> elements present are visited (at most MAX_SHEET_ROWS and MAX_CELLS),
    and only the wanted columns' values are read. A value that cannot be read is a BadCell.
    """

    def __init__(self, book, sheet) -> None:
        from openpyxl.cell.text import Text
        from openpyxl.utils.cell import column_index_from_string
        from openpyxl.utils.datetime import from_excel, from_ISO8601
        from openpyxl.xml.constants import SHEET_MAIN_NS

        self.source = sheet._get_source  # openpyxl 3.1 read-only internals (the pin is exact)
        self.shared = sheet._shared_strings
        self.dates = book._date_formats
        self.durations = book._timedelta_formats
        self.epoch = book.epoch
        self.text_of = lambda element: Text.from_tree(element).content
        self.column_of = column_index_from_string  # of a reference's letters: "AB" of AB12
        self.from_excel, self.from_iso = from_excel, from_ISO8601
        self.tags = {
            name: f"{{{SHEET_MAIN_NS}}}{name}" for name in ("row", "c", "v", "is", "t", "r")
        }
        self.wanted: set[int] | None = None  # None: every column (while reading the header)
        self.cells = 0

    def rows(self):
        """(row number, {column: value}) for each <row> element, in the file's order."""
        from openpyxl.xml.functions import iterparse  # what openpyxl parses sheets with

        row_tag = self.tags["row"]
        in_rows = {self.tags[name] for name in ("c", "v", "is", "t", "r")}  # read with the row
        number = present = 0
        with self.source() as source:
            for _event, element in iterparse(source):
                if element.tag == row_tag:
                    present += 1
                    if present > MAX_SHEET_ROWS:
                        raise ImportFileError(
                            f"工作表超過 {MAX_SHEET_ROWS:,} 列（含空白列），"
                            "請刪除多餘的列，或分成幾個檔案匯入"
                        )
                    raw = element.get("r")
                    number = int(raw) if raw else number + 1
                    yield number, self._cells(element)
                    element.clear()
                elif element.tag not in in_rows:
                    element.clear()  # nothing else is kept (formulas, formats, merged cells...)

    def _cells(self, row) -> dict[int, object]:
        found = {}
        column = 0
        cell_tag, wanted, column_of = self.tags["c"], self.wanted, self.column_of
        for cell in row:
            if cell.tag != cell_tag:
                continue
            self.cells += 1
            if self.cells > MAX_CELLS:
                raise ImportFileError(
                    f"工作表的儲存格超過 {MAX_CELLS:,} 格，請刪除不需要的欄和列，或分成幾個檔案匯入"
                )
            ref = cell.get("r")
            column = column_of(ref.rstrip("0123456789")) if ref else column + 1
            if wanted is None or column in wanted:
                found[column] = self._value(cell)
        return found

    def _value(self, cell):
        kind = cell.get("t", "n")
        raw = cell.findtext(self.tags["v"])
        try:
            return self._read(cell, kind, raw)
        except (ValueError, TypeError, OverflowError, IndexError, KeyError):
            if kind == "n":
                return BadCell((raw or "").strip()[:SHOWN], number=True)
            return BadCell("")  # a shared string's index or a flag says nothing to the officer

    def _read(self, cell, kind: str, raw: str | None):
        if kind == "inlineStr":
            child = cell.find(self.tags["is"])
            return None if child is None else self.text_of(child)
        if raw is None or raw == "":
            return None
        if kind == "n":
            number = _number(raw)
            style = int(cell.get("s", 0))
            if style and style in self.dates:
                return self.from_excel(number, self.epoch, timedelta=style in self.durations)
            return number
        if kind == "s":
            index = int(raw)
            if not 0 <= index < len(self.shared):
                raise IndexError(index)
            return self.shared[index]
        if kind == "b":
            return {"0": False, "1": True}[raw.strip()]
        if kind in ("str", "e"):
            return raw
        if kind == "d":
            return self.from_iso(raw)
        raise ValueError(kind)


def _number(raw: str) -> int | float | BadCell:
    """A sheet's number: an int when written as one, else a float; a BadCell when not finite."""
    try:
        return int(raw)
    except ValueError:
        number = float(raw)  # ValueError for text that is no number: the caller's BadCell
    if not math.isfinite(number):
        return BadCell(raw.strip()[:SHOWN], number=True)
    return number


def read_xlsx(content: bytes) -> list[FileRow]:
    """The first sheet of an XLSX, after checking it is not a zip bomb."""
    from openpyxl import load_workbook  # imported late: only imports need it

    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ImportFileError("檔案不是有效的 XLSX（可能已損毀，或副檔名不符）") from exc
    unpacked = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if unpacked > XLSX_MAX_UNPACKED or unpacked / packed > XLSX_MAX_RATIO:
        raise ImportFileError("檔案解壓縮後異常地大（疑似壓縮炸彈），已拒絕。請確認檔案來源")
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise ImportFileError(UNREADABLE_XLSX) from exc
    try:
        if not book.worksheets:
            raise ImportFileError("檔案裡沒有工作表")
        return _sheet_rows(_Sheet(book, book.worksheets[0]))
    except ImportFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - broken XML, a bad cell reference, a missing part
        log.info("unreadable XLSX: %r", exc)
        raise ImportFileError(UNREADABLE_XLSX) from exc
    finally:
        book.close()


def _sheet_rows(sheet: _Sheet) -> list[FileRow]:
    records = sheet.rows()
    for _number, cells in records:  # the header: the first row with a name in it
        named = {column - 1: _header_text(value) for column, value in cells.items()}
        named = {i: text for i, text in named.items() if text}
        if named:
            break
    else:
        raise ImportFileError("工作表是空的")
    columns = {i + 1: name for i, name in _columns(named).items()}
    sheet.wanted = set(columns)
    return _rows(
        (number, {name: cells.get(column) for column, name in columns.items()})
        for number, cells in records
    )


@cycle_collector_paused
def read_file(filename: str, content: bytes) -> list[FileRow]:
    """Rows of an uploaded file: XLSX by its zip signature or name, CSV otherwise."""
    if not content:
        raise ImportFileError("檔案是空的")
    name = (filename or "").lower()
    if content[:4] == b"PK\x03\x04" or name.endswith((".xlsx", ".xlsm")):
        return read_xlsx(content)
    if name.endswith(".xls"):
        raise ImportFileError("不支援舊版 .xls，請在 Excel 另存為 .xlsx 或 CSV UTF-8")
    return read_csv(content)


# The rows kept with a staged import, as JSON: {"columns": [...], "rows": [[line, cell...]]}.
# Cells are JSON values, a date {"date": ...}, a datetime {"datetime": ...}, a BadCell {"bad": ...}.


def _stored_cell(value):
    if isinstance(value, BadCell):
        return {"bad": value.text, "number": value.number}
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    return value


def _loaded_cell(value):
    if not isinstance(value, dict):
        return value
    if "bad" in value:
        return BadCell(value["bad"], bool(value.get("number")))
    if "datetime" in value:
        return datetime.fromisoformat(value["datetime"])
    return date.fromisoformat(value["date"])


def to_stored(rows: list[FileRow]) -> dict:
    """The rows as JSON, to keep with the staged import."""
    columns = [c for c in COLUMNS if rows and c in rows[0].cells]
    return {
        "columns": columns,
        "rows": [[row.line, *(_stored_cell(row.cells.get(c)) for c in columns)] for row in rows],
    }


def from_stored(stored: dict) -> list[FileRow]:
    """The rows kept with a staged import."""
    columns = stored["columns"]
    return [
        FileRow(line, {c: _loaded_cell(v) for c, v in zip(columns, cells, strict=True)})
        for line, *cells in stored["rows"]
    ]
