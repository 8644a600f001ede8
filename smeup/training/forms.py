"""The registration form: the company block (the attendee in its contact fields) and a title."""

from __future__ import annotations

from wtforms import StringField
from wtforms.validators import Email, ValidationError

from ..forms.company import company_block
from ..forms.validators import MaxLength, Required, strip
from .seats import Person


def valid_mobile(form, field):
    """A Taiwan mobile number (09xx-xxx-xxx): the door finds people by its last 4 digits."""
    if field.data and not (field.data.startswith("09") and len(field.data) == 10):
        raise ValidationError("請填寫手機號碼，例如 0912-345-678")


class RegistrationForm(
    company_block(ubn_required=False, employees_required=False, capital_required=False)
):
    """報名: the company block as every form has it, its contact fields being the attendee."""

    attendee_title = StringField(
        "職稱",
        filters=[strip],
        validators=[MaxLength(50, "職稱")],
        render_kw={"autocomplete": "organization-title"},
        description="選填",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.contact_name.label.text = "報名者姓名"
        self.contact_phone.label.text = "手機"
        self.contact_phone.description = "簽到時以手機末 4 碼查找；通知也會寄到電子郵件"
        self.contact_phone.validators = [*self.contact_phone.validators, valid_mobile]
        self.contact_email.description = "報名確認與上課提醒會寄到這裡"
        self.contact_email.validators = [
            Required("請填寫電子郵件，報名確認會寄到這裡"),
            MaxLength(254, "電子郵件"),
            Email("電子郵件格式不正確，例如 name@example.com"),
        ]
        self.contact_email.flags.required = True
        self.contact_email.flags.optional = False

    def person(self) -> Person:
        return Person(
            company_name=self.company_name.data,
            ubn=self.ubn.data or None,
            county=self.county.data or None,
            industry=self.industry.data or None,
            employees=self.employees.data,
            paid_in_capital=self.paid_in_capital.data,
            attendee_name=self.contact_name.data,
            attendee_phone=self.contact_phone.data,
            attendee_email=self.contact_email.data.lower(),
            attendee_title=self.attendee_title.data or "",
            consent=bool(self.consent.data),
        )
