"""Exports: exactly the filtered rows, the column contract, CSV and XLSX read back, the audit."""

from datetime import datetime
from urllib.parse import urlencode

import pytest

from smeup.extensions import db
from smeup.models import Draft
from tests.console import factories as f
from tests.console.helpers import csv_dicts, csv_rows, listed_ids, xlsx_sheet

ENVELOPE = ["id", "submitted_at", "channel", "event", "entered_by", "status"]
COMPANY = [
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
]
NETZERO = [
    "data_year",
    "electricity_kwh",
    "natural_gas_m3",
    "lpg_kg",
    "diesel_l",
    "gasoline_l",
    "fuel_oil_l",
    "cbam_export",
    "supply_chain_request",
    "listed_company",
    "supplier_to_listed",
    "has_inventory",
    "has_target",
    "scope1_tco2e",
    "scope2_tco2e",
    "total_tco2e",
    "urgency",
    "urgency_reasons",
    "prescriptions",
    "factor_version",
    "rules_version",
]
COURSE = ["survey", "location", "rank_1", "rank_2", "rank_3", "rank_4", "rank_5"] + [
    f"rank_of_{code}" for code in ("brand", "channels", "copy", "social", "events", "resources")
]
SBTR = [
    "category",
    "plan_title",
    "site_county",
    "site_address",
    "site_right",
    "site_right_until",
    "site_operating",
    "planned_start",
    "blueprint",
    "expected_local_jobs",
    "plan_end",
    "member_count",
    "members",
    "eligible",
    "ineligible_reasons",
    "has_loi",
]
PERSONAL = ["contact_name", "contact_phone", "contact_email"]


def export(client, form_type: str, fmt: str = "csv", headers: str | None = "keys", **args):
    """Export through HTTP. Key headers unless headers=None (the default file: zh-Hant labels)."""
    if headers is not None:
        args["headers"] = headers
    response = client.get(f"/console/{form_type}/export.{fmt}?{urlencode(args)}")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    response.get_data()  # read the whole stream, as a browser would
    response.close()
    return response


def survey_id(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(f.Survey.id))


@pytest.mark.parametrize(
    ("form_type", "own"), [("netzero", NETZERO), ("sbtr", SBTR), ("course", COURSE)]
)
def test_headers_are_the_contract_in_order(app, officer, add, form_type, own):
    add(
        lambda: {"netzero": f.netzero, "sbtr": f.sbtr, "course": lambda: f.course(f.survey())}[
            form_type
        ]()
    )
    args = {"survey": survey_id(app)} if form_type == "course" else {}
    header = csv_rows(export(officer, form_type, **args).data)[0]
    assert header == ENVELOPE + COMPANY + own
    sheet = xlsx_sheet(export(officer, form_type, "xlsx", **args).data)
    assert [c.value for c in sheet[1]] == ENVELOPE + COMPANY + own


def test_netzero_values(officer, add, users):
    def build():
        e = f.event(name="臺中巡迴場")
        agent = f.user(users["agent"])
        return f.netzero(channel="roadshow", event_id=e.id, entered_by_id=agent.id, ubn="04541302")

    sid = add(build)
    (row,) = csv_dicts(export(officer, "netzero").data)
    assert row["id"] == str(sid)
    assert row["submitted_at"] == "2026-11-20T10:30:00+08:00"
    assert (row["channel"], row["event"], row["entered_by"]) == ("roadshow", "臺中巡迴場", "agent1")
    assert row["ubn"] == "04541302" and row["industry"] == "製造業" and row["consent"] == "是"
    assert row["contact_phone"] == "0912345678"
    assert (row["electricity_kwh"], row["gasoline_l"], row["lpg_kg"]) == ("120000", "1200.5", "40")
    assert (row["cbam_export"], row["supplier_to_listed"]) == ("否", "是")
    assert row["supply_chain_request"] == "有要求，尚無期限"
    assert (row["total_tco2e"], row["urgency"]) == ("59.71", "中")
    assert row["urgency_reasons"] == "客戶已要求提供碳排資料；為上市櫃公司之供應商"
    assert row["prescriptions"] == "碳盤查輔導；節能診斷"


def test_course_values_are_labels_then_rank_numbers(app, officer, add):
    add(lambda: f.course(f.survey(), ranks=("social", "brand", "copy")))
    (row,) = csv_dicts(export(officer, "course", survey=survey_id(app)).data)
    assert row["survey"] == "數位轉型課程意願調查" and row["location"] == "鹿港"
    assert [row[f"rank_{i}"] for i in range(1, 6)] == [
        "新媒體經營－社群媒體經營",
        "企業品牌經營",
        "品牌行銷－熱銷文案策略",
        "",
        "",
    ]
    assert (row["rank_of_social"], row["rank_of_brand"], row["rank_of_copy"]) == ("1", "2", "3")
    assert row["rank_of_events"] == ""


