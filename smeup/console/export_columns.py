"""Export columns per form (exports.md), in contract order, and the plain row builder.

Each column is a `Field`: its key and zh-Hant label, the SQL expression it is read from, and
an optional conversion to a typed cell. The export selects exactly these expressions, in this
order, from the list's filtered select, so a record is already the row and the builder only
converts the few cells that need it: a million rows stream several times faster that way than
through ORM objects.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import BigInteger, Boolean, Float, Integer, String, Text, cast, literal, type_coerce

from ..company.reference import INDUSTRIES
from ..exports.cells import joined, stored_list, taipei_time
from ..exports.columns import Cell, Column
from ..exports.csv_stream import compiled_row
from ..models import Event, Submission, User
from ..models.netzero import NetzeroCheck
from ..models.sbtr import SbtrProposal
from ..models.surveys import CourseResponse

SUPPLY_CHAIN_LABELS = {
    "none": "沒有",
    "requested": "有要求，尚無期限",
    "deadline": "有要求且有期限",
}
CATEGORY_LABELS = {"A": "A類", "B_PLUS": "B+類"}
SITE_RIGHT_LABELS = {"owned": "自有", "leased": "租賃", "authorized": "無償使用／授權"}


@dataclass(frozen=True)
class Field:
    """One export column, where its value comes from, and how it becomes a cell."""

    column: Column
    sql: object
    convert: Callable[[object], Cell] | None = None
    expands: bool = False  # convert returns several cells (course ranks)


def _label(labels: dict[str, str]) -> Callable[[object], Cell]:
    def label(code):
        return labels.get(code, code) if code else None

    label.cell_kind = "text"  # what the compiled CSV row tests its cell for
    return label


def _tonnes(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _f(key: str, label: str, sql, convert=None, personal: bool = False) -> Field:
    return Field(Column(key, label, personal), sql, convert)


ENVELOPE = (
    _f("id", "編號", Submission.id),
    _f(
        "submitted_at",
        "送出時間（臺北時間）",
        type_coerce(Submission.submitted_at, Text),
        taipei_time,
    ),
    _f("channel", "管道", Submission.channel),
    _f("event", "活動", Event.name),
    _f("entered_by", "登錄人員", User.username),
    _f("status", "狀態", Submission.status),
)
COMPANY = (
    _f("company_name", "企業名稱", Submission.company_name),
    _f("ubn", "統一編號", Submission.ubn),
    _f("county", "所在縣市", Submission.county),
    _f("industry", "行業別", Submission.industry, _label(INDUSTRIES)),
    _f("employees", "員工人數", Submission.employees),
    _f("paid_in_capital", "實收資本額", Submission.paid_in_capital),
    _f("contact_name", "聯絡人", Submission.contact_name, personal=True),
    _f("contact_phone", "聯絡電話", Submission.contact_phone, personal=True),
    _f("contact_email", "電子郵件", Submission.contact_email, personal=True),
    _f("consent", "個人資料蒐集同意", Submission.consent),
)
NETZERO_ENERGY = (
    ("electricity_kwh", "年用電量（度）"),
    ("natural_gas_m3", "天然氣用量（立方公尺）"),
    ("lpg_kg", "液化石油氣用量（公斤）"),
    ("diesel_l", "柴油用量（公升）"),
    ("gasoline_l", "汽油用量（公升）"),
    ("fuel_oil_l", "燃料油用量（公升）"),
)
NETZERO_ANSWERS = (
    ("cbam_export", "是否出口 CBAM 產品至歐盟"),
    ("supply_chain_request", "客戶是否要求提供碳排資料或減碳目標"),
    ("listed_company", "是否為上市櫃公司或其子公司"),
    ("supplier_to_listed", "是否為上市櫃公司之供應商"),
    ("has_inventory", "是否已完成溫室氣體盤查"),
    ("has_target", "是否已訂定減碳目標"),
)
NETZERO = (
    _f("data_year", "資料年度", NetzeroCheck.data_year),
    # Quantities go out as numbers: a cast to Float in the select skips a Decimal per cell in
    # the driver (≤ 2 decimals, exact enough; format_float prints 120000 and 350.5).
    *(_f(k, label, cast(getattr(NetzeroCheck, k), Float)) for k, label in NETZERO_ENERGY),
    *(
        _f(
            k,
            label,
            getattr(NetzeroCheck, k),
            _label(SUPPLY_CHAIN_LABELS) if k == "supply_chain_request" else None,
        )
        for k, label in NETZERO_ANSWERS
    ),
    _f("scope1_tco2e", "範疇一排放量（公噸CO2e）", NetzeroCheck.scope1_tco2e, _tonnes),
    _f("scope2_tco2e", "範疇二排放量（公噸CO2e）", NetzeroCheck.scope2_tco2e, _tonnes),
    _f("total_tco2e", "總排放量（公噸CO2e）", NetzeroCheck.total_tco2e, _tonnes),
    _f("urgency", "減碳急迫程度", NetzeroCheck.urgency),
    _f("urgency_reasons", "急迫程度理由", cast(NetzeroCheck.urgency_reasons, Text), joined),
    _f("prescriptions", "處方建議", cast(NetzeroCheck.prescriptions, Text), joined),
    _f("factor_version", "排放係數版本", NetzeroCheck.factor_version),
    _f("rules_version", "判斷規則版本", NetzeroCheck.rules_version),
)


def course_fields(survey) -> tuple[Field, ...]:
    """One survey's columns: survey, location, rank_1…rank_K labels, rank_of_<code> numbers."""
    labels = survey.option_labels()
    codes = [o.code for o in survey.options]
    slots = survey.max_ranked

    def expand(value) -> list[Cell]:
        ranks = stored_list(value)[:slots]
        rank_of = {code: i for i, code in enumerate(ranks, 1)}
        named = [labels.get(code, code) for code in ranks]
        return [*named, *([None] * (slots - len(named))), *(rank_of.get(c) for c in codes)]

    rank_columns = [Column(f"rank_{r}", f"第 {r} 順位") for r in range(1, slots + 1)]
    rank_columns += [Column(f"rank_of_{o.code}", f"「{o.label}」順位") for o in survey.options]
    return (
        _f("survey", "問卷", literal(survey.title)),
        _f("location", "所在場域", CourseResponse.location),
        Field(tuple(rank_columns), cast(CourseResponse.ranks, Text), expand, expands=True),
    )


