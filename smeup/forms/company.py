"""The company block (forms.md §1): one reusable form piece for all three forms."""

from flask import url_for
from wtforms import BooleanField, EmailField, HiddenField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, Optional

from ..company.reference import COUNTIES, INDUSTRIES
from .cleaning import CleanForm
from .fields import CountyField, PhoneField, ZhIntegerField, ZhSelectField
from .validators import Between, MaxLength, Required, strip, valid_phone, valid_ubn

COMPANY_FIELDS = (
    "company_name",
    "ubn",
    "county",
    "industry",
    "employees",
    "paid_in_capital",
    "contact_name",
    "contact_phone",
    "contact_email",
    "consent",
)


def _maybe(required: bool, message: str) -> list:
    return [Required(message)] if required else [Optional()]


def company_block(*, ubn_required: bool, employees_required: bool, capital_required: bool):
    """A form base class holding the company block with the given required fields.

    A CleanForm: these forms are also filled from kiosk outbox entries and saved drafts, not
    only from the request, and their text is cleaned either way.
    """

    class CompanyBlock(CleanForm):
        submission_key = HiddenField()
        company_name = StringField(
            "企業名稱",
            filters=[strip],
            validators=[Required("請填寫企業名稱"), MaxLength(100, "企業名稱")],
            render_kw={"autocomplete": "organization"},
        )
        ubn = StringField(
            "統一編號",
            filters=[strip],
            validators=[*_maybe(ubn_required, "請填寫 8 位數統一編號"), valid_ubn],
            render_kw={"inputmode": "numeric", "maxlength": 8, "autocomplete": "off"},
            description="8 位數字" if ubn_required else "8 位數字（選填）",
        )
        county = CountyField(
            "所在縣市",
            choices=[SelectChoice("", "請選擇縣市")] + [SelectChoice(c) for c in COUNTIES],
            validators=[Required("請選擇所在縣市")],
        )
        industry = ZhSelectField(
            "行業別",
            choices=[SelectChoice("", "請選擇行業別")]
            + [SelectChoice(k, f"{k} {v}") for k, v in INDUSTRIES.items()],
            validators=[Required("請選擇行業別")],
        )
        employees = ZhIntegerField(
            "員工人數",
            validators=[
                *_maybe(employees_required, "請填寫員工人數（沒有員工請填 0）"),
                Between(0, 1_000_000, " 人"),
            ],
            render_kw={"inputmode": "numeric", "data-unit": "人"},
        )
        paid_in_capital = ZhIntegerField(
            "實收資本額",
            validators=[
                *_maybe(capital_required, "請填寫實收資本額"),
                Between(0, 10**15, " 元"),
            ],
            render_kw={"inputmode": "numeric", "data-unit": "元（新臺幣）"},
        )
        contact_name = StringField(
            "聯絡人",
            filters=[strip],
            validators=[Required("請填寫聯絡人姓名"), MaxLength(50, "聯絡人")],
            render_kw={"autocomplete": "name"},
        )
        contact_phone = PhoneField(
            "聯絡電話",
            filters=[strip],
            validators=[Required("請填寫聯絡電話"), valid_phone],
            render_kw={"inputmode": "tel", "autocomplete": "tel"},
            description="市話請加區碼；分機請用 # 隔開，如 02-2358-1021#352",
        )
        contact_email = EmailField(
            "電子郵件",
            filters=[strip],
            validators=[
                Optional(),
                MaxLength(254, "電子郵件"),
                Email("電子郵件格式不正確，例如 name@example.com"),
            ],
            render_kw={"autocomplete": "email"},
            description="選填",
        )
        consent = BooleanField(
            "個人資料蒐集同意",
            validators=[Required("請勾選同意個人資料蒐集，才能送出")],
        )

        form_key = ""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if self.form_key:
                # One url_for per form, not per field: this runs on every form render.
                pattern = url_for("main.validate_field", form_key=self.form_key, name="FIELD")
                for f in self:
                    f.inline_url = pattern.replace("FIELD", f.name)

        def company_data(self) -> dict:
            """The cleaned company block as a dict keyed by field name."""
            return {name: getattr(self, name).data for name in COMPANY_FIELDS}

    return CompanyBlock
