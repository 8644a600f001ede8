"""The 創新加值導航 form (programmes.md): company block, then the navigator's questions."""

from datetime import date

from wtforms import SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..clock import taipei_today
from ..forms.company import company_block
from ..forms.fields import YesNoField
from ..forms.question_fields import Filled, MustAnswer, ZhDateField, ZhRadioField
from ..forms.registry import register_form
from .exclusions import MAINLAND_QUESTION
from .table import table

ORG_FORM_CHOICES = [
    ("company", "公司"),
    ("sole", "獨資"),
    ("partnership", "合夥／有限合夥"),
    ("none", "尚未設立"),
]
NEED_CHOICES = [
    ("rnd", "研發補助"),
    ("cocreation", "與中大企業共創"),
    ("accelerator", "大企業想與新創合作"),
    ("digital", "數位工具"),
    ("netzero", "節能減碳"),
]
RND_STAGE_CHOICES = [
    ("idea", "構想／先期規劃"),
    ("developing", "研究開發中"),
    ("commercialising", "已完成研發、要加值應用"),
]
RND_THEME_CHOICES = [
    ("drone", "無人載具應用"),
    ("ai", "AI 智慧應用"),
    ("netzero", "淨零應用"),
    ("other", "其他"),
]
SBIR_DONE_CHOICES = [("phase1", "Phase 1"), ("phase2", "Phase 2"), ("phase2plus", "Phase 2+")]
FOCUS_INDUSTRY_CHOICES = [
    ("iot", "智慧物聯"),
    ("health", "智慧健康"),
    ("green", "綠色科技"),
    ("space", "太空科技"),
    ("other", "其他"),
]
MAINLAND_CHOICES = [
    ("yes", "是（超過 30%，或負責人／經理人為陸資投資人）"),
    ("no", "否（沒有陸資，或陸資持股 30% 以下且負責人、經理人都不是陸資投資人）"),
]
SELF_FUNDING_CHOICES = [("yes", "能"), ("no", "不能"), ("unsure", "不確定")]
QUESTION_FIELDS = (
    "founded_on",
    "org_form",
    "need",
    "rnd_stage",
    "rnd_theme",
    "sbir_done",
    "focus_industry",
    "self_funding",
    "tax_arrears",
    "mainland_capital",
)
EARLIEST_FOUNDING = date(1900, 1, 1)


class CheckboxesField(SelectMultipleField):
    """Several check boxes (the field macro renders them like radios); unknown codes refused."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        known = {choice.value for choice in self.choices}
        if any(value not in known for value in self.data or []):
            raise ValidationError("請從選項中選擇")


class WhenNeeded:
    """Required only when `need` includes `code` (the question belongs to that need)."""

    def __init__(self, code: str, message: str):
        self.code, self.message = code, message

    def __call__(self, form, field):
        if self.code in (form.need.data or []):
            Filled(self.message)(form, field)


def _founded(form, field):
    if field.data is None:
        return
    if field.data > taipei_today():
        raise ValidationError("設立日期不可晚於今天，請再核對")
    if field.data < EARLIEST_FOUNDING:
        raise ValidationError("設立日期不可早於 1900 年，請再核對")


def _founded_required(form, field):
    if form.org_form.data != "none":
        Filled("請填寫設立日期（尚未設立者請在組織型態選「尚未設立」）")(form, field)


def _at_least_one(form, field):
    if not field.data:
        raise ValidationError("請至少勾選一項想找的資源")


def select_choices(pairs) -> list[SelectChoice]:
    """(code, label) pairs as WTForms choices (3.4 takes no tuples)."""
    return [SelectChoice(code, label) for code, label in pairs]


def _radio(label: str, choices, validators, description: str = "") -> ZhRadioField:
    return ZhRadioField(
        label, choices=select_choices(choices), validators=validators, description=description
    )


@register_form("navigator")
class NavigatorForm(
    company_block(ubn_required=False, employees_required=True, capital_required=False)
):
    """創新加值導航: which innovation subsidy or award fits this company."""

    org_form = _radio("組織型態", ORG_FORM_CHOICES, [Filled("請選擇組織型態")])
    founded_on = ZhDateField(
        "設立日期",
        validators=[_founded_required, _founded],
        description="依公司或商業登記；尚未設立者免填",
        render_kw={"type": "date", "max": "2100-12-31", "min": "1900-01-01"},
    )
    need = CheckboxesField(
        "想找的資源",
        choices=select_choices(NEED_CHOICES),
        validators=[_at_least_one],
        description="可複選，至少勾選一項",
    )
    rnd_stage = _radio(
        "研發進度",
        RND_STAGE_CHOICES,
        [WhenNeeded("rnd", "勾選了研發補助，請選擇研發進度")],
        "勾選「研發補助」者必填",
    )
    rnd_theme = _radio(
        "研發主題",
        RND_THEME_CHOICES,
        [WhenNeeded("rnd", "勾選了研發補助，請選擇研發主題")],
        "勾選「研發補助」者必填",
    )
    sbir_done = CheckboxesField(
        "曾完成的 SBIR 階段",
        choices=select_choices(SBIR_DONE_CHOICES),
        description="可複選；都沒有請不要勾",
    )
    focus_industry = _radio(
        "產業領域",
        FOCUS_INDUSTRY_CHOICES,
        [WhenNeeded("cocreation", "勾選了與中大企業共創，請選擇產業領域")],
        "勾選「與中大企業共創」者必填",
    )
    self_funding = _radio(
        "能否自籌至少一半經費",
        SELF_FUNDING_CHOICES,
        [Filled("請選擇能否自籌至少一半經費")],
        "補助通常最多為計畫總經費的一半",
    )
    tax_arrears = YesNoField("近 3 年是否有欠稅", validators=[MustAnswer()])
    # 陸資 is a threshold (programmes.md, revised 2026-12-07), asked as the SBIR guidance puts it.
    mainland_capital = YesNoField(
        MAINLAND_QUESTION,
        validators=[MustAnswer()],
        choices=select_choices(MAINLAND_CHOICES),
        description="依公司登記的股東持股，或投審會的陸資企業名單",
    )

    def navigator_data(self) -> dict:
        """The cleaned answers: company block and every question (a list for the several ones)."""
        data = self.company_data()
        for name in QUESTION_FIELDS:
            data[name] = self[name].data
        data["org_form"] = data["org_form"] or None
        # Optional texts left empty are stored as NULL: "has a 統一編號" is then `ubn IS NOT NULL`.
        data["ubn"] = data["ubn"] or None
        data["contact_email"] = data["contact_email"] or None
        for name in ("rnd_stage", "rnd_theme", "focus_industry"):
            data[name] = data[name] or None
        # Keep the form's order for the lists, so the same answers always look the same.
        for name in ("need", "sbir_done"):
            chosen = set(data[name] or [])
            data[name] = [c.value for c in self[name].choices if c.value in chosen]
        if data["org_form"] == "none":
            data["founded_on"] = None
        return data


def labels() -> dict[str, dict[str, str]]:
    """zh-Hant label of each coded answer, per field (for the console and exports)."""
    industries = {k: v for k, v in table()["cocreation"]["industries"].items() if k != "source"}
    return {
        "org_form": dict(ORG_FORM_CHOICES),
        "need": dict(NEED_CHOICES),
        "rnd_stage": dict(RND_STAGE_CHOICES),
        "rnd_theme": dict(RND_THEME_CHOICES),
        "sbir_done": dict(SBIR_DONE_CHOICES),
        "focus_industry": {**dict(FOCUS_INDUSTRY_CHOICES), **industries},
        "self_funding": dict(SELF_FUNDING_CHOICES),
    }
