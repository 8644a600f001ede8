"""WTForms fields that speak zh-Hant and accept what people really type."""

import unicodedata
from decimal import Decimal, InvalidOperation

from wtforms import DecimalField, IntegerField, RadioField, SelectField, StringField
from wtforms.fields.choices import Choice
from wtforms.validators import ValidationError


def _clean_number(raw: str) -> str:
    """Full-width digits to ASCII, thousands separators and spaces removed."""
    text = unicodedata.normalize("NFKC", raw or "").strip()
    return text.replace(",", "").replace(" ", "")


class ZhIntegerField(IntegerField):
    """An integer field that accepts 1,000 and full-width digits, with a zh-Hant error."""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = _clean_number(valuelist[0])
        self.raw_data = valuelist
        if text == "":
            self.data = None
            return
        try:
            self.data = int(text)
        except ValueError as exc:
            self.data = None
            raise ValueError("請填寫整數（阿拉伯數字，不含小數點）") from exc


class ZhDecimalField(DecimalField):
    """A decimal field that accepts 1,000.5 and full-width digits, with a zh-Hant error."""

    def __init__(self, *args, max_places: int = 2, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_places = max_places

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = _clean_number(valuelist[0])
        if text == "":
            self.data = None
            return
        try:
            value = Decimal(text)
        except InvalidOperation as exc:
            self.data = None
            raise ValueError("請填寫數字，例如 12000 或 350.5") from exc
        if not value.is_finite():
            self.data = None
            raise ValueError("請填寫數字，例如 12000 或 350.5")
        if -value.as_tuple().exponent > self.max_places:
            self.data = None
            raise ValueError(f"最多填到小數點後 {self.max_places} 位")
        self.data = value

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else format(self.data, "f")


class ZhSelectField(SelectField):
    """A select whose invalid-choice error is zh-Hant."""

    def pre_validate(self, form):
        if self.data in (None, ""):
            return
        if self.data not in {str(choice.value) for choice in self.iter_choices()}:
            raise ValidationError("請從清單中選擇")


class YesNoField(RadioField):
    """A required 是 / 否 radio pair; data is True, False or None."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("choices", [("yes", "是"), ("no", "否")])
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        self.data = {"yes": True, "no": False}.get(valuelist[0] if valuelist else None)

    def process_data(self, value):
        self.data = value if isinstance(value, bool) else None

    def pre_validate(self, form):
        if self.data is None:
            raise ValidationError(f"請選擇「{self.label.text}」是或否")

    def _choice_checked(self, value):
        return {"yes": True, "no": False}.get(value) is self.data and self.data is not None

    def iter_choices(self):
        return [
            Choice(c.value, c.label, self._choice_checked(c.value), c.render_kw)
            for c in self._choices_from_input(self.choices)
        ]


class CountyField(ZhSelectField):
    """The 22 counties and cities; 台 is accepted for 臺 on input."""

    def process_formdata(self, valuelist):
        from ..company.reference import normalise_county

        raw = valuelist[0] if valuelist else ""
        self.data = normalise_county(raw) or raw.strip()


class PhoneField(StringField):
    """A phone number: stored normalised, shown back as the person typed it (or grouped)."""

    def _value(self):
        from ..company.phone import format_phone

        if self.raw_data:
            return self.raw_data[0]
        return format_phone(self.data) if self.data else ""
