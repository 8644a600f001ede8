"""Every export is audited and streamed; only officers may export."""

import pytest

from smeup.extensions import db
from smeup.models import AuditEntry
from tests.console import factories as f
from tests.console.test_export import export
from tests.helpers import login


def test_every_export_is_audited_with_filters_and_row_count(app, officer, add):
    add(lambda: [f.netzero(company_name="綠能"), f.netzero(company_name="綠能二"), f.netzero()])
    export(officer, "netzero", q="綠能", headers=None, delimiter="semicolon")
    export(officer, "netzero", "xlsx", no_personal="1")
    with app.app_context():
        entries = db.session.scalars(
            db.select(AuditEntry).filter_by(action="export").order_by(AuditEntry.id)
        ).all()
        assert [e.username for e in entries] == ["officer1", "officer1"]
        csv_entry, xlsx_entry = entries
        assert csv_entry.detail == {
            "form_type": "netzero",
            "filters": {"q": "綠能"},
            "format": "csv",
            "zh_headers": True,
            "personal": True,
            "delimiter": "semicolon",
            "rows": 2,
            "complete": True,
        }
        assert xlsx_entry.detail["rows"] == 3 and xlsx_entry.detail["personal"] is False
        assert xlsx_entry.detail["zh_headers"] is False  # the 欄位代碼 option
        assert xlsx_entry.detail["filters"] == {}


def test_export_streams_before_all_rows_are_read(app, officer, add):
    add(lambda: [f.netzero(company_name=f"公司{i:04d}") for i in range(1500)])
    response = officer.get("/console/netzero/export.csv", buffered=False)
    assert response.is_streamed
    chunks = iter(response.response)
    first = next(chunks)
    assert first.startswith(b"\xef\xbb\xbf") and "公司1499".encode() in first
    assert "公司0000".encode() not in first  # the oldest row is not read yet...
    with app.app_context():  # ...and the audit entry is written only when the stream ends
        assert db.session.scalar(db.select(AuditEntry).filter_by(action="export")) is None
    rest = b"".join(chunks)
    response.close()
    assert "公司0000".encode() in rest
    with app.app_context():
        entry = db.session.scalar(db.select(AuditEntry).filter_by(action="export"))
        assert entry.detail["rows"] == 1500 and entry.detail["complete"] is True


def test_a_download_broken_off_is_audited_as_incomplete(app, officer, add):
    add(lambda: [f.netzero() for _ in range(300)])
    response = officer.get("/console/netzero/export.csv", buffered=False)
    next(iter(response.response))
    response.close()
    with app.app_context():
        entry = db.session.scalar(db.select(AuditEntry).filter_by(action="export"))
        assert entry.detail["complete"] is False and 0 < entry.detail["rows"] <= 300


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_agents_cannot_export(client, users, add, fmt):
    add(lambda: f.netzero())
    login(client, users["agent"])
    assert client.get(f"/console/netzero/export.{fmt}").status_code == 403


def test_anonymous_export_goes_to_login(client):
    response = client.get("/console/netzero/export.csv")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_unknown_format_is_404(officer):
    assert officer.get("/console/netzero/export.pdf").status_code == 404
