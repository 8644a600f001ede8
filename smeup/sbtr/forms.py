"""The SBTR proposal form (forms.md §4): company block, plan, site and member rows."""

from datetime import date

from markupsafe import Markup
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from ..clock import taipei_today
from ..company.reference import COUNTIES
from ..company.ubn import normalise_ubn
from ..forms.company import company_block
from ..forms.fields import CountyField, ZhIntegerField, ZhSelectField
from ..forms.question_fields import Filled, Length, ZhDateField, ZhRadioField, one_line_breaks
from ..forms.registry import register_form
from ..forms.validators import Between, MaxLength, strip, valid_ubn
from .eligibility import MemberFacts, ProposalFacts
from .plan import PLAN_MONTHS, plan_end

CATEGORIES = {"A": "A類 單一企業", "B_PLUS": "B+類 擴大城鄉創生圈"}
SITE_RIGHTS = {"owned": "自有", "leased": "租賃", "authorized": "無償使用／授權"}
BLUEPRINT_LABELS = {"A": "城鄉創生發展藍圖", "B_PLUS": "團隊經營共識與城鄉事業藍圖"}
MAX_MEMBERS = 30
# Keeps amounts inside a BIGINT column (NT$1,000 兆 is far above any real enterprise).
CAPITAL_CAP = 10**15
PROPOSAL_FIELDS = (
    "category",
    "plan_title",
    "site_county",
    "site_address",
    "site_right",
    "site_right_until",
    "site_operating",
    "planned_start",
    "blueprint",
    "expected_local_jobs",
)


def _blueprint_label_markup() -> Markup:
    # Both wordings are in the page; sbtr.css shows the one for the chosen category.
    return Markup('<span class="label-a">{}</span><span class="label-b-plus">{}</span>').format(
        BLUEPRINT_LABELS["A"], BLUEPRINT_LABELS["B_PLUS"]
    )


class MemberForm(Form):
    """One member enterprise row (members-N-...)."""

    ubn = StringField(
        "統一編號",
        filters=[strip],
        validators=[Filled("請填寫這家成員的統一編號"), valid_ubn],
        render_kw={"inputmode": "numeric", "maxlength": 8, "autocomplete": "off"},
    )
    name = StringField(
        "企業名稱",
        filters=[strip],
        validators=[Filled("請填寫這家成員的企業名稱"), MaxLength(100, "企業名稱")],
        render_kw={"autocomplete": "off"},
    )
    employees = ZhIntegerField(
        "員工人數",
        validators=[Filled("請填寫員工人數（沒有員工請填 0）"), Between(0, 1_000_000, " 人")],
        render_kw={"inputmode": "numeric", "data-unit": "人"},
    )
    paid_in_capital = ZhIntegerField(
        "實收資本額",
        validators=[Filled("請填寫實收資本額"), Between(0, CAPITAL_CAP, " 元")],
        render_kw={"inputmode": "numeric", "data-unit": "元"},
    )
    prior_sbtr = BooleanField("曾獲 SBTR 計畫輔導（含聯合執行企業）")


_Company = company_block(ubn_required=True, employees_required=True, capital_required=True)


