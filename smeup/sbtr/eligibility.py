"""SBTR 城鄉創生 eligibility checklist (forms.md §4), shown live and enforced on submit."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from smeup.company.sme import is_sme
from smeup.sbtr.plan import plan_end

Status = Literal["pass", "fail", "unknown"]


@dataclass
class MemberFacts:
    """One enterprise row of the proposal; row 0 is the applicant."""

    ubn: str
    name: str
    employees: int | None
    paid_in_capital: int | None
    prior_sbtr: bool = False


@dataclass
class ProposalFacts:
    """The inputs the eligibility rules look at, possibly only partly filled."""

    category: str | None = None  # 'A' | 'B_PLUS'
    members: list[MemberFacts] = field(default_factory=list)
    site_right: str | None = None  # 'owned' | 'leased' | 'authorized'
    site_right_until: date | None = None
    site_operating: bool = False
    planned_start: date | None = None
    has_loi: bool = False


@dataclass(frozen=True)
class CheckItem:
    """One line of the checklist."""

    key: str
    label: str
    status: Status
    reason: str


@dataclass(frozen=True)
class Eligibility:
    """The whole checklist; eligible only when every item passes."""

    items: list[CheckItem]

    @property
    def eligible(self) -> bool:
        """True when every item passes ('unknown' counts as not eligible)."""
        return bool(self.items) and all(i.status == "pass" for i in self.items)

    def reasons(self) -> list[str]:
        """Reasons of every item that did not pass (fail or unknown), in checklist order."""
        return [i.reason for i in self.items if i.status != "pass"]


def _who(m: MemberFacts, index: int) -> str:
    name = (m.name or "").strip()
    return f"成員「{name}」" if name else f"第 {index + 1} 家成員"


def _sme_item(members: list[MemberFacts], every: bool) -> CheckItem:
    label = "所有成員皆為中小企業" if every else "申請企業為中小企業"
    failing, missing = [], []
    for i, m in enumerate(members):
        try:
            if is_sme(m.paid_in_capital, m.employees):
                continue
        except ValueError:
            missing.append(f"{_who(m, i)}的實收資本額或員工人數為負數，請更正")
            continue
        if m.paid_in_capital is None or m.employees is None:
            missing.append(f"{_who(m, i)}尚未填寫實收資本額或員工人數")
        else:
            failing.append(f"{_who(m, i)}實收資本額逾 1 億元且員工 200 人以上，不符中小企業認定")
    if failing:
        return CheckItem("sme", label, "fail", "；".join(failing))
    if missing:
        return CheckItem("sme", label, "unknown", "；".join(missing))
    if not members:
        return CheckItem("sme", label, "unknown", "請先填寫申請企業資料")
    return CheckItem("sme", label, "pass", "實收資本額 1 億元以下或員工未滿 200 人，符合認定")


def _a_items(members: list[MemberFacts]) -> list[CheckItem]:
    label = "A類限單一企業申請"
    n = len(members)
    if n == 1:
        single = CheckItem("single_enterprise", label, "pass", "由單一企業申請")
    elif n == 0:
        single = CheckItem("single_enterprise", label, "unknown", "請先填寫申請企業資料")
    else:
        single = CheckItem(
            "single_enterprise",
            label,
            "fail",
            f"A類限單一企業申請，目前列了 {n} 家企業；請移除其他成員，或改選 B+類",
        )
    prior = [f"{_who(m, i)}" for i, m in enumerate(members) if m.prior_sbtr]
    label = "未曾獲 SBTR 計畫輔導（含聯合執行企業）"
    if prior:
        reason = f"{'、'.join(prior)}曾獲 SBTR 計畫輔導（含聯合執行企業），不得申請 A類"
        prior_item = CheckItem("no_prior_sbtr", label, "fail", reason)
    elif not members:
        prior_item = CheckItem("no_prior_sbtr", label, "unknown", "請先填寫申請企業資料")
    else:
        prior_item = CheckItem("no_prior_sbtr", label, "pass", "未曾獲 SBTR 計畫輔導")
    return [single, _sme_item(members, every=False), prior_item]


def _unique_ubn_item(members: list[MemberFacts]) -> CheckItem:
    label = "成員統一編號不重複"
    seen: dict[str, list[str]] = defaultdict(list)
    blank = []
    for i, m in enumerate(members):
        ubn = (m.ubn or "").strip()
        if ubn:
            seen[ubn].append(_who(m, i))
        else:
            blank.append(_who(m, i))
    repeats = [
        f"統一編號 {ubn} 重複出現（{'、'.join(who)}），同一家企業只能列一次，請刪除重複的成員"
        for ubn, who in seen.items()
        if len(who) > 1
    ]
    if repeats:
        return CheckItem("unique_ubn", label, "fail", "；".join(repeats))
    if blank:
        return CheckItem("unique_ubn", label, "unknown", f"{'、'.join(blank)}尚未填寫統一編號")
    return CheckItem("unique_ubn", label, "pass", "各成員統一編號皆不相同")


def _b_plus_items(members: list[MemberFacts], has_loi: bool) -> list[CheckItem]:
    n = len(members)
    label = "B+類須 3 家以上企業共同申請"
    if n >= 3:
        count = CheckItem("min_members", label, "pass", f"共 {n} 家企業")
    else:
        reason = f"B+類須由 3 家以上企業共同申請，目前只有 {n} 家，請新增合作企業"
        count = CheckItem("min_members", label, "fail", reason)
    label = "已附合作意向書"
    if has_loi:
        loi = CheckItem("loi", label, "pass", "已上傳合作意向書")
    else:
        loi = CheckItem("loi", label, "fail", "B+類須附合作意向書，請上傳 PDF 檔（10 MB 以內）")
    return [count, _sme_item(members, every=True), _unique_ubn_item(members), loi]


def _site_right_item(p: ProposalFacts) -> CheckItem:
    key, label = "site_right", "場域使用權涵蓋計畫期程"
    if p.site_right == "owned":
        return CheckItem(key, label, "pass", "場域為自有，使用權不受期限限制")
    if p.site_right not in ("leased", "authorized"):
        return CheckItem(key, label, "unknown", "請先選擇場域使用權（自有、租賃或無償使用／授權）")
    if p.planned_start is None:
        return CheckItem(key, label, "unknown", "請先填寫預定開始日期")
    if p.site_right_until is None:
        return CheckItem(key, label, "unknown", "請填寫使用權期限")
    end = plan_end(p.planned_start)
    if p.site_right_until > end:
        reason = f"使用權至 {p.site_right_until.isoformat()}，晚於計畫結束日 {end.isoformat()}"
        return CheckItem(key, label, "pass", reason)
    reason = (
        f"場域使用權期限 {p.site_right_until.isoformat()} 未超過計畫結束日 {end.isoformat()}，"
        "使用權須延續至計畫結束之後，請延長租約或授權期限"
    )
    return CheckItem(key, label, "fail", reason)


def _site_operating_item(p: ProposalFacts) -> CheckItem:
    key, label = "site_operating", "創生場域可實際進入常態性商轉"
    if p.site_operating:
        return CheckItem(key, label, "pass", "場域可常態性商轉")
    reason = "創生場域須可實際進入常態性商轉，確認符合後請勾選此項"
    return CheckItem(key, label, "fail", reason)


def check_eligibility(p: ProposalFacts) -> Eligibility:
    """Run every rule for the proposal's category and return the checklist."""
    if p.category == "A":
        items = _a_items(p.members)
    elif p.category == "B_PLUS":
        items = _b_plus_items(p.members, p.has_loi)
    else:
        reason = "請先選擇申請類別（A類單一企業或 B+類擴大城鄉創生圈）"
        items = [CheckItem("category", "申請類別", "unknown", reason)]
    items += [_site_right_item(p), _site_operating_item(p)]
    return Eligibility(items=items)
