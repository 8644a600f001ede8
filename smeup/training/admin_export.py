"""Export rows (exports.md) of a session's registrations with attendance, and of an invite list."""

from __future__ import annotations

from collections.abc import Iterator

from ..exports.cells import taipei_time
from ..exports.columns import Cell, Column, header, select_columns
from ..extensions import db
from ..models.training import TrainingRegistration as R
from ..models.training import TrainingSession
from .words import STATUSES

BATCH_ROWS = 1000
REGISTRATION_COLUMNS = (
    (Column("id", "報名編號"), R.id),
    (Column("session", "場次"), None),
    (Column("status", "報名狀態"), R.status),
    (Column("seated_at", "取得座位時間"), R.seated_at),
    (Column("cancelled_at", "取消時間"), R.cancelled_at),
    (Column("company_name", "企業名稱"), R.company_name),
    (Column("ubn", "統一編號"), R.ubn),
    (Column("county", "縣市"), R.county),
    (Column("industry", "行業別"), R.industry),
    (Column("employees", "員工人數"), R.employees),
    (Column("attendee_name", "報名者姓名", personal=True), R.attendee_name),
    (Column("attendee_phone", "手機", personal=True), R.attendee_phone),
    (Column("attendee_email", "電子郵件", personal=True), R.attendee_email),
    (Column("attendee_title", "職稱"), R.attendee_title),
    (Column("channel", "管道"), R.channel),
    (Column("walk_in", "現場報名"), R.walk_in),
    (Column("attended", "出席"), R.attended),
    (Column("checked_in_at", "簽到時間"), R.checked_in_at),
    (Column("checkin_source", "簽到方式"), R.checkin_source),
    (Column("minutes_present", "線上出席分鐘數"), R.minutes_present),
)
TIMES = {"seated_at", "cancelled_at", "checked_in_at"}
TEXTS = {"ubn", "county", "industry", "attendee_phone", "attendee_title", "checkin_source"}
INVITE_COLUMNS = (
    Column("submission_id", "問卷資料編號"),
    Column("submitted_at", "填答時間"),
    Column("company_name", "企業名稱"),
    Column("ubn", "統一編號"),
    Column("county", "縣市"),
    Column("contact_name", "聯絡人", personal=True),
    Column("contact_phone", "聯絡電話", personal=True),
    Column("contact_email", "電子郵件", personal=True),
    Column("location", "填答地點"),
    Column("rank", "排序名次"),
)


def _chosen(personal: bool):
    keep = {c.key for c in select_columns([c for c, _sql in REGISTRATION_COLUMNS], personal)}
    return [(c, sql) for c, sql in REGISTRATION_COLUMNS if c.key in keep]


def registration_header(personal: bool, chinese: bool) -> list[str]:
    """The header row: zh-Hant labels, or the field keys."""
    return header([c for c, _sql in _chosen(personal)], chinese)


def registration_rows(session: TrainingSession, personal: bool) -> Iterator[list[Cell]]:
    """Every registration of the session, oldest first, read in batches."""
    chosen = _chosen(personal)
    query = (
        db.select(*(sql for _c, sql in chosen if sql is not None))
        .where(R.session_id == session.id)
        .order_by(R.id)
    )
    result = db.session.connection().execute(query.execution_options(yield_per=BATCH_ROWS))
    try:
        for batch in result.partitions():
            for values in batch:
                yield _row(chosen, session.title, iter(values))
    finally:
        result.close()


def _row(chosen, title: str, values) -> list[Cell]:
    row: list[Cell] = []
    for column, sql in chosen:
        if sql is None:
            row.append(title)
            continue
        value = next(values)
        if column.key in TIMES:
            value = taipei_time(value)
        elif column.key == "status":
            value = STATUSES.get(value, value)
        elif column.key in TEXTS:
            value = value or ""
        elif column.key in ("walk_in", "attended"):
            value = bool(value)
        row.append(value)
    return row


def invite_header(personal: bool, chinese: bool) -> list[str]:
    return header(select_columns(INVITE_COLUMNS, personal), chinese)


def invite_rows(invitees, personal: bool) -> Iterator[list[Cell]]:
    """The invite list's rows (the people who ranked the course and have not registered)."""
    keys = [c.key for c in select_columns(INVITE_COLUMNS, personal)]
    for person in invitees:
        values = vars(person) | {
            "submitted_at": taipei_time(person.submitted_at),
            "ubn": person.ubn or "",
            "county": person.county or "",
        }
        yield [values[k] for k in keys]
