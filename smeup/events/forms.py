"""The event form: name, date, venue, county and which forms are open there."""

from datetime import date, datetime

from flask_wtf import FlaskForm
from wtforms import DateField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import StopValidation, ValidationError

from ..company.reference import COUNTIES
from ..forms.catalogue import EVENT_FORMS
from ..forms.fields import CountyField
from ..forms.validators import MaxLength, Required, strip


class EventDateField(DateField):
    """A date (YYYY-MM-DD or YYYY/MM/DD) with a zh-Hant message when it cannot be read."""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        raw = (valuelist[0] or "").strip().replace("/", "-")
        self.raw_data = valuelist
        if not raw:
            self.data = None
            return
        try:
            self.data = datetime.strptime(raw, "%Y-%m-%d").date()
        except ValueError as exc:
            self.data = None
            raise ValueError("日期格式不正確，請用 年-月-日，例如 2025-10-18") from exc


class DateRequired:
    """Required, but a date that could not be read keeps its own message."""

    field_flags = {"required": True}

    def __call__(self, form, field):
        if field.process_errors:
            raise StopValidation()
        if field.data is None:
            raise StopValidation("請填寫活動日期")


def _plausible_date(form, field):
    if field.data and not date(2020, 1, 1) <= field.data <= date(2100, 12, 31):
        raise ValidationError("請填寫 2020 年到 2100 年之間的日期")


class FormChoices(SelectMultipleField):
    """The forms open at the event (check boxes); an unknown key is refused in zh-Hant."""

    def pre_validate(self, form):
        known = {choice.value for choice in self.choices}
        if any(value not in known for value in self.data or []):
            raise ValidationError("請從清單中選擇表單")


def _at_least_one(form, field):
    if not field.data:
        raise ValidationError("請至少勾選一種在活動現場開放的表單")


class EventForm(FlaskForm):
    """A roadshow event as an officer enters it."""

    name = StringField(
        "活動名稱",
        filters=[strip],
        validators=[Required("請填寫活動名稱"), MaxLength(100, "活動名稱")],
    )
    date = EventDateField(
        "活動日期",
        validators=[DateRequired(), _plausible_date],
        render_kw={"type": "date"},
    )
    venue = StringField(
        "活動地點",
        filters=[strip],
        validators=[Required("請填寫活動地點"), MaxLength(100, "活動地點")],
        description="場地名稱或地址，例如 臺中市審計新村",
    )
    county = CountyField(
        "所在縣市",
        choices=[SelectChoice("", "請選擇縣市")] + [SelectChoice(c) for c in COUNTIES],
        validators=[Required("請選擇活動所在縣市")],
    )
    forms = FormChoices(
        "開放的表單",
        choices=[SelectChoice(f.key, f.title) for f in EVENT_FORMS],
        validators=[_at_least_one],
    )
