"""Import files that declare more than they hold, cells that cannot be read, file names.

A file costs what it holds: the work an upload does (counted as the Python lines it runs, which
is the same on every machine) is the same for a file and for that file declaring a sheet of
A1:XFD200000 or carrying 500,000 empty header columns. A cell that cannot be a number or a
統一編號 is a row error next to its row; a file that cannot be read is one clear message.
"""

import io
import re
import sys
import zipfile

import pytest
import xlsxwriter

from smeup.digital import import_file
from smeup.extensions import db
from smeup.models.digital import MonthlyRecord, ShopImport
from tests.digital import test_import
from tests.digital.test_import import HEADER, confirm, upload
from tests.helpers import count_rows

# The fixtures test_import's tests use: today is 2026-06-05; two shops, May of one stored.
june_fifth = test_import.june_fifth
shops = test_import.shops

COLUMNS = ["統一編號", "店家名稱", "月份", "使用量", "訂單數", "淨銷售額"]
CHANGED = [22099131, None, "2026-05", 100, 21, 50000]  # 小林咖啡's May: orders 20 → 21
NEW = [None, "阿美早餐", "2026-05", 30, 6, 9000]


def xlsx(rows) -> bytes:
    """An XLSX as XlsxWriter writes it (strings in the shared-string table)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    for number, row in enumerate(rows):
        for column, value in enumerate(row):
            if value is not None:
                sheet.write(number, column, value)
    book.close()
    return buffer.getvalue()


def patched(content: bytes, change) -> bytes:
    """The XLSX with its first sheet's XML passed through change(xml)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = change(data.decode()).encode()
            out.writestr(info.filename, data)
    return buffer.getvalue()


def declaring_a_huge_sheet(xml: str) -> str:
    """<dimension ref="A1:XFD200000"/> and one empty formatted cell in its far corner."""
    xml = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD200000"/>', xml)
    return xml.replace("</sheetData>", '<row r="200000"><c r="XFD200000" s="0"/></row></sheetData>')


def with_cell(ref: str, cell: str):
    """A change putting the raw <c> element `cell` in place of the cell at ref."""

    def change(xml: str) -> str:
        found = re.subn(rf'<c r="{ref}"(?: [^>]*)?>.*?</c>', cell, xml, count=1)
        assert found[1] == 1, f"no cell {ref} to replace"
        return found[0]

    return change


class OverBudget(BaseException):
    """The traced call ran more lines than allowed (a BaseException: nothing swallows it)."""


def lines_run(call, budget: int = 30_000_000) -> int:
    """How many Python lines call() runs in this thread; stops it past the budget."""
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
            if count > budget:
                sys.settrace(None)
                raise OverBudget
        return tracer

    sys.settrace(tracer)
    try:
        call()
    except OverBudget:
        pass
    finally:
        sys.settrace(None)
    return count


def upload_work(client, name: str, content: bytes) -> int:
    """Lines run by uploading content (the upload must be accepted)."""
    responses = []
    work = lines_run(lambda: responses.append(upload(client, name, content)))
    assert responses and responses[0].status_code == 303, f"{name}: stopped after {work:,} lines"
    return work


def kept_rows(app) -> dict:
    with app.app_context():
        return db.session.scalar(db.select(ShopImport.file_rows).order_by(ShopImport.id.desc()))


# Finding 5: a file's cost follows the cells it holds, not what it declares.


def test_an_xlsx_declaring_a_huge_sheet_costs_what_it_holds(app, auth, shops):
    client = auth("officer")
    plain = xlsx([COLUMNS, CHANGED])
    huge = patched(plain, declaring_a_huge_sheet)
    assert len(huge) < 8 * 1024
    upload(client, "warm.xlsx", plain)  # first-request work (imports, caches) out of the count
    plain_work = upload_work(client, "plain.xlsx", plain)
    huge_work = upload_work(client, "huge.xlsx", huge)
    # One more row element and one more cell: a few hundred lines, not billions.
    assert huge_work < plain_work + 5_000, (plain_work, huge_work)
    assert kept_rows(app)["columns"] == COLUMNS
    assert [row[0] for row in kept_rows(app)["rows"]] == [2]


