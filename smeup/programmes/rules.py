"""The navigator's rules (programmes.md, table innovation-2026) as plain Python.

Each programme gets one Rule per condition (met / not met / needs checking) with the sentence
that explains it, and a verdict: 符合 when every rule is met, 不符合 when one is not, else
可能符合. Figures and wording of amounts come from the rule table; the SME test comes from
smeup.company.sme. Today's date is passed in, so nothing here reads a clock; what the company
registry last said (RegistryStatus) is passed in too, so nothing here reads the database.

Exclusions (programmes.md, revised 2026-12-07): 陸資 (a threshold), tax arrears and a registry
status of 停業 exclude BOTH SBIR routes; a registry status of 解散 / 廢止 / 撤銷 excludes every
programme.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..company.sme import is_sme, sme_reason
from .exclusions import RegistryStatus, dissolved_rules, sbir_exclusions
from .rule import CHECK, MET, NOT_MET, Rule
from .table import RULES_VERSION, CountyGroup, county_group, money, table

FITS, MAY_FIT, NO_FIT = "符合", "可能符合", "不符合"
VERDICTS = (FITS, MAY_FIT, NO_FIT)
PROGRAMMES = ("sbir_general", "sbir_local", "cocreation", "accelerator")
ORG_FORMS = {"company": "公司", "sole": "獨資", "partnership": "合夥／有限合夥", "none": "尚未設立"}


@dataclass(frozen=True)
class Programme:
    """One programme's verdict, its rules, and what it offers."""

    key: str
    name: str
    rules: tuple[Rule, ...]
    amount: str = ""
    details: tuple[str, ...] = ()
    contacts: tuple[tuple[str, str], ...] = ()
    site: str = ""
    verdict: str = field(init=False)

    def __post_init__(self):
        outcomes = {r.outcome for r in self.rules}
        verdict = NO_FIT if NOT_MET in outcomes else MAY_FIT if CHECK in outcomes else FITS
        object.__setattr__(self, "verdict", verdict)

    @property
    def deciding(self) -> tuple[Rule, ...]:
        """The rules that decided the verdict: the unmet ones, else those to check, else all."""
        wanted = {NO_FIT: NOT_MET, MAY_FIT: CHECK}.get(self.verdict)
        return tuple(r for r in self.rules if wanted is None or r.outcome == wanted)


def sme_rule(answers: Mapping[str, Any]) -> Rule:
    """中小企業認定標準 via the company module: a missing figure that might pass is 'to check'."""
    capital, employees = answers.get("paid_in_capital"), answers.get("employees")
    text = sme_reason(capital, employees)
    if is_sme(capital, employees):
        return Rule(MET, text)
    unknown = capital is None or employees is None
    if unknown:
        return Rule(CHECK, f"{text}請補上資本額與員工人數，以確認是否符合。")
    return Rule(NOT_MET, text)


def registered_rule(answers: Mapping[str, Any], programme: str) -> Rule:
    """A company or business registration exists (org_form is not 尚未設立)."""
    org_form = answers.get("org_form")
    if org_form in (None, "", "none"):
        return Rule(NOT_MET, f"尚未設立：{programme}須由已完成公司或商業登記的企業申請。")
    return Rule(MET, f"已設立（{ORG_FORMS.get(org_form, org_form)}）。")


def self_funding_rule(answers: Mapping[str, Any]) -> Rule:
    """SBIR: the subsidy is at most half the cost, so the company must fund at least half."""
    text = table()["sbir_general"]["self_funding_text"]
    return {
        "yes": Rule(MET, f"能自籌至少一半經費：{text}"),
        "no": Rule(NOT_MET, f"無法自籌一半經費：{text}"),
    }.get(answers.get("self_funding"), Rule(CHECK, f"不確定能否自籌一半經費，請先估算：{text}"))


def phase_rule(answers: Mapping[str, Any]) -> Rule:
    """Which SBIR phase the R&D stage leads to; Phase 2+ expects a completed Phase 2."""
    stage = answers.get("rnd_stage")
    phases = table()["sbir_general"]["phases"]
    if stage not in phases:
        return Rule(CHECK, "未選擇研發進度，無法判斷適合的階段；SBIR 依進度分為 Phase 1、2、2+。")
    phase = phases[stage]
    if stage != "commercialising":
        return Rule(MET, f"研發進度適合申請 {phase['name']}。")
    if "phase2" in (answers.get("sbir_done") or ()):
        return Rule(MET, f"已完成 SBIR Phase 2，可申請 {phase['name']}。")
    if phase["requires_phase2_confirmed"]:
        return Rule(CHECK, f"{phase['name']} 以完成 SBIR Phase 2 為前提，您尚未完成 Phase 2。")
    # Not a confirmed rule for 2026: said as advice, worded for the owner (programmes.md).
    return Rule(
        CHECK,
        f"{phase['name']} 通常以完成 SBIR Phase 2 為前提，您尚未完成 Phase 2；"
        "能否直接申請，請向 SBIR 計畫辦公室確認。",
    )