def test_sbtr_values(officer, add):
    add(
        lambda: f.sbtr(
            members=(("22099131", "甲企業"), ("04541302", "乙企業"), ("34051920", "丙企業")),
            proposal={
                "category": "B_PLUS",
                "eligible": False,
                "ineligible_reasons": ["缺合作意向書", "成員重複"],
            },
        )
    )
    (row,) = csv_dicts(export(officer, "sbtr").data)
    assert row["category"] == "B+類" and row["site_right"] == "租賃"
    assert row["members"] == "22099131 甲企業；04541302 乙企業；34051920 丙企業"
    assert row["member_count"] == "3" and row["plan_end"] == "2027-10-31"
    assert (row["eligible"], row["ineligible_reasons"], row["has_loi"]) == (
        "否",
        "缺合作意向書；成員重複",
        "否",
    )
    assert row["blueprint"] == "在地創生藍圖。 第二段說明。"  # the line break flattened


def test_course_export_needs_a_survey(officer, add):
    add(lambda: f.course(f.survey()))
    response = officer.get("/console/course/export.csv")
    assert response.status_code == 422
    assert "請先選擇一份問卷再匯出" in response.get_data(as_text=True)


def test_course_export_holds_only_that_survey(app, officer, add):
    def build():
        one, two = f.survey("問卷一"), f.survey("問卷二")
        return [f.course(one), f.course(two)]

    first, _ = add(build)
    ids = [r["id"] for r in csv_dicts(export(officer, "course", survey=survey_id(app)).data)]
    assert ids == [str(first)]


@pytest.mark.parametrize(
    "args",
    [
        {},
        {"q": "綠能"},
        {"q": "0454"},
        {"channel": "phone"},
        {"urgency": "高", "county": "臺中市"},
        {"date_from": "2026-11-10", "date_to": "2026-11-15"},
        {"status": "處理中", "q": "綠能"},
    ],
)
def test_export_holds_exactly_the_filtered_list(officer, add, args):
    add(
        lambda: [
            f.netzero(company_name="綠能科技", channel="phone", county="臺中市"),
            f.netzero(company_name="綠能二廠", status="處理中", check={"urgency": "高"}),
            f.netzero(
                company_name="大同", ubn="04541302", county="臺中市", check={"urgency": "高"}
            ),
            f.netzero(company_name="早到", submitted_at=datetime(2026, 11, 12, 4)),
            f.netzero(company_name="很早", submitted_at=datetime(2026, 10, 1, 4)),
        ]
    )
    listed = listed_ids(officer.get(f"/console/netzero/?{urlencode(args)}").get_data(as_text=True))
    exported = [int(r["id"]) for r in csv_dicts(export(officer, "netzero", **args).data)]
    assert exported == listed
    sheet = xlsx_sheet(export(officer, "netzero", "xlsx", **args).data)
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == listed


def test_export_is_not_paginated(officer, add):
    add(lambda: [f.netzero() for _ in range(60)])
    assert len(csv_rows(export(officer, "netzero", page="2").data)) == 61


def test_drafts_are_never_exported(app, officer, add):
    def build():
        db.session.add(
            Draft(
                token="t" * 40,
                form_type="sbtr",
                data={"company_name": "草稿公司"},
                expires_at=datetime(2030, 1, 1),
            )
        )
        return f.sbtr(company_name="已送出公司")

    add(build)
    data = export(officer, "sbtr").data.decode()
    assert "已送出公司" in data and "草稿公司" not in data


def test_every_no_answer_is_written_no_in_both_formats(officer, add):
    """A 否 is 否 in each yes/no question (供應商 once came out empty)."""
    answers = ("cbam_export", "listed_company", "supplier_to_listed", "has_inventory", "has_target")
    add(lambda: f.netzero(check=dict.fromkeys(answers, False)))
    (row,) = csv_dicts(export(officer, "netzero").data)
    assert [row[key] for key in answers] == ["否"] * 5
    sheet = xlsx_sheet(export(officer, "netzero", fmt="xlsx").data)
    head = [c.value for c in sheet[1]]
    assert {sheet.cell(2, head.index(key) + 1).value for key in answers} == {"否"}


def test_the_csv_holds_what_the_typed_cells_write(app, officer, add):
    """The CSV's one-pass row (reading SQLite's own tuples) writes the same bytes as the
    typed cells every other export is built from, formulas and line breaks included."""
    from werkzeug.datastructures import MultiDict

    from smeup.console.exporting import export_plan, export_rows
    from smeup.console.filters import ListFilters
    from smeup.exports.csv_stream import stream_csv

    for name, phone in (("=HYPERLINK(1)", "+886-2-1234"), ("行一\n行二", "-5"), ("@公司", "")):
        add(lambda name=name, phone=phone: f.netzero(company_name=name, contact_phone=phone))
    add(lambda: f.netzero(consent=False, ubn=None, check={"supplier_to_listed": False}))
    got = export(officer, "netzero").data
    with app.test_request_context():
        plan = export_plan("netzero", ListFilters.from_args(MultiDict()), True)
        typed = b"".join(stream_csv(plan.header(False), export_rows(plan)))
    assert got == typed