@register_form("sbtr")
class SbtrForm(_Company):
    """The whole proposal; row 0 of `members` is the applicant, copied from the company block."""

    draft_token = HiddenField()
    loi_token = HiddenField()
    category = ZhRadioField(
        "申請類別",
        choices=[SelectChoice(key, label) for key, label in CATEGORIES.items()],
        validators=[Filled("請選擇申請類別（A類或 B+類）")],
    )
    plan_title = StringField(
        "計畫名稱",
        filters=[strip],
        validators=[Filled("請填寫計畫名稱"), MaxLength(60, "計畫名稱")],
        render_kw={"maxlength": 60, "autocomplete": "off"},
        description="60 字以內",
    )
    site_county = CountyField(
        "創生場域所在縣市",
        choices=[SelectChoice("", "請選擇縣市")] + [SelectChoice(c) for c in COUNTIES],
        validators=[Filled("請選擇創生場域所在縣市")],
    )
    site_address = StringField(
        "創生場域地址",
        filters=[strip],
        validators=[Filled("請填寫創生場域地址"), MaxLength(200, "創生場域地址")],
        render_kw={"maxlength": 200, "autocomplete": "off"},
    )
    site_right = ZhSelectField(
        "場域使用權",
        choices=[SelectChoice("", "請選擇")]
        + [SelectChoice(key, label) for key, label in SITE_RIGHTS.items()],
        validators=[Filled("請選擇場域使用權（自有、租賃或無償使用／授權）")],
    )
    site_right_until = ZhDateField(
        "使用權期限", description="租賃或無償使用／授權者必填，須晚於計畫結束日"
    )
    site_operating = BooleanField(
        "創生場域可實際進入常態性商轉",
        validators=[Filled("創生場域須可實際進入常態性商轉；確認符合後請勾選")],
    )
    planned_start = ZhDateField("預定開始日期", validators=[Filled("請填寫預定開始日期")])
    blueprint = TextAreaField(
        "城鄉創生發展藍圖",
        filters=[one_line_breaks, strip],
        validators=[
            Filled(lambda form: f"請填寫{form.blueprint_label()}"),
            Length(50, 3000, lambda form: form.blueprint_label()),
        ],
        render_kw={"maxlength": 3000, "rows": 8},
        description="50 至 3,000 字",
    )
    expected_local_jobs = ZhIntegerField(
        "預計創造在地就業人數",
        validators=[
            Filled("請填寫預計創造在地就業人數（沒有請填 0）"),
            Between(0, 1_000_000, " 人"),
        ],
        render_kw={"inputmode": "numeric", "data-unit": "人"},
    )
    members = FieldList(FormField(MemberForm), "參與企業", min_entries=1, max_entries=MAX_MEMBERS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.blueprint.label.text = _blueprint_label_markup()
        self.planned_start.description = plan_period_text(self.planned_start.data)

    def blueprint_label(self) -> str:
        """The blueprint's label in words for the chosen category."""
        return BLUEPRINT_LABELS.get(self.category.data or "A", BLUEPRINT_LABELS["A"])

    # Inline validators are static (form, field) functions: WTForms calls them from the class,
    # the shared inline-validation endpoint from the instance; both pass (form, field).
    @staticmethod
    def validate_paid_in_capital(form, field):
        """The company block's capital must fit the database column."""
        if field.data is not None and field.data > CAPITAL_CAP:
            raise ValidationError(f"不可大於 {CAPITAL_CAP:,} 元")

    @staticmethod
    def validate_planned_start(form, field):
        """Today or later (Taiwan time)."""
        today = taipei_today()
        if field.data is not None and field.data < today:
            raise ValidationError(f"預定開始日期不可早於今天（{today.isoformat()}），請重新選擇")

    @staticmethod
    def validate_site_right_until(form, field):
        """Required unless the site is owned; must reach past the plan's end."""
        if field.process_errors or form.site_right.data == "owned":
            return
        if field.data is None:
            if form.site_right.data in SITE_RIGHTS:
                raise ValidationError("租賃或無償使用／授權的場域，請填寫使用權期限")
            return
        start = form.planned_start.data
        if start is not None and field.data <= plan_end(start):
            raise ValidationError(
                f"使用權期限須晚於計畫結束日 {plan_end(start).isoformat()}，請延長租約或授權期限"
            )

    def facts(self, has_loi: bool) -> ProposalFacts:
        """What the eligibility rules look at, from whatever is filled in so far."""
        members = [
            MemberFacts(
                ubn=normalise_ubn(row.form.ubn.data or ""),
                name=row.form.name.data or "",
                employees=row.form.employees.data,
                paid_in_capital=row.form.paid_in_capital.data,
                prior_sbtr=bool(row.form.prior_sbtr.data),
            )
            for row in self.members.entries
        ]
        category = self.category.data if self.category.data in CATEGORIES else None
        site_right = self.site_right.data if self.site_right.data in SITE_RIGHTS else None
        return ProposalFacts(
            category=category,
            members=members,
            site_right=site_right,
            site_right_until=self.site_right_until.data,
            site_operating=bool(self.site_operating.data),
            planned_start=self.planned_start.data,
            has_loi=has_loi,
        )

    def proposal_data(self) -> dict:
        """The cleaned proposal fields (after validate), plus plan_end."""
        data = {name: getattr(self, name).data for name in PROPOSAL_FIELDS}
        if data["site_right"] == "owned":
            data["site_right_until"] = None
        data["plan_end"] = plan_end(data["planned_start"])
        return data

    def member_rows(self) -> list[dict]:
        """The cleaned member rows (after validate), the applicant first."""
        return [
            {
                "position": i,
                "ubn": row.form.ubn.data,
                "name": row.form.name.data,
                "employees": row.form.employees.data,
                "paid_in_capital": row.form.paid_in_capital.data,
                "prior_sbtr": bool(row.form.prior_sbtr.data),
            }
            for i, row in enumerate(self.members.entries)
        ]


def plan_period_text(start: date | None) -> str:
    """The help text under 預定開始日期: the plan's end once the start is known."""
    if start is None:
        return f"執行期程 {PLAN_MONTHS} 個月；填寫後會顯示計畫結束日"
    return f"執行期程 {PLAN_MONTHS} 個月：{start.isoformat()} 至 {plan_end(start).isoformat()}"
