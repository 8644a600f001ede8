"""A session's registrations with attendance, exported as CSV and XLSX (exports.md)."""

import csv
import io
from datetime import datetime, timedelta

import openpyxl

from smeup.models.base import utcnow

from .admin_helpers import add_registration, audit_actions
from .conftest import make_session

HEADERS = [
    "報名編號",
    "場次",
    "報名狀態",
    "取得座位時間",
    "取消時間",
    "企業名稱",
    "統一編號",
    "縣市",
    "行業別",
    "員工人數",
    "報名者姓名",
    "手機",
    "電子郵件",
    "職稱",
    "管道",
    "現場報名",
    "出席",
    "簽到時間",
    "簽到方式",
    "線上出席分鐘數",
]
KEYS = [
    "id",
    "session",
    "status",
    "seated_at",
    "cancelled_at",
    "company_name",
    "ubn",
    "county",
    "industry",
    "employees",
    "attendee_name",
    "attendee_phone",
    "attendee_email",
    "attendee_title",
    "channel",
    "walk_in",
    "attended",
    "checked_in_at",
    "checkin_source",
    "minutes_present",
]


def seeded(app) -> int:
    with app.app_context():
        start = (utcnow() - timedelta(days=1)).replace(second=0, microsecond=0)
        session = make_session(
            title="匯出測試場", starts_at=start, ends_at=start + timedelta(hours=2)
        )
        add_registration(
            session,
            1,
            ubn="04541302",
            attended=True,
            checked_in_at=start + timedelta(minutes=3),
            checkin_source="scan",
        )
        add_registration(
            session, 2, company_name='=HYPERLINK("http://x")', status="waitlisted", seated_at=None
        )
        add_registration(
            session,
            3,
            status="cancelled",
            cancelled_at=start - timedelta(hours=5),
            cancelled_by="self",
            minutes_present=0,
        )
        return session.id


def test_csv_has_a_bom_zh_hant_headers_and_safe_cells(app, auth):
    client = auth("officer")
    session_id = seeded(app)
    response = client.get(f"/console/training/{session_id}/registrations.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf") and b"\r\n" in response.data
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0] == HEADERS and len(rows) == 4
    first = dict(zip(KEYS, rows[1], strict=True))
    assert (
        first["session"] == "匯出測試場"
        and first["status"] == "已報名"
        and first["ubn"] == "04541302"
    )
    assert (
        first["attendee_phone"] == "0900000001"
        and first["attended"] == "是"
        and first["checkin_source"] == "scan"
    )
    assert first["checked_in_at"].endswith("+08:00")
    second = dict(zip(KEYS, rows[2], strict=True))
    assert (
        second["company_name"].startswith("'=")
        and second["status"] == "候補"
        and second["seated_at"] == ""
    )
    third = dict(zip(KEYS, rows[3], strict=True))
    assert (
        third["status"] == "已取消"
        and third["minutes_present"] == "0"
        and third["attended"] == "否"
    )
    action, detail = audit_actions(app)[-1]
    assert action == "export" and detail["form_type"] == "training_registrations"
    assert detail["rows"] == 3 and detail["complete"] is True and detail["session_id"] == session_id


def test_xlsx_reads_back_with_text_phones_and_real_times(app, auth):
    client = auth("officer")
    session_id = seeded(app)
    response = client.get(f"/console/training/{session_id}/registrations.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS and len(rows) == 4
    first = dict(zip(KEYS, rows[1], strict=True))
    assert first["attendee_phone"] == "0900000001" and first["ubn"] == "04541302"
    assert isinstance(first["checked_in_at"], datetime) and first["employees"] == 5
    assert dict(zip(KEYS, rows[2], strict=True))["company_name"] == '=HYPERLINK("http://x")'
    assert sheet["F3"].data_type == "s"  # text, never a formula


def test_keys_and_no_personal_options(app, auth):
    client = auth("officer")
    session_id = seeded(app)
    keys = client.get(f"/console/training/{session_id}/registrations.csv?headers=keys").data.decode(
        "utf-8-sig"
    )
    assert keys.splitlines()[0] == ",".join(KEYS)
    private = client.get(
        f"/console/training/{session_id}/registrations.csv?no_personal=1"
    ).data.decode("utf-8-sig")
    header = private.splitlines()[0].split(",")
    assert "報名者姓名" not in header and "手機" not in header and "電子郵件" not in header
    assert "0900000001" not in private and "學員1" not in private
    assert audit_actions(app)[-1][1]["personal"] is False
    assert client.get(f"/console/training/{session_id}/registrations.pdf").status_code == 404
