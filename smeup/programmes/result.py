"""What the navigator result page shows, read from the STORED verdicts and sentences."""

from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app, url_for

from ..models import Submission
from .rules import VERDICTS
from .table import table

VERDICT_CLASSES = {"符合": "fits", "可能符合": "may-fit", "不符合": "no-fit"}


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
    notice: str
    statement: str


def _programme(item: dict) -> ProgrammeView:
    return ProgrammeView(
        key=item["key"],
        name=item["name"],
        verdict=item["verdict"],
        verdict_class=VERDICT_CLASSES.get(item["verdict"], "may-fit"),
        deciding=tuple(item["deciding"]),
        amount=item.get("amount") or "",
        details=tuple(item.get("details") or ()),
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
        text += f"（貴公司員工 {employees:,} 人，超過 {limit} 人，是否適用需確認。）"
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
        notice=table()["notice"],
        statement=table()["statement"],
    )
