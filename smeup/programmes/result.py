"""What the navigator result page shows, read from the STORED verdicts and sentences."""

import re
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app, url_for

from ..models import Submission
from .rules import VERDICTS
from .table import RULES_VERSION, table

VERDICT_CLASSES = {"符合": "fits", "可能符合": "may-fit", "不符合": "no-fit"}
# Results stored before the 2026-12-07 wording carry markers an owner should not read
# (programmes.md): shown reworded, the stored sentences untouched.
OLD_WORDING = (
    (
        re.compile(r"地方政府與中央配合比例 (1:\d)（需確認）"),
        r"地方政府與中央配合比例依各縣市公告（計畫簡介所列為 \1）",
    ),
    (re.compile(r"（計畫簡介所載一期於 112 年 9 月開放）"), ""),
    (re.compile(r"以確認（需確認）"), "，以確認是否符合"),
    (re.compile(r"（需確認）"), "（請向主辦單位確認）"),
)


def reworded(text: str) -> str:
    """A stored sentence as the page shows it today (old unconfirmed markers reworded)."""
    for pattern, replacement in OLD_WORDING:
        text = pattern.sub(replacement, text)
    return text


@dataclass(frozen=True)
class ProgrammeView:
    """One programme card: its verdict, the sentences that decided it, amount, contacts."""

    key: str
    name: str
    verdict: str
    verdict_class: str
    deciding: tuple[str, ...]
    amount: str
    details: tuple[str, ...]
    contacts: tuple[tuple[str, str], ...]
    site: str


@dataclass(frozen=True)
class AlsoOffered:
    """Another programme the ticked needs point to, with its link."""

    title: str
    text: str
    url: str | None


@dataclass(frozen=True)
class ResultView:
    """Everything navigator/_result_body.html shows."""

    company_name: str
    submitted_at: datetime
    judged_on: date
    programmes: tuple[ProgrammeView, ...]
    also: tuple[AlsoOffered, ...]
    rules_version: str
    rules_basis: str
    notice: str
    statement: str


def _programme(item: dict) -> ProgrammeView:
    return ProgrammeView(
        key=item["key"],
        name=item["name"],
        verdict=item["verdict"],
        verdict_class=VERDICT_CLASSES.get(item["verdict"], "may-fit"),
        deciding=tuple(reworded(t) for t in item["deciding"]),
        amount=reworded(item.get("amount") or ""),
        details=tuple(reworded(d) for d in item.get("details") or ()),
        contacts=tuple(tuple(c) for c in item.get("contacts") or ()),
        site=item.get("site") or "",
    )


def _also(key: str, employees: int | None) -> AlsoOffered | None:
    spec = table()["also"].get(key)
    if spec is None:
        return None
    endpoint = spec["endpoint"]
    url = url_for(endpoint) if endpoint in current_app.view_functions else None
    text = spec["text"]
    limit = spec.get("employees_max")
    if limit is not None and employees is not None and employees > limit:
        # Said, not hidden: the person asked for digital tools and may still find the courses useful.
        text += f"（貴公司員工 {employees:,} 人，超過 {limit} 人，是否適用請向主辦單位確認。）"
    return AlsoOffered(spec["title"], text, url)


def result_view(submission: Submission) -> ResultView:
    """The result page's content; programmes that fit first, then those that may, then the rest."""
    check = submission.navigator
    programmes = sorted(
        (_programme(item) for item in check.programmes), key=lambda p: VERDICTS.index(p.verdict)
    )
    return ResultView(
        company_name=submission.company_name,
        submitted_at=submission.submitted_at,
        judged_on=check.judged_on,
        programmes=tuple(programmes),
        also=tuple(
            a for a in (_also(key, submission.employees) for key in check.also) if a is not None
        ),
        rules_version=check.rules_version,
        # The date of the rules, for public pages; the id (innovation-2026) is for staff only.
        rules_basis=table()["basis"] if check.rules_version == RULES_VERSION else "",
        notice=table()["notice"],
        statement=table()["statement"],
    )
