"""Navigator submissions for officers: list, detail, dashboard and exports (exports.md)."""

import html
import re
from datetime import date

import pytest

from smeup.extensions import db
from smeup.intake import Intake
from smeup.programmes.store import store_navigation
from tests.console.helpers import csv_dicts, csv_rows, listed_ids, xlsx_sheet

COLUMNS = [
    "id",
    "submitted_at",
    "channel",
    "event",
    "entered_by",
    "status",
    "company_name",
    "ubn",
    "county",
    "industry",
    "employees",
    "paid_in_capital",
    "contact_name",
    "contact_phone",
    "contact_email",
    "consent",
    "founded_on",
    "org_form",
    "need",
    "rnd_stage",
    "rnd_theme",
    "sbir_done",
    "focus_industry",
    "self_funding",
    "tax_arrears",
    "mainland_capital",
    "sbir_general",
    "sbir_local",
    "cocreation",
    "accelerator",
    "judged_on",
    "rules_version",
]
CLEANED = {
    "company_name": "智聯感測股份有限公司",
    "ubn": "04541302",
    "county": "新竹市",
    "industry": "C",
    "employees": 28,
    "paid_in_capital": 15_000_000,
    "contact_name": "陳大文",
    "contact_phone": "035678123",
    "contact_email": None,
    "consent": True,
    "founded_on": date(2021, 3, 15),
    "org_form": "company",
    "need": ["rnd", "cocreation"],
    "rnd_stage": "commercialising",
    "rnd_theme": "netzero",
    "sbir_done": ["phase1", "phase2"],
    "focus_industry": "green",
    "self_funding": "unsure",
    "tax_arrears": False,
    "mainland_capital": False,
}


@pytest.fixture
def officer(auth):
    """A test client signed in as an officer."""
    return auth("officer")


@pytest.fixture
def stored(app):
    """Two navigator pre-screens stored the way the form stores them; their ids."""
    with app.test_request_context():
        first = store_navigation("k" * 24, CLEANED, Intake("web", None, None), date(2026, 11, 30))
        big = {**CLEANED, "company_name": "大成電機", "ubn": "22099131", "employees": 900}
        big |= {"paid_in_capital": 800_000_000, "need": ["accelerator"], "self_funding": "yes"}
        second = store_navigation("b" * 24, big, Intake("web", None, None), date(2026, 11, 30))
        ids = first.submission.id, second.submission.id
        db.session.remove()
    return ids


def export(client, fmt="csv", **args):
    """The export with field keys as headers (the 欄位代碼 option) unless `headers` is given."""
    args.setdefault("headers", "keys")
    query = "&".join(f"{k}={v}" for k, v in args.items())
    response = client.get(f"/console/navigator/export.{fmt}?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    data = response.get_data()
    response.close()
    return data


def test_list_shows_each_programme_verdict(officer, stored):
    page = html.unescape(officer.get("/console/navigator/").get_data(as_text=True))
    assert sorted(listed_ids(page, "navigator")) == sorted(stored)
    assert "資料列表：補助與獎勵導航" in page
    assert "SBIR" in page and "新創共創" in page
    assert 'aria-current="page">補助與獎勵導航</a>' in page
    searched = officer.get("/console/navigator/?q=大成").get_data(as_text=True)
    assert listed_ids(searched, "navigator") == [stored[1]]


def test_detail_shows_answers_and_the_stored_result(officer, stored):
    page = html.unescape(officer.get(f"/console/navigator/{stored[0]}").get_data(as_text=True))
    assert "<dt>組織型態</dt><dd>公司</dd>" in page
    assert "<dt>想找的資源</dt><dd>研發補助；與中大企業共創</dd>" in page
    assert "<dt>曾完成的 SBIR 階段</dt><dd>Phase 1；Phase 2</dd>" in page
    assert "<dt>能否自籌至少一半經費</dt><dd>不確定</dd>" in page
    assert "<dt>設立日期</dt><dd>2021-03-15</dd>" in page
    assert "導航結果（送出當時判斷並保存）" in page
    assert "主題式徵件「淨零應用」" in page
    # A staff page: the rule table's version is shown (public pages show its date only).
    assert "（判斷規則版本 innovation-2026）" in page


def test_dashboard_counts_verdicts_per_programme(officer, stored):
    page = html.unescape(officer.get("/console/").get_data(as_text=True))
    section = page[page.index('id="navigator-title"') :]
    assert "共 2 件" in section
    rows = re.findall(
        r'<th scope="row">([^<]+)</th><td class="num">(\d+)</td><td class="num">(\d+)</td>'
        r'<td class="num">(\d+)</td>',
        section,
    )
    counts = {name: tuple(map(int, n)) for name, *n in rows[:4]}
    assert counts["SBIR 小型企業創新研發計畫（一般型）"] == (0, 1, 1)
    assert counts["扶植新創驅動企業創新轉型（企業加速器）"] == (1, 0, 1)
    assert "補助與獎勵導航" in page[: page.index('id="navigator-title"')]  # daily chart column


def test_csv_export_columns_and_values(officer, stored):
    header, *_ = csv_rows(export(officer))
    assert header == COLUMNS
    rows = {int(r["id"]): r for r in csv_dicts(export(officer))}
    first, big = rows[stored[0]], rows[stored[1]]
    assert first["org_form"] == "公司" and first["need"] == "研發補助；與中大企業共創"
    assert first["rnd_stage"] == "已完成研發、要加值應用" and first["rnd_theme"] == "淨零應用"
    assert first["sbir_done"] == "Phase 1；Phase 2" and first["focus_industry"] == "綠色科技"
    assert first["self_funding"] == "不確定" and first["tax_arrears"] == "否"
    assert first["founded_on"] == "2021-03-15" and first["judged_on"] == "2026-11-30"
    assert (first["sbir_general"], first["cocreation"]) == ("可能符合", "可能符合")
    assert first["rules_version"] == "innovation-2026" and first["ubn"] == "04541302"
    assert (big["sbir_general"], big["accelerator"]) == ("不符合", "符合")
    zh_header = csv_rows(export(officer, headers="zh"))[0]
    assert zh_header[16:18] == ["設立日期", "組織型態"]
    assert "SBIR 小型企業創新研發計畫（一般型）" in zh_header
    no_personal = csv_rows(export(officer, no_personal="1"))[0]
    assert "contact_name" not in no_personal and "sbir_general" in no_personal


def test_xlsx_export_keeps_types(officer, stored):
    sheet = xlsx_sheet(export(officer, "xlsx"))
    header = [c.value for c in sheet[1]]
    assert header == COLUMNS
    row = [c.value for c in sheet[2]]
    values = dict(zip(header, row, strict=True))
    assert values["founded_on"].date() == date(2021, 3, 15)
    assert values["ubn"] in ("04541302", "22099131")
    assert values["sbir_local"] in ("符合", "可能符合", "不符合")


def test_export_holds_the_filtered_rows(officer, stored):
    rows = csv_dicts(export(officer, q="大成"))
    assert [int(r["id"]) for r in rows] == [stored[1]]
