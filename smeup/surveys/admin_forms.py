"""The officer's survey editor form, and the row actions (add, move, remove) it posts."""

import re
import secrets

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    StringField,
    TextAreaField,
    ValidationError,
)

from ..forms.fields import ZhIntegerField
from ..forms.validators import Between, MaxLength, Required, strip
from ..ids import parse_id
from .definitions import Definition, OptionRow

CODE_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,29}")
ROW_FIELDS = ("key", "option_id", "code", "label", "hidden")


def _lower(value):
    return value.strip().lower() if isinstance(value, str) else value


def _lines(value):
    """One trimmed line per entry; control characters other than line breaks dropped."""
    if not isinstance(value, str):
        return value
    lines = (strip(line) for line in value.splitlines())
    return "\n".join(line for line in lines if line)


def valid_code(form, field):
    """A short code: lower-case letters, digits, - and _ (it names export columns)."""
    if field.data and not CODE_PATTERN.fullmatch(field.data):
        raise ValidationError("代碼只能用英文小寫字母、數字、- 或 _，最多 30 字，例如 brand")


class OptionRowForm(Form):
    """One option row: stable key for the page, the stored option's id, code, label, hidden."""

    key = HiddenField()
    option_id = HiddenField()
    code = StringField(
        "代碼",
        filters=[_lower],
        validators=[Required("請填寫代碼"), valid_code],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    label = StringField(
        "課程名稱",
        filters=[strip],
        validators=[Required("請填寫課程名稱"), MaxLength(100, "課程名稱")],
    )
    hidden = BooleanField("隱藏（表單不再顯示）")

    def is_blank(self) -> bool:
        """A new row left empty: ignored on save."""
        return not (self.option_id.data or self.code.data or self.label.data)


class SurveyForm(FlaskForm):
    """Title, description, rank limits, locations, open or not, and the option rows."""

    title = StringField(
        "問卷名稱",
        filters=[strip],
        validators=[Required("請填寫問卷名稱"), MaxLength(100, "問卷名稱")],
    )
    description = TextAreaField(
        "說明",
        filters=[strip],
        validators=[MaxLength(500, "說明")],
        description="顯示在問卷標題下方，例如：請排序 1–5 最想參加之課程",
    )
    min_ranked = ZhIntegerField(
        "最少排序項數",
        validators=[Required("請填寫最少排序項數"), Between(1, 50, " 項")],
        render_kw={"inputmode": "numeric", "data-unit": "項"},
    )
    max_ranked = ZhIntegerField(
        "最多排序項數",
        validators=[Required("請填寫最多排序項數"), Between(1, 50, " 項")],
        render_kw={"inputmode": "numeric", "data-unit": "項"},
    )
    locations = TextAreaField("場域", filters=[_lines], description="每行一個場域；不分場域請留空")
    is_open = BooleanField("開放填寫")
    options = FieldList(FormField(OptionRowForm))

    def rows(self) -> list[OptionRowForm]:
        """The option rows that are not blank new rows."""
        return [entry.form for entry in self.options if not entry.form.is_blank()]

    def validate(self, extra_validators=None) -> bool:
        """Field rules; blank new rows count as absent."""
        for entry in list(self.options):
            if entry.form.is_blank():
                self.options.entries.remove(entry)
        return super().validate(extra_validators)

    def definition(self) -> Definition:
        """The validated form as a Definition."""
        places = [p.strip() for p in (self.locations.data or "").splitlines() if p.strip()]
        return Definition(
            title=self.title.data,
            description=self.description.data or "",
            min_ranked=self.min_ranked.data,
            max_ranked=self.max_ranked.data,
            locations=list(dict.fromkeys(places)),
            is_open=self.is_open.data,
            options=[
                OptionRow(
                    option_id=parse_id(row.option_id.data),
                    code=row.code.data,
                    label=row.label.data,
                    hidden=row.hidden.data,
                )
                for row in self.rows()
            ],
        )

    def add_errors(self, errors: dict[str, str]) -> list[str]:
        """Put definition errors on their fields (options-N-… counts non-blank rows); return the rest."""
        leftover = []
        rows = self.rows()
        for name, message in errors.items():
            row_field = re.fullmatch(r"options-(\d+)-(code|label)", name)
            if row_field and int(row_field.group(1)) < len(rows):
                rows[int(row_field.group(1))][row_field.group(2)].errors.append(message)
            elif name in self and name != "options":
                self[name].errors.append(message)
            else:
                leftover.append(message)
        return leftover

    def lock_used(self, used_ids: set[str]) -> None:
        """Codes of options that responses use are shown read-only."""
        for entry in self.options:
            if entry.form.option_id.data in used_ids:
                entry.form.code.render_kw = {**entry.form.code.render_kw, "readonly": True}


def option_rows(formdata: MultiDict) -> list[dict[str, str]]:
    """The posted option rows, in page order."""
    rows: dict[int, dict[str, str]] = {}
    for name, value in formdata.items(multi=True):
        match = re.fullmatch(r"options-(\d+)-(\w+)", name)
        if match and match.group(2) in ROW_FIELDS:
            rows.setdefault(int(match.group(1)), {})[match.group(2)] = value
    return [rows[i] for i in sorted(rows)]


def rearrange(rows: list[dict[str, str]], action: str, locked: set[str]) -> list[dict[str, str]]:
    """Apply one row action ("add", "up:KEY", "down:KEY", "remove:KEY"); locked keys stay."""
    rows = list(rows)
    verb, _, key = action.partition(":")
    if verb == "add":
        return [*rows, {"key": secrets.token_hex(4), "option_id": "", "code": "", "label": ""}]
    index = next((i for i, row in enumerate(rows) if row.get("key") == key), None)
    if index is None:
        return rows
    if verb == "remove" and key not in locked:
        del rows[index]
    elif verb in ("up", "down"):
        target = index - 1 if verb == "up" else index + 1
        if 0 <= target < len(rows):
            rows[index], rows[target] = rows[target], rows[index]
    return rows


def with_rows(formdata: MultiDict, rows: list[dict[str, str]]) -> MultiDict:
    """The same form data with the option rows replaced (numbered again from 0)."""
    kept = [(k, v) for k, v in formdata.items(multi=True) if not k.startswith("options-")]
    for i, row in enumerate(rows):
        kept += [(f"options-{i}-{name}", value) for name, value in row.items()]
    return MultiDict(kept)