def test_a_csv_with_500000_empty_header_columns_costs_what_it_holds(app, auth, shops):
    client = auth("officer")
    body = "22099131,,2026-05,100,21,50000\r\n" * 2000
    plain = (HEADER + body).encode()
    wide = (HEADER.rstrip("\r\n") + "," * 500_000 + "\r\n" + body).encode()
    assert len(wide) > 500_000
    upload(client, "warm.csv", plain)
    plain_work = upload_work(client, "plain.csv", plain)
    wide_work = upload_work(client, "wide.csv", wide)
    assert wide_work < plain_work * 1.05 + 5_000, (plain_work, wide_work)
    kept = kept_rows(app)
    assert kept["columns"] == COLUMNS  # only the header's columns are kept, 2,000 rows of them
    assert len(kept["rows"]) == 2000 and {len(row) for row in kept["rows"]} == {1 + len(COLUMNS)}


def test_preview_and_confirm_use_the_rows_kept_at_upload_not_the_file(
    app, auth, shops, monkeypatch
):
    client = auth("officer")
    content = xlsx([COLUMNS, CHANGED, NEW])
    location = upload(client, "月報.xlsx", content).headers["Location"]
    with app.app_context():
        staged = db.session.scalar(db.select(ShopImport))
        staged.content = b"no longer the file"
        db.session.commit()

    from smeup.digital import import_views  # imported late: the app's views load in order

    def no_reading(*_args):
        raise AssertionError("the file was read again")

    for module in (import_file, import_views):
        for name in ("read_file", "read_csv", "read_xlsx"):
            monkeypatch.setattr(module, name, no_reading, raising=False)
    page = client.get(location)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "新增 <strong>1</strong> 列" in html and "訂單數 20 → 21" in html
    assert confirm(client, location).status_code == 303
    assert count_rows(app, MonthlyRecord) == 2


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        (
            "wide.csv",
            (HEADER.rstrip("\r\n") + ",備註" * 95 + "\r\n,阿美早餐,2026-05,1,2,3\r\n").encode(),
            "第一列有 101 欄，超過 100 欄的上限",
        ),
        (
            "wide.xlsx",
            xlsx([[*COLUMNS, *["備註"] * 95], NEW]),
            "第一列有 101 欄，超過 100 欄的上限",
        ),
        (
            "twice.csv",
            "店家名稱,月份,使用量,訂單數,淨銷售額,使用量\r\n阿美早餐,2026-05,1,2,3,4\r\n".encode(),
            "欄名「使用量」出現了 2 次",
        ),
        (
            "broken.xlsx",
            patched(xlsx([COLUMNS, NEW]), lambda xml: xml[: len(xml) // 2]),
            "無法讀取這個 XLSX 檔",
        ),
    ],
)
def test_files_over_the_bounds_or_unreadable_get_one_clear_message(
    app, auth, shops, name, content, says
):
    response = upload(auth("officer"), name, content)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert says in html and "沒有寫入任何資料" in html
    assert count_rows(app, ShopImport) == 0


def test_rows_and_cells_past_their_bounds_are_refused(app, auth, shops, monkeypatch):
    client = auth("officer")
    monkeypatch.setattr(import_file, "MAX_ROWS", 3)
    rows = "".join(f",阿美早餐,2026-0{m},1,2,3\r\n" for m in range(1, 5))
    response = upload(client, "rows.csv", (HEADER + rows).encode())
    assert response.status_code == 422
    assert "超過 3 列資料" in response.get_data(as_text=True)
    monkeypatch.setattr(import_file, "MAX_CELLS", 20)
    response = upload(client, "cells.xlsx", xlsx([COLUMNS, NEW, NEW, NEW]))
    assert response.status_code == 422
    assert "超過 20 格" in response.get_data(as_text=True)
    assert count_rows(app, ShopImport) == 0


