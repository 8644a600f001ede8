"""Validators with zh-Hant messages that say what is wrong and how to fix it."""

import re

from wtforms.validators import StopValidation, ValidationError

from ..company.phone import parse_phone
from ..company.reference import normalise_county
from ..company.ubn import is_valid_ubn, normalise_ubn


class Required:
    """Stop with a zh-Hant message when the field is empty."""

    field_flags = {"required": True}

    def __init__(self, message: str):
        self.message = message

    def __call__(self, form, field):
        if field.process_errors:  # something was typed but could not be read: say that
            raise StopValidation()
        data = field.data
        if data is None or (isinstance(data, str) and not data.strip()) or data is False:
            field.errors[:] = []
            raise StopValidation(self.message)


class MaxLength:
    """At most `limit` characters (after trimming)."""

    def __init__(self, limit: int, label: str):
        self.limit, self.label = limit, label

    def __call__(self, form, field):
        if field.data and len(field.data) > self.limit:
            raise ValidationError(
                f"{self.label}最多 {self.limit} 個字，目前 {len(field.data)} 個字，請刪減"
            )


class Between:
    """A number within [low, high]; None passes (pair with Required when needed)."""

    def __init__(self, low=None, high=None, unit: str = ""):
        self.low, self.high, self.unit = low, high, unit

    def __call__(self, form, field):
        value = field.data
        if value is None:
            return
        if self.low is not None and value < self.low:
            raise ValidationError(f"不可小於 {self.low:,}{self.unit}")
        if self.high is not None and value > self.high:
            raise ValidationError(f"不可大於 {self.high:,}{self.unit}")


def valid_ubn(form, field):
    """統一編號: 8 digits with a valid checksum (2023 rule and the 7th-digit case)."""
    if not field.data:
        return
    field.data = normalise_ubn(field.data)
    if not field.data.isdigit() or len(field.data) != 8:
        raise ValidationError("統一編號應為 8 位數字，請再核對一次")
    if not is_valid_ubn(field.data):
        raise ValidationError("統一編號檢查碼不符，請核對是否有數字打錯")


def valid_phone(form, field):
    """A Taiwan phone number, stored normalised (digits, '#' before an extension)."""
    if not field.data:
        return
    normalised = parse_phone(field.data)
    if normalised is None:
        raise ValidationError(
            "電話號碼格式不正確，請填寫市話（含區碼，如 02-2358-1021）或手機（如 0912-345-678）"
        )
    field.data = normalised


def valid_county(form, field):
    """One of the 22 counties and cities; 台 is accepted for 臺."""
    if not field.data:
        return
    county = normalise_county(field.data)
    if county is None:
        raise ValidationError("請從清單中選擇縣市")
    field.data = county


# Characters nobody means to type into a form: C0 controls except tab and line breaks, DEL, C1
# controls (PostgreSQL text cannot hold NUL), and the bidirectional embeddings, overrides,
# isolates and marks (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C), which reorder
# the text around them: stored, they spill into the neighbouring cells of the console and exports.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def without_controls(value: str) -> str:
    """Text with control and bidirectional formatting characters removed (tabs, line breaks kept)."""
    return _CONTROL.sub("", value)


def strip(value):
    """Trim text input and drop control characters (NUL, escapes, bidi overrides...)."""
    if not isinstance(value, str):
        return value
    return without_controls(value).strip()


def clean_text(value: str | None) -> str:
    """Text as stored: control and bidirectional characters removed, trimmed; None is ""."""
    return without_controls(value or "").strip()
