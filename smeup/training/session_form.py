"""The officer's session form (training.md, Sessions): every field, zh-Hant errors beside each.

Times are typed as Taipei dates and times (a date input and a time input each) and stored as
naive UTC (smeup/clock.py). Which place fields are required follows the mode: venue, address
and county on site; an https meeting link online; both for 混合.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from urllib.parse import urlsplit

from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField
from wtforms import RadioField as _RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, Optional, ValidationError

from ..clock import to_taipei
from ..company.reference import COUNTIES
from ..extensions import db
from ..forms.fields import CountyField, PhoneField, ZhIntegerField, ZhSelectField
from ..forms.validators import Between, MaxLength, Required, strip, valid_county, valid_phone
from ..models.prepost import CourseTest
from ..models.training import TrainingSession
from .session_choices import load_choices
from .session_times import read_date, read_time, utc_of
from .words import KINDS, MODES

TOPICS = ("淨零", "SBIR", "SBTR", "其他")
ONSITE = ("onsite", "hybrid")
ONLINE = ("online", "hybrid")


def _https(form, field):
    if not field.data:
        return
    parts = urlsplit(field.data)
    if parts.scheme != "https" or not parts.netloc or " " in field.data:
        raise ValidationError(
            "請填寫以 https:// 開頭的完整會議連結，例如 https://meet.google.com/abc-defg-hij"
        )


class RadioField(_RadioField):
    """Radio buttons whose refusal is zh-Hant (named so the field macro draws a fieldset)."""

    def pre_validate(self, form):
        if self.data not in {str(c.value) for c in self.iter_choices()}:
            raise ValidationError(f"請選擇{self.label.text}")


class SessionForm(FlaskForm):
    """A 場次 as an officer enters it; choices are filled per request (`load_choices`)."""

    title = StringField(
        "場次名稱",
        filters=[strip],
        validators=[Required("請填寫場次名稱"), MaxLength(100, "場次名稱")],
        description="報名頁與研習證明上的名稱，例如 社群行銷實戰班（臺中場）",
    )
    kind = RadioField(
        "類別",
        choices=[SelectChoice(k, label) for k, label in KINDS.items()],
        default="course",
    )
    course = ZhSelectField(
        "課程（課程意願調查的選項）",
        validators=[Optional()],
        choices=[],
        description="類別為課程時必填；需求與報名會對在一起",
    )
    topic = ZhSelectField(
        "說明會主題",
        choices=[SelectChoice("", "請選擇主題")] + [SelectChoice(t) for t in TOPICS],
        validators=[Optional()],
        description="類別為說明會時必填",
    )
    description = TextAreaField(
        "場次說明", filters=[strip], validators=[MaxLength(2000, "場次說明")], description="選填"
    )
    mode = RadioField(
        "上課方式",
        choices=[SelectChoice(k, label) for k, label in MODES.items()],
        default="onsite",
    )
    starts_on = StringField("日期", filters=[strip], render_kw={"type": "date"})
    starts_time = StringField("開始時間", filters=[strip], render_kw={"type": "time"})
    ends_time = StringField("結束時間", filters=[strip], render_kw={"type": "time"})
    ends_on = StringField(
        "結束日期",
        filters=[strip],
        render_kw={"type": "date"},
        description="跨日的場次才填；空白表示與開始同一天",
    )
    venue = StringField(
        "場地名稱",
        filters=[strip],
        validators=[MaxLength(100, "場地名稱")],
        description="實體或混合上課必填",
    )
    address = StringField(
        "地址",
        filters=[strip],
        validators=[MaxLength(200, "地址")],
        description="實體或混合上課必填",
    )
    county = CountyField(
        "縣市",
        choices=[SelectChoice("", "請選擇縣市")] + [SelectChoice(c) for c in COUNTIES],
        validators=[valid_county],
        description="實體或混合上課必填",
    )
    meeting_url = StringField(
        "會議連結",
        filters=[strip],
        validators=[MaxLength(500, "會議連結"), _https],
        render_kw={"type": "url", "inputmode": "url"},
        description="線上或混合上課必填；只顯示在已報名者的報名證上",
    )
    site = ZhSelectField("數位轉型場域", choices=[], validators=[Optional()], description="選填")
    capacity = ZhIntegerField(
        "名額",
        validators=[Required("請填寫名額"), Between(1, 10000, " 人")],
        default=30,
        render_kw={"inputmode": "numeric", "data-unit": "人"},
    )
    waitlist = BooleanField("額滿後開放候補", default=True)
    per_company = ZhIntegerField(
        "每家企業限報",
        validators=[Optional(), Between(1, 1000, " 人")],
        render_kw={"inputmode": "numeric", "data-unit": "人"},
        description="選填；依統一編號計算，空白表示不限",
    )
    opens_on = StringField("開始報名日期", filters=[strip], render_kw={"type": "date"})
    opens_time = StringField("開始報名時間", filters=[strip], render_kw={"type": "time"})
    closes_on = StringField("截止報名日期", filters=[strip], render_kw={"type": "date"})
    closes_time = StringField("截止報名時間", filters=[strip], render_kw={"type": "time"})
    audience = StringField(
        "適合對象",
        filters=[strip],
        validators=[MaxLength(100, "適合對象")],
        description="選填，例如 9 人以下微型企業",
    )
    contact_name = StringField("聯絡窗口", filters=[strip], validators=[MaxLength(50, "聯絡窗口")])
    contact_phone = PhoneField(
        "聯絡電話", filters=[strip], validators=[valid_phone], render_kw={"type": "tel"}
    )
    contact_email = StringField(
        "聯絡電子郵件",
        filters=[strip],
        validators=[
            Optional(),
            MaxLength(254, "聯絡電子郵件"),
            Email("電子郵件格式不正確，例如 name@example.com"),
        ],
        render_kw={"type": "email"},
    )
    course_test = ZhSelectField(
        "前測／後測", choices=[], validators=[Optional()], description="選填"
    )
    event = ZhSelectField(
        "巡迴活動", choices=[], validators=[Optional()], description="選填；在巡迴活動現場舉辦時"
    )

    def __init__(self, *args, session: TrainingSession | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.times: dict[str, datetime | None] = {}
        for name in ("starts_on", "starts_time", "ends_time"):
            getattr(self, name).flags.required = True
        load_choices(self, session)

    # -- from a stored session -------------------------------------------------------------

    def show(self, session: TrainingSession) -> None:
        """Fill the form from a stored session (Taipei dates and times)."""
        for name in ("title", "kind", "topic", "description", "mode", "venue", "address", "county"):
            getattr(self, name).data = getattr(session, name) or ""
        for name in ("meeting_url", "audience", "contact_name", "contact_phone", "contact_email"):
            getattr(self, name).data = getattr(session, name) or ""
        self.course.data = str(session.course_option_id or "")
        self.site.data = str(session.site_id or "")
        self.course_test.data = str(session.course_test_id or "")
        self.event.data = str(session.event_id or "")
        self.capacity.data = session.capacity
        self.per_company.data = session.per_company
        self.waitlist.data = session.waitlist
        start, end = to_taipei(session.starts_at), to_taipei(session.ends_at)
        self.starts_on.data, self.starts_time.data = f"{start:%Y-%m-%d}", f"{start:%H:%M}"
        self.ends_time.data = f"{end:%H:%M}"
        self.ends_on.data = f"{end:%Y-%m-%d}" if end.date() != start.date() else ""
        for prefix in ("opens", "closes"):
            value = to_taipei(getattr(session, f"{prefix}_at"))
            getattr(self, f"{prefix}_on").data = f"{value:%Y-%m-%d}" if value else ""
            getattr(self, f"{prefix}_time").data = f"{value:%H:%M}" if value else ""

    # -- checks across fields --------------------------------------------------------------

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        checks = (self._check_kind, self._check_place, self._check_times, self._check_test)
        for check in checks:
            check()
        return ok and not self.errors

    def _error(self, field, message: str) -> None:
        if not field.errors:
            field.errors = [*field.errors, message]

    def _check_kind(self) -> None:
        if self.kind.data == "course" and not self.course.data:
            self._error(self.course, "課程請選擇是哪一門（課程意願調查的選項）")
        if self.kind.data == "briefing" and not self.topic.data:
            self._error(self.topic, "說明會請選擇主題")

    def _check_place(self) -> None:
        if self.mode.data in ONSITE:
            for field, message in (
                (self.venue, "實體上課請填寫場地名稱"),
                (self.address, "實體上課請填寫地址"),
                (self.county, "實體上課請選擇縣市"),
            ):
                if not field.data:
                    self._error(field, message)
        if self.mode.data in ONLINE and not self.meeting_url.data:
            self._error(self.meeting_url, "線上上課請填寫會議連結（https://…）")

    def _read(self, field, reader, required: str | None = None):
        try:
            value = reader(field.data)
        except ValueError as exc:
            self._error(field, str(exc))
            return None
        if value is None and required:
            self._error(field, required)
        return value

    def _check_times(self) -> None:
        day = self._read(self.starts_on, read_date, "請填寫上課日期")
        start = self._read(self.starts_time, read_time, "請填寫開始時間")
        end = self._read(self.ends_time, read_time, "請填寫結束時間")
        end_day = self._read(self.ends_on, read_date) or day
        starts_at = ends_at = None
        if day and start and end and end_day:
            starts_at, ends_at = utc_of(day, start), utc_of(end_day, end)
            if ends_at <= starts_at:
                self._error(self.ends_time, "結束時間要晚於開始時間")
            elif ends_at - starts_at > timedelta(days=31):
                self._error(self.ends_on, "一個場次最長 31 天，請確認結束日期")
        opens_at = self._window(self.opens_on, self.opens_time, time(0, 0))
        closes_at = self._window(self.closes_on, self.closes_time, time(23, 59))
        if opens_at and closes_at and closes_at <= opens_at:
            self._error(self.closes_on, "截止報名要晚於開始報名")
        if starts_at and closes_at and closes_at > starts_at:
            self._error(self.closes_on, "截止報名不可晚於上課開始時間")
        if starts_at and opens_at and opens_at >= starts_at:
            self._error(self.opens_on, "開始報名要早於上課開始時間")
        self.times = {
            "starts_at": starts_at,
            "ends_at": ends_at,
            "opens_at": opens_at,
            "closes_at": closes_at,
        }

    def _window(self, day_field, time_field, default: time) -> datetime | None:
        day = self._read(day_field, read_date)
        at = self._read(time_field, read_time)
        if at is not None and day is None and not day_field.errors:
            self._error(day_field, "填了時間，也請填日期")
        if day is None:
            return None
        return utc_of(day, at or default)

    def _check_test(self) -> None:
        if self.course_test.errors or self.course.errors or self.kind.data != "course":
            return
        if not self.course_test.data or not self.course.data:
            return
        test = db.session.get(CourseTest, int(self.course_test.data))
        if test is not None and str(test.course_option_id) != self.course.data:
            self._error(self.course_test, "這份測驗屬於另一門課程，請選這門課的測驗")

    # -- to the stored session ----------------------------------------------------------------

    def values(self) -> dict:
        """The stored fields the form sets (capacity included; the caller guards lowering it)."""
        course = self.kind.data == "course"
        onsite, online = self.mode.data in ONSITE, self.mode.data in ONLINE
        return {
            "title": self.title.data,
            "kind": self.kind.data,
            "course_option_id": int(self.course.data) if course and self.course.data else None,
            "topic": "" if course else self.topic.data,
            "description": self.description.data or "",
            "mode": self.mode.data,
            **self.times,
            "venue": self.venue.data if onsite else "",
            "address": self.address.data if onsite else "",
            "county": self.county.data if onsite else "",
            "meeting_url": self.meeting_url.data if online else "",
            "site_id": int(self.site.data) if self.site.data else None,
            "capacity": self.capacity.data,
            "waitlist": bool(self.waitlist.data),
            "per_company": self.per_company.data or None,
            "audience": self.audience.data or "",
            "contact_name": self.contact_name.data or "",
            "contact_phone": self.contact_phone.data or "",
            "contact_email": (self.contact_email.data or "").lower(),
            "course_test_id": int(self.course_test.data) if self.course_test.data else None,
            "event_id": int(self.event.data) if self.event.data else None,
        }
