"""Import: reading files, the preview's verdicts, confirming, re-importing, refusing bad files."""

import io
import re
import zipfile
from datetime import date, timedelta

import pytest
from openpyxl import Workbook

from smeup import clock
from smeup.digital.import_file import ImportFileError, read_file
from smeup.digital.importing import preview
from smeup.digital.records import MonthValues, save_month
from smeup.extensions import db
from smeup.models.digital import MonthlyRecord, RecordChange, Shop, ShopImport
from tests.helpers import count_rows, csrf_token

TODAY = date(2026, 6, 5)
HEADER = "統一編號,店家名稱,月份,使用量,訂單數,淨銷售額\r\n"


@pytest.fixture(autouse=True)
def june_fifth(monkeypatch):
    monkeypatch.setattr(clock, "taipei_today", lambda: TODAY)


@pytest.fixture
def shops(app, users, make_shop):
    """小林咖啡 (統編 22099131) and 阿美早餐 (no 統編), with 2026-05 of 小林咖啡 stored."""
    coffee = make_shop("小林咖啡", ubn="22099131", enrolled_month="2026-03")
    breakfast = make_shop("阿美早餐", enrolled_month="2026-03")
    with app.app_context():
        save_month(
            db.session.get(Shop, coffee),
            "2026-05",
            MonthValues(usage=100, orders=20, net_sales=50000),
            user_id=None,
            key="seed" * 6,
            today=TODAY,
            lock_days=10,
        )
    return coffee, breakfast


def verdicts(app, text: str) -> list[tuple[str, str]]:
    with app.app_context():
        result = preview(read_file("m.csv", text.encode()), TODAY, 10)
        return [(r.status, r.reason) for r in result.rows]


def test_each_row_is_new_changed_same_or_error_with_its_reason(app, shops):
    found = verdicts(
        app,
        HEADER
        + "22099131,,2026-05,100,20,50000\r\n"  # same
        + "22099131,,2026/5,100,25,\r\n"  # same shop-month again
        + ",阿美早餐,115/05,30,,\r\n"  # new, by name, 民國 month
        + "22099131,,2026年6月,120,22,51000\r\n"  # new
        + ",無名店,2026-05,1,1,1\r\n"
        + ",阿美早餐,2026-13,1,1,1\r\n"
        + ",阿美早餐,2026-04,1,1,1\r\n"  # April locked on 2026-05-11
        + ",阿美早餐,2026-06,-1,,\r\n",
    )
    assert [status for status, _ in found] == [
        "same",
        "error",
        "new",
        "new",
        "error",
        "error",
        "error",
        "error",
    ]
    reasons = [reason for _, reason in found]
    assert "第 2 列" in reasons[1]
    assert "找不到店家「無名店」" in reasons[4]
    assert "1 到 12" in reasons[5]
    assert "鎖定" in reasons[6]
    assert "負數" in reasons[7]


def test_a_changed_row_says_what_changes_and_blank_keeps_the_stored_value(app, shops):
    with app.app_context():
        result = preview(
            read_file("m.csv", (HEADER + "22099131,,2026-05,,21,\r\n").encode()), TODAY, 10
        )
    row = result.rows[0]
    assert row.status == "changed"
    assert row.changes == ["訂單數 20 → 21"]
    assert (row.values.usage, row.values.net_sales) == (100, 50000)


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ((HEADER + ",阿美早餐,2026-05,1,2,3\r\n").encode("big5"), "不是 UTF-8"),
        ("店家名稱,使用量\r\n阿美早餐,3\r\n".encode(), "缺少欄位：月份、訂單數、淨銷售額"),
        ("月份,使用量,訂單數,淨銷售額\r\n2026-05,1,2,3\r\n".encode(), "統一編號 或 店家名稱"),
        (HEADER.encode(), "沒有資料列"),
        (b"", "檔案是空的"),
    ],
)
def test_bad_csv_files_get_a_clear_message(content, says):
    with pytest.raises(ImportFileError, match=says):
        read_file("m.csv", content)


def test_bom_and_tabs_are_read():
    text = "\ufeff" + HEADER.replace(",", "\t") + "\t阿美早餐\t2026-05\t3\t\t\r\n"
    rows = read_file("m.tsv", text.encode())
    assert rows[0].cells["店家名稱"] == "阿美早餐" and rows[0].cells["使用量"] == "3"


def xlsx_bytes(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_cells_read_with_dates_and_numeric_ubn(app, shops):
    content = xlsx_bytes(
        [
            ["統一編號", "店家名稱", "月份", "使用量", "訂單數", "淨銷售額"],
            [22099131, None, date(2026, 6, 1), 130, 24, 52000],
        ]
    )
    with app.app_context():
        result = preview(read_file("m.xlsx", content), TODAY, 10)
    assert (result.rows[0].status, result.rows[0].month) == ("new", "2026-06")


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (200 * 1024 * 1024))
    return buffer.getvalue()