# Finding 6: a cell that cannot be read is a row error next to its row, never a 500.


def preview_row(html: str, line: int) -> str:
    """The text of the preview table's row for the file's line."""
    found = re.search(rf'<tr><td class="num">{line}</td>(.*?)</tr>', html, re.S)
    assert found, f"line {line} is not listed"
    return re.sub(r"<[^>]+>", " ", found.group(1))


@pytest.mark.parametrize(
    ("ref", "cell", "says"),
    [
        ("A2", '<c r="A2"><v>1e309</v></c>', "統一編號「1e309」不是有效的數字"),
        ("A2", '<c r="A2"><v>-1e309</v></c>', "統一編號「-1e309」不是有效的數字"),
        ("A2", '<c r="A2"><v>NaN</v></c>', "統一編號「NaN」不是有效的數字"),
        ("A2", '<c r="A2"><v>22099131.9</v></c>', "統一編號「22099131.9」不是整數"),
        ("A2", '<c r="A2"><v>220991310</v></c>', "統一編號「220991310」超過 8 位數"),
        ("D2", '<c r="D2"><v>NaN</v></c>', "使用量「NaN」不是有效的數字"),
        ("F2", '<c r="F2"><v>1e309</v></c>', "淨銷售額「1e309」不是有效的數字"),
        ("E2", '<c r="E2"><v>1e300</v></c>', "訂單數太大了"),
        ("C2", '<c r="C2" t="s"><v>999</v></c>', "月份的儲存格無法讀取"),
        ("C2", '<c r="C2" t="s"><v>-1</v></c>', "月份的儲存格無法讀取"),
        ("D2", '<c r="D2" t="b"><v>x</v></c>', "使用量的儲存格無法讀取"),
    ],
)
def test_a_cell_that_cannot_be_read_is_an_error_on_its_row(app, auth, shops, ref, cell, says):
    client = auth("officer")
    content = patched(xlsx([COLUMNS, CHANGED, NEW]), with_cell(ref, cell))
    response = upload(client, "月報.xlsx", content)
    assert response.status_code == 303
    location = response.headers["Location"]
    page = client.get(location)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "錯誤 <strong>1</strong> 列" in html and "新增 <strong>1</strong> 列" in html
    row = preview_row(html, 2)
    assert "錯誤" in row and says in row
    # The staged import is not stuck: the good row is confirmed, the bad one left alone.
    assert confirm(client, location).status_code == 303
    with app.app_context():
        months = db.session.execute(db.select(MonthlyRecord.shop_id, MonthlyRecord.orders)).all()
    assert sorted(orders for _shop, orders in months) == [6, 20]


def test_a_numeric_ubn_that_lost_its_leading_zero_is_still_read(app, auth, make_shop, shops):
    make_shop("零號商行", ubn="04541302", enrolled_month="2026-03")
    client = auth("officer")
    content = xlsx([COLUMNS, [4541302, None, "2026-05", 5, 6, 7]])
    html = client.get(upload(client, "月報.xlsx", content).headers["Location"]).get_data(
        as_text=True
    )
    assert "新增 <strong>1</strong> 列" in html and "錯誤 <strong>0</strong> 列" in html


# The file name is shown and stored without control or bidirectional characters.


def test_the_file_name_is_stored_and_shown_without_bidi_or_control_characters(app, auth, shops):
    client = auth("officer")
    name = "月報\u202egpj.\u2066\x07csv"
    response = upload(client, name, (HEADER + ",阿美早餐,2026-05,30,6,9000\r\n").encode())
    assert response.status_code == 303
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "匯入預覽：月報gpj.csv" in html
    assert not re.search("[\u202a-\u202e\u2066-\u2069\x00-\x08]", html)
    with app.app_context():
        assert db.session.scalar(db.select(ShopImport.filename)) == "月報gpj.csv"
    landing = client.get(confirm(client, response.headers["Location"]).headers["Location"])
    assert "已匯入「月報gpj.csv」" in landing.get_data(as_text=True)
