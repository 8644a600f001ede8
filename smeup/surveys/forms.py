"""The course-preference response form (forms.md §3): a slim company block, location, ranks."""

from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from ..forms.company import COMPANY_FIELDS, company_block
from ..forms.fields import ZhSelectField
from ..forms.registry import register_form
from ..forms.validators import Required
from .ranking import field_name, validate_ranking

COURSE_COMPANY_FIELDS = ("company_name", "ubn", "contact_name", "contact_phone", "consent")


class RankField(SelectField):
    """One 第 N 順位 select; which codes are allowed is the ranking rules' call, not the field's."""

    def pre_validate(self, form):
        pass


@register_form("course")
class CourseForm(
    company_block(ubn_required=False, employees_required=False, capital_required=False)
):
    """The company fields a course response asks for (inline validation uses this class)."""

    # The course form asks only for what forms.md §3 lists; setting a field to None removes it.
    county = None
    industry = None
    employees = None
    paid_in_capital = None
    contact_email = None

    survey_id = None
    min_ranked = 1
    rank_slots = 0
    option_labels: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.ranking_errors: list[str] = []
        self.ranked_codes: tuple[str, ...] = ()

    @property
    def rank_fields(self) -> list:
        """The rank_1 … rank_N fields in rank order."""
        return [self[field_name(r)] for r in range(1, self.rank_slots + 1)]

    def validate(self, extra_validators=None) -> bool:
        """The field rules, then the ranking rules (errors on rank_N, or on the whole ranking)."""
        fields_ok = super().validate(extra_validators)
        check = validate_ranking(
            [f.data for f in self.rank_fields], self.option_labels, self.min_ranked, self.rank_slots
        )
        for name, message in check.errors.items():
            if name == "ranking":
                self.ranking_errors.append(message)
            else:
                self[name].errors.append(message)
        self.ranked_codes = check.codes
        return fields_ok and check.ok

    def company_data(self) -> dict:
        """The company block as stored: fields the course form does not ask for stay empty."""
        return {
            name: (self[name].data if name in COURSE_COMPANY_FIELDS else None)
            for name in COMPANY_FIELDS
        }

    def all_errors(self) -> list[tuple[str, str]]:
        """(field id, message) for every error, in page order, for the summary at the top."""
        found = [(f.id, f.errors[0]) for f in self if f.errors and f.name != "csrf_token"]
        return found + [("ranking", message) for message in self.ranking_errors]


def course_form_class(survey) -> type[CourseForm]:
    """A CourseForm subclass with this survey's location choices and rank fields."""
    options = survey.visible_options
    attrs: dict = {
        "survey_id": survey.id,
        "min_ranked": survey.min_ranked,
        "rank_slots": survey.rank_slots,
        "option_labels": {o.code: o.label for o in options},
    }
    if survey.locations:
        attrs["location"] = ZhSelectField(
            "所在場域",
            choices=[SelectChoice("", "請選擇場域")]
            + [SelectChoice(loc) for loc in survey.locations],
            validators=[Required("請選擇所在場域")],
        )
    choices = [SelectChoice("", "（未選擇）")] + [SelectChoice(o.code, o.label) for o in options]
    for rank in range(1, survey.rank_slots + 1):
        attrs[field_name(rank)] = RankField(f"第 {rank} 順位", choices=choices)
    return type("SurveyCourseForm", (CourseForm,), attrs)