def test_a_zip_bomb_named_xlsx_is_refused_before_unpacking():
    content = zip_bomb()
    assert len(content) < 1024 * 1024
    with pytest.raises(ImportFileError, match="壓縮炸彈"):
        read_file("月報.xlsx", content)


def test_a_renamed_text_file_is_not_an_xlsx():
    with pytest.raises(ImportFileError, match="不是有效的 XLSX"):
        read_file("月報.xlsx", b"just text")


def upload(client, name, content):
    token = csrf_token(client, "/digital/import")
    return client.post(
        "/digital/import",
        data={"csrf_token": token, "file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def confirm_fields(html: str) -> dict[str, str]:
    """The hidden fields of a preview page's confirm form, as the browser would send them."""
    form = re.search(
        r'<form method="post" action="/digital/import/[^"]+"[^>]*>(.*?)</form>', html, re.S
    )
    assert form, "the preview offers no confirm form"
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(1)))


def confirm(client, location: str):
    """Confirm an upload from its preview page (what the officer saw is sent with it)."""
    return client.post(location, data=confirm_fields(client.get(location).get_data(as_text=True)))


def test_preview_writes_nothing_confirm_writes_and_reimport_is_a_no_op(app, auth, shops):
    client = auth("officer")
    content = (
        HEADER + "22099131,,2026-05,100,21,50000\r\n,阿美早餐,2026-05,30,6,9000\r\n"
        ",阿美早餐,2026-04,1,1,1\r\n"
    ).encode()
    response = upload(client, "月報.csv", content)
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "新增 <strong>1</strong> 列" in page and "修改 <strong>1</strong> 列" in page
    assert "錯誤 <strong>1</strong> 列" in page and "訂單數 20 → 21" in page
    assert count_rows(app, MonthlyRecord) == 1  # the preview wrote nothing
    fields = confirm_fields(page)
    confirmed = client.post(response.headers["Location"], data=fields)
    assert confirmed.status_code == 303
    assert count_rows(app, MonthlyRecord) == 2
    assert count_rows(app, RecordChange) == 1
    assert "新增 1 筆、修改 1 筆" in client.get(confirmed.headers["Location"]).get_data(
        as_text=True
    )
    # A second confirm of the same upload (a double click: the same form again) writes nothing.
    again = client.post(response.headers["Location"], data=fields)
    assert again.status_code == 303
    assert count_rows(app, RecordChange) == 1
    # The same file again: every good row is "same", nothing to confirm.
    again = upload(client, "月報.csv", content)
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "相同 <strong>2</strong> 列" in page and "沒有需要寫入的資料" in page
    assert "確認匯入" not in page


@pytest.mark.parametrize(
    ("name", "content", "status", "says"),
    [
        ("big5.csv", (HEADER + ",阿美早餐,2026-05,1,2,3\r\n").encode("big5"), 422, "不是 UTF-8"),
        ("cols.csv", "店家名稱,使用量\r\n阿美早餐,3\r\n".encode(), 422, "缺少欄位"),
        ("bomb.xlsx", zip_bomb(), 422, "壓縮炸彈"),
    ],
)
def test_bad_files_are_refused_on_the_page_and_change_nothing(
    app, auth, shops, name, content, status, says
):
    response = upload(auth("officer"), name, content)
    assert response.status_code == status
    html = response.get_data(as_text=True)
    assert says in html and "沒有寫入任何資料" in html
    assert count_rows(app, ShopImport) == 0
    assert count_rows(app, MonthlyRecord) == 1


def test_a_file_over_the_limit_is_refused(app, make_app, auth, shops):
    big = HEADER.encode() + b",\xe9\x98\xbf,2026-05,1,1,1\r\n" * (60 * 1024 * 1024 // 24)
    response = upload(auth("officer"), "big.csv", big)  # ~60 MB
    assert response.status_code == 413
    assert "檔案最大 10 MB" in response.get_data(as_text=True)
    assert count_rows(app, ShopImport) == 0


def test_purge_drops_uploads_left_unconfirmed_for_a_week_and_keeps_applied_ones(
    app, auth, shops, runner
):
    client = auth("officer")
    content = (HEADER + ",阿美早餐,2026-05,30,6,9000\r\n").encode()
    confirmed, stale, fresh = (upload(client, "月報.csv", content) for _ in range(3))
    assert confirm(client, confirmed.headers["Location"]).status_code == 303
    with app.app_context():
        for staged in db.session.scalars(db.select(ShopImport)):
            staged.uploaded_at -= timedelta(days=8)  # all three a week old...
        newest = db.session.scalars(db.select(ShopImport).order_by(ShopImport.id.desc())).first()
        newest.uploaded_at += timedelta(days=8)  # ...but the last one
        db.session.commit()
    result = runner.invoke(args=["purge-drafts"])
    assert result.exit_code == 0, result.output
    assert "超過 7 天未確認的數位轉型匯入檔 1 份" in result.output
    # The applied upload stays as the import's record; the second upload is gone.
    assert client.get(confirmed.headers["Location"]).status_code == 200
    assert client.get(stale.headers["Location"]).status_code == 404
    assert client.get(fresh.headers["Location"]).status_code == 200
