"""Online attendance (training.md): the meeting platform's attendee report, preview → confirm.

The file is read once, at upload (Google Meet, Microsoft Teams and Zoom exports, zh or en
headers, UTF-8 or UTF-16, comma or tab); its rows are kept with the upload, and the preview and
the confirmation use those rows. Rows are matched to the session's registrations by e-mail
(case-insensitive); one person listed twice (they left and rejoined) has their minutes summed.
Present for at least `share` of the session's length counts as attended.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ..extensions import db
from ..forms.validators import without_controls
from ..models.base import utcnow
from ..models.training import TrainingAttendanceImport
from ..models.training import TrainingRegistration as R

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5_000
MAX_COLUMNS = 100
HEADER_SEARCH = 30  # a report may start with a summary: the header is within its first lines
MAX_TEXT = 200
UNCONFIRMED_DAYS = 7  # an upload nobody confirmed is removed after this (purge_unconfirmed)
FORMAT = (
    "第一列（或報表摘要之後的欄名列）應有：姓名（Name）、電子郵件（Email）、"
    "出席時間（分鐘）（Duration）。Google Meet、Teams、Zoom 匯出的出席報表可直接上傳。"
)
HEADERS = {
    "name": {
        "姓名",
        "名稱",
        "name",
        "full name",
        "名字",
        "參與者",
        "參與者名稱",
        "participant",
        "顯示名稱",
        "display name",
        "name (original name)",
        "名稱 (原始名稱)",
        "first name",
    },
    "email": {
        "電子郵件",
        "電子郵件地址",
        "email",
        "e-mail",
        "email address",
        "user email",
        "使用者電子郵件",
        "attendee email",
        "participant email",
        "電子郵件信箱",
        "信箱",
    },
    "minutes": {
        "出席時間(分鐘)",
        "出席時間 (分鐘)",
        "出席時間",
        "duration (minutes)",
        "duration(minutes)",
        "duration",
        "total duration",
        "總時間長度",
        "時間長度",
        "in-meeting duration",
        "會議中持續時間",
        "持續時間",
        "出席時長",
        "參與時間",
        "time in call",
        "通話時間",
        "minutes",
        "分鐘",
    },
}


class AttendanceFileError(ValueError):
    """A file that cannot be read as an attendee report; the message is zh-Hant."""


@dataclass(frozen=True)
class ReportRow:
    line: int
    name: str
    email: str  # lower-cased
    minutes: float | None  # None: the duration could not be read
    written: str  # the duration as the file wrote it


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text or "")).strip().lstrip("\ufeff").strip()
    return re.sub(r"\s+", " ", text.replace("（", "(").replace("）", ")")).lower()


def _columns(header: list[str]) -> dict[str, int] | None:
    found = {}
    for i, cell in enumerate(header[:MAX_COLUMNS]):
        key = _key(cell)
        for column, names in HEADERS.items():
            if column not in found and (key in names or key.replace(" ", "") in names):
                found[column] = i
    return found if len(found) == 3 else None


_UNITS = re.compile(
    r"(\d+(?:\.\d+)?)\s*(hours?|hrs?|h|小時|時|minutes?|mins?|m|分鐘|分|seconds?|secs?|s|秒)",
    re.IGNORECASE,
)


def read_minutes(text: str) -> float | None:
    """Minutes from what a platform writes: 95, 95.5, 1:35:10, 1h 35m 10s, 1 小時 35 分."""
    text = unicodedata.normalize("NFKC", str(text or "")).strip().lower()
    if not text:
        return None
    try:
        number = float(text.replace(",", ""))
    except ValueError:
        pass
    else:
        return number if math.isfinite(number) and 0 <= number < 100_000 else None
    if re.fullmatch(r"\d{1,3}:\d{2}(:\d{2})?", text):
        parts = [int(p) for p in text.split(":")]
        hours, minutes, seconds = parts if len(parts) == 3 else (0, *parts)
        return hours * 60 + minutes + seconds / 60
    total, end = 0.0, 0
    for match in _UNITS.finditer(text):
        if text[end : match.start()].strip(" ,"):
            return None
        value, unit = float(match.group(1)), match.group(2)
        if unit[0] in "h小時":
            total += value * 60
        elif unit[0] in "s秒":
            total += value / 60
        else:
            total += value
        end = match.end()
    if end == 0 or text[end:].strip(" ,") or total >= 100_000:
        return None
    return total


def _decode(content: bytes) -> str:
    if content[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return content.decode("utf-16")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AttendanceFileError(
            "檔案不是 UTF-8 或 UTF-16 編碼（可能是 Big5）。請在 Excel 另存為「CSV UTF-8」後再上傳。"
        ) from exc


def _text(value: str) -> str:
    return without_controls(str(value or "")[: 2 * MAX_TEXT]).strip()[:MAX_TEXT]


def read_report(content: bytes) -> list[ReportRow]:
    """The attendee rows of an uploaded report; AttendanceFileError with one clear message."""
    if not content.strip():
        raise AttendanceFileError("檔案是空的。" + FORMAT)
    if content[:4] == b"PK\x03\x04" or content[:5] == b"%PDF-":
        raise AttendanceFileError("這不是 CSV 檔。請從會議平台下載 CSV 格式的出席報表。" + FORMAT)
    text = _decode(content)
    head = text[:4096]  # Teams starts with a summary: look past the first line
    delimiter = "\t" if head.count("\t") > head.count(",") else ","
    try:
        lines = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        columns = None
        for number, header in enumerate(lines, start=1):
            columns = _columns(header)
            if columns or number >= HEADER_SEARCH:
                break
        if not columns:
            raise AttendanceFileError("找不到出席報表的欄名。" + FORMAT)
        rows: list[ReportRow] = []
        for line, cells in enumerate(lines, start=number + 1):
            if not any(c.strip() for c in cells):
                if rows:
                    break  # Teams: the participants section ends; the next one is not attendees
                continue
            if len(rows) >= MAX_ROWS:
                raise AttendanceFileError(f"檔案超過 {MAX_ROWS:,} 列，請確認是一個場次的出席報表。")
            get = {k: _text(cells[i]) if i < len(cells) else "" for k, i in columns.items()}
            rows.append(
                ReportRow(
                    line,
                    get["name"],
                    get["email"].lower(),
                    read_minutes(get["minutes"]),
                    get["minutes"],
                )
            )
    except csv.Error as exc:
        raise AttendanceFileError("無法讀取這個 CSV 檔（格式有誤）。" + FORMAT) from exc
    if not rows:
        raise AttendanceFileError("檔案裡只有欄名，沒有出席資料。")
    return rows


def to_stored(rows: list[ReportRow]) -> dict:
    """The rows as JSON, kept with the upload."""
    return {"rows": [[r.line, r.name, r.email, r.minutes, r.written] for r in rows]}


def from_stored(stored: dict) -> list[ReportRow]:
    return [ReportRow(*row) for row in stored["rows"]]


@dataclass
class Line:
    """One person of the report (their rows summed): present / below / unmatched."""

    status: str
    lines: list[int]
    name: str
    email: str
    minutes: float | None
    reason: str = ""
    registration_id: int | None = None
    attendee: str = ""


@dataclass
class Preview:
    required: float  # minutes needed to count as present
    length: int  # the session's minutes
    lines: list[Line] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for line in self.lines if line.status == status)

    @property
    def writes(self) -> int:
        return self.count("present") + self.count("below")


STATUSES = {"present": "出席", "below": "出席時間不足", "unmatched": "無法對應"}


def preview(session, rows: list[ReportRow], share: float) -> Preview:
    """Each person of the report, matched by e-mail to the session's registrations."""
    length = max(int((session.ends_at - session.starts_at).total_seconds() // 60), 1)
    result = Preview(required=share * length, length=length)
    people: dict[str, Line] = {}
    for row in rows:
        if not row.email or "@" not in row.email:
            result.lines.append(
                Line("unmatched", [row.line], row.name, row.email, row.minutes, "沒有電子郵件")
            )
            continue
        if row.minutes is None:
            reason = f"出席時間「{row.written[:20]}」無法讀取" if row.written else "沒有出席時間"
            result.lines.append(Line("unmatched", [row.line], row.name, row.email, None, reason))
            continue
        person = people.get(row.email)
        if person is None:
            people[row.email] = Line("", [row.line], row.name, row.email, row.minutes)
        else:  # left and rejoined: one person, minutes summed
            person.lines.append(row.line)
            person.minutes += row.minutes
    found = (
        {
            r.attendee_email: r
            for r in db.session.scalars(
                db.select(R).where(R.session_id == session.id, R.attendee_email.in_(list(people)))
            )
        }
        if people
        else {}
    )
    for email, person in people.items():
        registration = found.get(email)
        if registration is None:
            person.status, person.reason = "unmatched", "沒有這個電子郵件的報名"
        elif registration.status != "registered":
            person.status = "unmatched"
            person.reason = (
                "候補中，未取得座位" if registration.status == "waitlisted" else "報名已取消"
            )
        else:
            person.registration_id = registration.id
            person.attendee = registration.attendee_name
            person.status = "present" if person.minutes + 1e-9 >= result.required else "below"
        result.lines.append(person)
    result.lines.sort(key=lambda line: (list(STATUSES).index(line.status), line.lines[0]))
    return result


def apply(result: Preview) -> dict:
    """Write minutes and attendance (inside the caller's write unit); door check-ins stay."""
    counts = {"present": 0, "below": 0}
    for line in result.lines:
        if line.status not in counts:
            continue
        minutes = int(line.minutes)
        registration = db.session.get(R, line.registration_id, populate_existing=True)
        registration.minutes_present = minutes
        counts[line.status] += 1
        if registration.attended and registration.checkin_source != "import":
            continue  # checked in at the door (a hybrid session): that stands
        registration.attended = line.status == "present"
        registration.checkin_source = "import" if registration.attended else ""
        registration.checked_in_at = None
    db.session.flush()
    return {**counts, "unmatched": result.count("unmatched"), "at": utcnow().isoformat()}


def purge_unconfirmed(now: datetime | None = None) -> int:
    """Delete uploaded reports nobody confirmed within UNCONFIRMED_DAYS; returns how many."""
    cutoff = (now or utcnow()) - timedelta(days=UNCONFIRMED_DAYS)
    stale = db.delete(TrainingAttendanceImport).where(
        TrainingAttendanceImport.applied_at.is_(None), TrainingAttendanceImport.uploaded_at < cutoff
    )
    return db.session.execute(stale).rowcount or 0
