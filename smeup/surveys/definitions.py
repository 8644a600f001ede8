"""Survey definitions: the rules an officer's edit must keep, and applying a checked edit.

Responses store option codes, so an option some response ranked keeps its code and stays in
the survey (it can only be hidden), and max_ranked never drops below the longest stored ranking
(exports have one rank_N column per rank up to max_ranked).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..extensions import db
from ..models.surveys import CourseResponse, Survey, SurveyOption


@dataclass(frozen=True)
class OptionRow:
    """One option as the editor sends it; option_id is None for a new option."""

    option_id: int | None
    code: str
    label: str
    hidden: bool = False


@dataclass(frozen=True)
class Definition:
    """Everything the editor sets on a survey."""

    title: str
    description: str
    min_ranked: int
    max_ranked: int
    locations: list[str]
    is_open: bool
    options: list[OptionRow] = field(default_factory=list)


@dataclass(frozen=True)
class Usage:
    """What stored responses hold of a survey: the codes they ranked and the longest ranking."""

    codes: frozenset[str] = frozenset()
    longest: int = 0
    responses: int = 0


def survey_usage(survey_id: int | None) -> Usage:
    """Read which option codes the survey's responses use."""
    if survey_id is None:
        return Usage()
    codes: set[str] = set()
    longest = responses = 0
    query = db.select(CourseResponse.ranks).where(CourseResponse.survey_id == survey_id)
    for ranks in db.session.scalars(query):
        codes.update(ranks)
        longest = max(longest, len(ranks))
        responses += 1
    return Usage(frozenset(codes), longest, responses)


def check_definition(
    definition: Definition, stored: Mapping[int, SurveyOption], usage: Usage
) -> dict[str, str]:
    """Errors keyed by field name (options-N-code, min_ranked...) or "options"; empty when fine."""
    errors: dict[str, str] = {}
    rows = definition.options
    seen: set[str] = set()
    for i, row in enumerate(rows):
        before = stored.get(row.option_id) if row.option_id is not None else None
        if before is not None and before.code in usage.codes and row.code != before.code:
            errors[f"options-{i}-code"] = f"已有回覆選過此選項，代碼不能修改（原為 {before.code}）"
        elif row.code in seen:
            errors[f"options-{i}-code"] = f"代碼「{row.code}」重複了，每個選項的代碼必須不同"
        seen.add(row.code)

    kept = {row.option_id for row in rows}
    for option in stored.values():
        if option.id not in kept and option.code in usage.codes:
            errors["options"] = f"「{option.label}」已有回覆選過，不能刪除，只能勾選「隱藏」"

    visible = sum(1 for row in rows if not row.hidden)
    low, high = definition.min_ranked, definition.max_ranked
    if not rows:
        errors["options"] = "請至少新增一個選項"
    elif visible == 0:
        errors.setdefault("options", "至少要有一個選項顯示在表單上，請取消部分選項的「隱藏」")
    if high < low:
        errors["max_ranked"] = f"最多排序項數不可小於最少排序項數（{low}）"
    elif rows and high > len(rows):
        errors["max_ranked"] = f"最多排序項數不可超過選項數（目前 {len(rows)} 項）"
    elif high < usage.longest:
        errors["max_ranked"] = (
            f"已有回覆排序了 {usage.longest} 項，最多排序項數不可小於 {usage.longest}"
        )
    if visible and low > visible:
        errors["min_ranked"] = (
            f"最少排序項數不可超過表單上顯示的選項數（目前 {visible} 項），否則無法完成填答"
        )
    for place in definition.locations:
        if len(place) > 50:
            errors["locations"] = f"場域名稱最多 50 個字，「{place[:10]}…」太長了"
    return errors


def apply_definition(survey: Survey, definition: Definition) -> None:
    """Write a checked definition onto the survey (added to the session); options in row order."""
    survey.title = definition.title
    survey.description = definition.description
    survey.min_ranked = definition.min_ranked
    survey.max_ranked = definition.max_ranked
    survey.locations = list(definition.locations)
    survey.is_open = definition.is_open
    db.session.add(survey)

    by_id = {o.id: o for o in survey.options if o.id is not None}
    for option in list(survey.options):
        if option.id not in {row.option_id for row in definition.options}:
            survey.options.remove(option)
    # Codes are unique per survey: deletions and renames go out first so a swap cannot collide.
    for row in definition.options:
        option = by_id.get(row.option_id)
        if option is not None and option.code != row.code:
            option.code = f"~{option.id}"
    db.session.flush()

    for position, row in enumerate(definition.options):
        option = by_id.get(row.option_id)
        if option is None:
            option = SurveyOption()
            survey.options.append(option)
        option.code, option.label = row.code, row.label
        option.hidden, option.position = row.hidden, position
    db.session.flush()
