"""Fields and validators beyond fields.py: required marks, dates, radios, text lengths (zh-Hant)."""

from datetime import date, datetime

from wtforms import DateField, RadioField
from wtforms.validators import StopValidation, ValidationError


def one_line_breaks(value):
    """Browsers send CRLF; count and store a line break as one character."""
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


class MustAnswer:
    """Marks a 是/否 question as required on the page; YesNoField itself refuses no answer."""

    field_flags = {"required": True}

    def __call__(self, form, field):
        return None


class Filled:
    """Required, but a value that could not be read keeps its own message (e.g. a bad date)."""

    field_flags = {"required": True}

    def __init__(self, message):
        self.message = message  # text, or a function of the form (a label that varies)

    def __call__(self, form, field):
        if field.process_errors:
            raise StopValidation()
        data = field.data
        if data is None or data is False or (isinstance(data, str) and not data.strip()):
            field.errors[:] = []
            raise StopValidation(self.message(form) if callable(self.message) else self.message)


class Length:
    """Between `low` and `high` characters, with a message that gives the current count."""

    def __init__(self, low: int, high: int, label):
        self.low, self.high, self.label = low, high, label  # label: text or function of the form

    def __call__(self, form, field):
        n = len(field.data or "")
        label = self.label(form) if callable(self.label) else self.label
        if n < self.low:
            raise ValidationError(f"{label}至少 {self.low} 個字，目前 {n} 個字，請再補充")
        if n > self.high:
            raise ValidationError(f"{label}最多 {self.high:,} 個字，目前 {n:,} 個字，請刪減")


class ZhDateField(DateField):
    """A date (YYYY-MM-DD, also YYYY/MM/DD) with a zh-Hant message when it cannot be read."""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = (valuelist[0] or "").strip().replace("/", "-")
        if not text:
            self.data = None
            return
        try:
            self.data = datetime.strptime(text, "%Y-%m-%d").date()
        except ValueError as exc:
            self.data = None
            raise ValueError("日期格式不正確，請選擇日期或依「2027-01-31」格式填寫") from exc

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.data.isoformat() if isinstance(self.data, date) else ""


class ZhRadioField(RadioField):
    """Radio buttons whose invalid-choice message is zh-Hant."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.type = "RadioField"  # the shared field macro renders radios by this type

    def pre_validate(self, form):
        if self.data in (None, ""):
            return
        if self.data not in {choice.value for choice in self.choices}:
            raise ValidationError("請從選項中選擇")