def sbtr_fields(members: Callable[[int], str]) -> tuple[Field, ...]:
    """The SBTR columns; `members(submission_id)` gives the joined 統一編號 and names."""
    p = SbtrProposal
    return (
        _f("category", "申請類別", p.category, _label(CATEGORY_LABELS)),
        _f("plan_title", "計畫名稱", p.plan_title),
        _f("site_county", "創生場域所在縣市", p.site_county),
        _f("site_address", "創生場域地址", p.site_address),
        _f("site_right", "場域使用權", p.site_right, _label(SITE_RIGHT_LABELS)),
        _f("site_right_until", "使用權期限", p.site_right_until),
        _f("site_operating", "創生場域可實際進入常態性商轉", p.site_operating),
        _f("planned_start", "預定開始日期", p.planned_start),
        _f("blueprint", "城鄉創生發展藍圖", p.blueprint),
        _f("expected_local_jobs", "預計創造在地就業人數", p.expected_local_jobs),
        _f("plan_end", "預定結束日期", p.plan_end),
        _f("member_count", "參與企業家數", p.member_count),
        _f("members", "參與企業（統一編號 企業名稱）", p.submission_id, members),
        _f("eligible", "符合資格", p.eligible),
        _f("ineligible_reasons", "不符資格原因", cast(p.ineligible_reasons, Text), joined),
        _f("has_loi", "已附合作意向書", p.loi_upload_id.is_not(None)),
    )


def columns_of(fields: Sequence[Field]) -> list[Column]:
    """The header columns of the fields, expanded ones included."""
    out: list[Column] = []
    for f in fields:
        out.extend(f.column if f.expands else (f.column,))
    return out


def row_builder(fields: Sequence[Field]) -> Callable[[Sequence], list[Cell]]:
    """A plain function turning one selected record (in `fields` order) into typed cells."""
    converts = [(i, f.convert) for i, f in enumerate(fields) if f.convert and not f.expands]
    expanders = [(i, f.convert) for i, f in enumerate(fields) if f.expands]

    def build(record: Sequence) -> list[Cell]:
        row = list(record)
        for i, convert in converts:
            row[i] = convert(row[i])
        for i, expand in reversed(expanders):
            row[i : i + 1] = expand(row[i])
        return row

    return build


# What a conversion's cell is, for the compiled CSV row (other conversions: "any").
CONVERTED_KINDS = {taipei_time: "time", joined: "text", _tonnes: "float"}


# Text columns that only ever hold a value the app picked from a fixed list (never typed by a
# person): nothing in them can start a formula, so the CSV row writes them unchecked.
CODE_COLUMNS = frozenset(
    (
        "channel",
        "status",
        "county",
        "urgency",
        "factor_version",
        "rules_version",
    )
)


def _kind(field: Field) -> str:
    """What the column's cell is, for the compiled CSV row ("any": not known): its
    conversion's kind, or what its SQL type hands back."""
    if field.convert is not None:
        known = getattr(field.convert, "cell_kind", None)
        return known or CONVERTED_KINDS.get(field.convert, "any")
    kind = getattr(field.sql, "type", None)
    if isinstance(kind, Boolean):
        return "bool"
    if isinstance(kind, Integer | BigInteger):
        return "int"
    if isinstance(kind, Float):
        return "float"
    if isinstance(kind, String):  # Text too
        return "code" if field.column.key in CODE_COLUMNS else "text"
    return "any"


def csv_row_builder(fields: Sequence[Field]) -> Callable[[Sequence], list] | None:
    """One selected record straight to CSV values (the row builder and the CSV cell
    conversion fused); None when a field expands into several columns (course ranks)."""
    if any(f.expands for f in fields):
        return None
    converts = {i: _from_driver(f) for i, f in enumerate(fields) if f.convert}
    return compiled_row([_kind(f) for f in fields], converts)


def driver_values_suffice(fields: Sequence[Field]) -> bool:
    """Whether the compiled CSV row may read the driver's own tuples (SQLite's, unwrapped):
    every column is an int, float, text or boolean as stored, or converted by a function that
    takes what SQLite stores (a Taipei time's text, a JSON list's text, a label's code)."""
    return all(_reads_stored(f) for f in fields)


def _reads_stored(field: Field) -> bool:
    if field.convert is None:
        return _kind(field) != "any"
    return field.convert in CONVERTED_KINDS or hasattr(field.convert, "cell_kind")


def _from_driver(field: Field) -> Callable[[object], Cell]:
    """The field's conversion, taking the driver's own value (the compiled row reads SQLite's
    tuples unwrapped: a boolean there is 0 or 1, made a bool first)."""
    if not isinstance(getattr(field.sql, "type", None), Boolean):
        return field.convert
    convert = field.convert
    return lambda value: convert(None if value is None else bool(value))