def sbir_general(answers: Mapping[str, Any], registry: RegistryStatus | None = None) -> Programme:
    """SBIR 一般型: SME, registered, not 陸資, no tax arrears, self-funds half; phase by stage."""
    spec = table()["sbir_general"]
    rules = (
        *dissolved_rules(registry, "SBIR"),
        sme_rule(answers),
        registered_rule(answers, "SBIR "),
        *sbir_exclusions(answers, registry, "SBIR"),
        self_funding_rule(answers),
        phase_rule(answers),
    )
    phase = spec["phases"].get(answers.get("rnd_stage"))
    details = [f"申請時程：{spec['intake']}。"]
    themes = {k: v for k, v in spec["themes"].items() if k != "source"}
    theme = themes.get(answers.get("rnd_theme") or "")
    if theme:
        details.insert(0, f"您的研發主題屬 2026 年主題式徵件「{theme}」，請留意該主題公告。")
    return Programme(
        "sbir_general",
        spec["name"],
        rules,
        amount=_phase_amount(phase) if phase else _all_phase_amounts(spec["phases"]),
        details=tuple(details),
        contacts=((spec["contact"], spec["phone"]),),
        site=spec["site"],
    )


def _phase_amount(phase: Mapping[str, Any]) -> str:
    extra = "，".join(x for x in (phase["duration"], phase["review"]) if x)
    return (
        f"{phase['name']}：補助上限 {money(phase['cap'])}（{extra}；"
        f"2026 年起，先前為 {money(phase['before_2026_cap'])}）"
    )


def _all_phase_amounts(phases: Mapping[str, Any]) -> str:
    caps = "、".join(f"{p['name']} {money(p['cap'])}" for p in phases.values())
    return f"補助上限（2026 年起）：{caps}"


def sbir_local(answers: Mapping[str, Any], registry: RegistryStatus | None = None) -> Programme:
    """地方型 SBIR: SME, registered, in its county, and the SBIR exclusions; the county's group
    and ratio shown, not priced."""
    spec = table()["sbir_local"]
    group = county_group(answers.get("county"))
    if group is None:
        county = Rule(CHECK, "未選擇所在縣市，無法判斷可申請哪一縣市的地方型 SBIR。")
        details = ()
    else:
        county = Rule(MET, f"可申請{group.county}的地方型 SBIR（須在該縣市登記總公司）。")
        details = (
            _ratio_sentence(group, spec),
            f"洽詢：{group.county}政府或其地方型 SBIR 計畫辦公室（依各縣市公告）。",
        )
    needs = answers.get("need") or ()
    rnd = (
        Rule(MET, "您想找研發補助。")
        if "rnd" in needs
        else Rule(CHECK, "您未勾選研發補助；地方型 SBIR 補助的是研發計畫。")
    )
    return Programme(
        "sbir_local",
        spec["name"],
        (
            *dissolved_rules(registry, "地方型 SBIR"),
            sme_rule(answers),
            registered_rule(answers, "地方型 SBIR "),
            *sbir_exclusions(answers, registry, "地方型 SBIR"),
            county,
            rnd,
        ),
        amount=spec["cap_text"],
        details=(*details, f"申請時程：{spec['intake']}。"),
    )


def _ratio_sentence(group: CountyGroup, spec: Mapping[str, Any]) -> str:
    """The county's group and the brochure's ratio, worded for an owner when unconfirmed."""
    belongs = "屬" if group.confirmed else "一般歸入"
    if spec["ratio_confirmed"]:
        return f"{group.county}{belongs}「{group.group}」，{spec['ratio_label']} {group.ratio}。"
    return (
        f"{group.county}{belongs}「{group.group}」，{spec['ratio_label']}"
        f"依各縣市公告（計畫簡介所列為 {group.ratio}）。"
    )


def eighth_anniversary(founded_on: date) -> date:
    """The day a company founded on `founded_on` turns 8 (29 Feb → 28 Feb when there is none)."""
    years = table()["cocreation"]["max_age_years"]
    try:
        return founded_on.replace(year=founded_on.year + years)
    except ValueError:
        return founded_on.replace(year=founded_on.year + years, day=28)


