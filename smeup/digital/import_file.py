"""Reading an uploaded CSV or XLSX of monthly records into rows, refusing bad files clearly."""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass

ID_COLUMNS = ("統一編號", "店家名稱")
VALUE_COLUMNS = {"使用量": "usage", "訂單數": "orders", "淨銷售額": "net_sales"}
MONTH_COLUMN = "月份"
MAX_ROWS = 50_000
XLSX_MAX_UNPACKED = 100 * 1024 * 1024  # a real 50,000-row sheet unpacks to a few MB
XLSX_MAX_RATIO = 100  # XML compresses ~10×; a zip bomb by thousands


class ImportFileError(ValueError):
    """A file that cannot be imported; the message is zh-Hant and says what to do."""


@dataclass(frozen=True)
class FileRow:
    """One data row: its line in the file and its cells by column name."""

    line: int
    cells: dict[str, object]


def _header(cells) -> list[str]:
    return [unicodedata.normalize("NFKC", str(c or "")).strip().lstrip("\ufeff") for c in cells]


def _check_header(header: list[str]) -> None:
    missing = []
    if not any(c in header for c in ID_COLUMNS):
        missing.append("統一編號 或 店家名稱")
    missing += [c for c in (MONTH_COLUMN, *VALUE_COLUMNS) if c not in header]
    if missing:
        raise ImportFileError(
            f"第一列缺少欄位：{'、'.join(missing)}。第一列應為欄名："
            "統一編號（或店家名稱）、月份、使用量、訂單數、淨銷售額"
        )


def _rows(header: list[str], records, first_line: int = 2) -> list[FileRow]:
    _check_header(header)
    rows = []
    for line, cells in enumerate(records, start=first_line):
        if not any(c not in (None, "") and str(c).strip() for c in cells):
            continue  # blank lines are not rows
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(f"檔案超過 {MAX_ROWS:,} 列，請分成幾個檔案匯入")
        rows.append(
            FileRow(
                line,
                {
                    name: cells[i] if i < len(cells) else None
                    for i, name in enumerate(header)
                    if name
                },
            )
        )
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
    header = _header(next(reader, []))
    if not any(header):
        raise ImportFileError("檔案是空的")
    return _rows(header, reader)


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
        raise ImportFileError("無法讀取這個 XLSX 檔（可能已損毀），請用 Excel 另存後再試") from exc
    try:
        sheet = book.worksheets[0]
        records = sheet.iter_rows(values_only=True)
        header = _header(next(records, ()) or ())
        if not any(header):
            raise ImportFileError("工作表是空的")
        return _rows(header, (list(r) for r in records))
    finally:
        book.close()


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
