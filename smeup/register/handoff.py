"""The hand-off export per service unit: one row per referred item (exports.md formats),
downloaded by the officer or mailed to the unit when the officer confirms (mail.md)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from datetime import date

from ..clock import taipei_today
from ..company.reference import INDUSTRIES
from ..exports.cells import JOIN, taipei_time
from ..exports.columns import Cell, Column
from ..exports.neutralise import flattened
from ..exports.xlsx_stream import stream_xlsx
from ..mail_queue import Attachment, enqueue
from ..models.mail import MailMessage
from ..models.register import Referral
from ..reference.service_units import ServiceUnit

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The company and its contact (the consent covers 計畫輔導、聯繫通知), the check's figures,
# and the referred item: what a unit needs to call the company back.
COLUMNS = (
    Column("referral_id", "轉介編號"),
    Column("referred_at", "開立轉介時間（臺北時間）"),
    Column("unit", "轉介單位"),
    Column("item", "轉介項目"),
    Column("company_name", "企業名稱"),
    Column("ubn", "統一編號"),
    Column("county", "所在縣市"),
    Column("industry", "行業別"),
    Column("employees", "員工人數"),
    Column("contact_name", "聯絡人", personal=True),
    Column("contact_phone", "聯絡電話", personal=True),
    Column("contact_email", "電子郵件", personal=True),
    Column("consent", "個人資料蒐集同意"),
    Column("submission_id", "健檢編號"),
    Column("submitted_at", "健檢送出時間（臺北時間）"),
    Column("data_year", "資料年度"),
    Column("scope1_tco2e", "範疇一排放量（公噸 CO2e）"),
    Column("scope2_tco2e", "範疇二排放量（公噸 CO2e）"),
    Column("total_tco2e", "總排放量（公噸 CO2e）"),
    Column("urgency", "減碳急迫程度"),
    Column("urgency_reasons", "急迫程度理由"),
    Column("prescriptions", "處方（全部項目）"),
)


def header(chinese: bool = True) -> list[str]:
    """The header row: zh-Hant labels by default (exports.md), the field keys on request."""
    return [c.zh_label if chinese else c.key for c in COLUMNS]


def handoff_rows(referrals: Iterable[Referral], unit_name: str) -> Iterator[list[Cell]]:
    """One row per referral, from the stored check (its company block as submitted)."""
    for referral in referrals:
        s = referral.submission
        check = s.netzero
        yield [
            referral.id,
            taipei_time(referral.created_at),
            unit_name,
            referral.item_title,
            s.company_name,
            s.ubn,
            s.county,
            INDUSTRIES.get(s.industry or "", s.industry),
            s.employees,
            s.contact_name,
            s.contact_phone,
            s.contact_email,
            s.consent,
            s.id,
            taipei_time(s.submitted_at),
            check.data_year,
            check.scope1_tco2e,
            check.scope2_tco2e,
            check.total_tco2e,
            check.urgency,
            JOIN.join(check.urgency_reasons),
            JOIN.join(check.prescriptions),
        ]


def handoff_filename(unit_code: str, fmt: str, today: date) -> str:
    """smeup-handoff-itri-20261130.csv"""
    return f"smeup-handoff-{unit_code}-{today:%Y%m%d}.{fmt}"


def handoff_xlsx(referrals: list[Referral], unit_name: str) -> bytes:
    """The hand-off as one XLSX file (zh-Hant headers), as the download writes it."""
    rows = list(handoff_rows(referrals, unit_name))
    return b"".join(stream_xlsx(header(True), flattened(rows), sheet_name=f"轉介{unit_name}"))


def mail_handoff(service_unit: ServiceUnit, referrals: list[Referral], user) -> MailMessage | None:
    """Mail the hand-off of `referrals` (just moved to 已轉介) to the unit, in the caller's
    transaction; None when the unit has no address in the data file, or nothing moved."""
    if not service_unit.email or not referrals:
        return None
    filename = handoff_filename(service_unit.code, "xlsx", taipei_today())
    # One message per confirmation: these referrals, moved at this moment.
    moved = ",".join(f"{r.id}@{r.moved_at:%Y%m%dT%H%M%S%f}" for r in referrals)
    digest = hashlib.sha256(moved.encode()).hexdigest()[:24]
    return enqueue(
        f"referral.handoff:{service_unit.code}:{digest}",
        service_unit.email,
        "referral_handoff",
        {
            "unit_name": service_unit.name,
            "count": len(referrals),
            "filename": filename,
            "date": f"{taipei_today():%Y-%m-%d}",
            "officer": getattr(user, "display_name", "") or getattr(user, "username", ""),
            "referral_ids": [r.id for r in referrals],
        },
        attachments=[Attachment(filename, XLSX_MIME, handoff_xlsx(referrals, service_unit.name))],
    )
