"""WTForms fields that speak zh-Hant and accept what people really type."""

from wtforms import DecimalField, IntegerField, RadioField, SelectField, StringField
from wtforms.fields.choices import Choice, SelectChoice
from wtforms.validators import ValidationError

from ..numbers import NEGATIVE, NumberError, parse_number


class _ParsedNumber:
    """Reads formdata with the one number parser (smeup/numbers.py); the typed text is kept."""

    places = 0
    negative_message: str | None = None

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        try:
            self.data = parse_number(valuelist[0], self.places)
        except NumberError as exc:
            self.data = None
            message = str(exc)
            if message == NEGATIVE and self.negative_message:
                message = self.negative_message
            raise ValueError(message) from exc

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else format(self.data, "f" if self.places else "d")


class ZhIntegerField(_ParsedNumber, IntegerField):
    """A whole number of 0 or more: 1,000 and full-width digits accepted, zh-Hant errors."""


class ZhDecimalField(_ParsedNumber, DecimalField):
    """A number of 0 or more with up to `max_places` decimals: 1,000.5 and full-width accepted."""

    def __init__(self, *args, max_places: int = 2, negative_message: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.places = max_places
        self.negative_message = negative_message


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
        kwargs.setdefault("choices", [SelectChoice("yes", "是"), SelectChoice("no", "否")])
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


class NumberSelectField(ZhSelectField):
    """A select of whole numbers (the data year): a posted value is read like a typed number."""

    def process_formdata(self, valuelist):
        raw = valuelist[0] if valuelist else ""
        try:
            value = parse_number(raw)
        except NumberError:
            value = raw  # not a number: the choice check says "choose from the list"
        self.data = "" if value is None else str(value)


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