def age_rule(answers: Mapping[str, Any], today: date) -> Rule:
    """新創共創: founded less than 8 years before `today` (on the 8th anniversary it no longer is)."""
    founded_on = answers.get("founded_on")
    if answers.get("org_form") == "none":
        return Rule(NOT_MET, "尚未設立：須為設立未滿 8 年的企業。")
    if founded_on is None:
        return Rule(CHECK, "未填設立日期，無法判斷是否設立未滿 8 年。")
    turns_eight = eighth_anniversary(founded_on)
    if today < turns_eight:
        return Rule(
            MET, f"設立於 {founded_on:%Y-%m-%d}，未滿 8 年（{turns_eight:%Y-%m-%d} 滿 8 年）。"
        )
    return Rule(NOT_MET, f"設立於 {founded_on:%Y-%m-%d}，已於 {turns_eight:%Y-%m-%d} 滿 8 年。")


def industry_rule(answers: Mapping[str, Any]) -> Rule:
    """新創共創: the focus industry is one of the four."""
    industries = {k: v for k, v in table()["cocreation"]["industries"].items() if k != "source"}
    four = "、".join(industries.values())
    chosen = answers.get("focus_industry")
    if chosen in industries:
        return Rule(MET, f"產業領域為{industries[chosen]}，屬獎勵的四大領域。")
    if chosen:
        return Rule(NOT_MET, f"產業領域不屬於{four}四大領域。")
    return Rule(CHECK, f"未選擇產業領域；獎勵限{four}。")


def own_funds_rule(answers: Mapping[str, Any]) -> Rule:
    """新創共創: the award is fixed and the company adds its own funds (not necessarily half)."""
    text = table()["cocreation"]["award_text"]
    if answers.get("self_funding") == "yes":
        return Rule(MET, f"能投入自有資金：{text}。")
    return Rule(CHECK, f"請確認能投入多少自有資金：{text}。")


def cocreation(
    answers: Mapping[str, Any], today: date, registry: RegistryStatus | None = None
) -> Programme:
    """新創共創獎勵: under 8 years old, one of four industries, an SME, adds its own funds."""
    spec = table()["cocreation"]
    rules = (
        *dissolved_rules(registry, "新創共創獎勵"),
        age_rule(answers, today),
        industry_rule(answers),
        sme_rule(answers),
    )
    return Programme(
        "cocreation",
        spec["name"],
        (*rules, own_funds_rule(answers)),
        amount=f"每案固定獎勵 {money(spec['award'])}",
        details=(f"申請時程：{spec['intake']}。",),
        contacts=((spec["contact"], spec["phone"]),),
    )


def accelerator(answers: Mapping[str, Any], registry: RegistryStatus | None = None) -> Programme:
    """企業加速器: for a larger company (not an SME) that wants to work with startups."""
    spec = table()["accelerator"]
    capital, employees = answers.get("paid_in_capital"), answers.get("employees")
    small = is_sme(capital, employees)
    if small:
        size = Rule(CHECK, "本路徑以中大型企業為主要對象；貴公司屬中小企業，能否參與請向窗口確認。")
    elif capital is None or employees is None:
        size = Rule(CHECK, "本路徑以中大型企業為主要對象；資本額或員工人數未填，請補上以確認。")
    else:
        size = Rule(MET, "貴公司不屬中小企業，是本路徑的主要對象（中大型企業）。")
    if "accelerator" in (answers.get("need") or ()):
        wants = Rule(MET, "您想與新創合作。")
    elif small:
        wants = Rule(NOT_MET, "您未勾選想與新創合作，且本路徑以中大型企業為主要對象。")
    else:
        wants = Rule(CHECK, "您未勾選想與新創合作；若有意引進新創技術，可考慮此路徑。")
    return Programme(
        "accelerator",
        spec["name"],
        (*dissolved_rules(registry, "企業加速器"), size, wants),
        details=(spec["text"],),
        contacts=((spec["contact"], spec["phone"]),),
    )


@dataclass(frozen=True)
class Navigation:
    """Every programme's verdict, what else the needs call for, and the table version."""

    programmes: tuple[Programme, ...]
    also: tuple[str, ...]
    rules_version: str

    def verdict(self, key: str) -> str:
        """The verdict of one programme by key."""
        return next(p.verdict for p in self.programmes if p.key == key)


def navigate(
    answers: Mapping[str, Any], today: date, registry: RegistryStatus | None = None
) -> Navigation:
    """Run every rule on the cleaned answers, judging company age against `today` and, when
    the company registry has answered for the 統一編號, its status."""
    needs = answers.get("need") or ()
    return Navigation(
        programmes=(
            sbir_general(answers, registry),
            sbir_local(answers, registry),
            cocreation(answers, today, registry),
            accelerator(answers, registry),
        ),
        also=tuple(key for key in ("netzero", "digital") if key in needs),
        rules_version=RULES_VERSION,
    )
