"""Storing a navigator pre-screen once, and reading a stored one back for its result page."""

from collections.abc import Mapping
from dataclasses import asdict
from datetime import date
from typing import Any

from ..clock import to_taipei
from ..extensions import db
from ..forms.company import COMPANY_FIELDS
from ..intake import Intake
from ..models import Draft, Submission
from ..models.navigator import NavigatorCheck
from ..registry.lookup import cached_answer
from ..submissions import Stored, store_once
from .exclusions import RegistryStatus
from .forms import QUESTION_FIELDS
from .rules import PROGRAMMES, Navigation, navigate

FORM_TYPE = "navigator"


def store_navigation(
    key: str,
    data: Mapping[str, Any],
    intake: Intake,
    today: date,
    call_note: str = "",
    draft: Draft | None = None,
) -> Stored:
    """Judge the cleaned answers as of `today` and store them under `key` (once); an agent's
    resumed unfinished entry is deleted in the same transaction."""

    check = build_check(data, today)  # judged before the write unit: no lock needed

    def build() -> Submission:
        submission = Submission(
            **intake.envelope(FORM_TYPE),
            call_note=call_note or None,
            **{name: data[name] for name in COMPANY_FIELDS},
        )
        submission.navigator = check
        if draft is not None:
            db.session.delete(draft)
        return submission

    return store_once(key, {**data, "call_note": call_note}, build)


def registry_status(ubn: str | None) -> RegistryStatus | None:
    """What the kept registry answer for `ubn` says (the form's 查詢登記資料 keeps it); None
    when no answer is kept, or the registry has no such company. Never asks the registry."""
    answer = cached_answer(ubn) if ubn else None
    if answer is None or not answer.found or not answer.status:
        return None
    asked_on = to_taipei(answer.fetched_at).date()
    return RegistryStatus(answer.status, bool(answer.dissolved), asked_on)


def build_check(data: Mapping[str, Any], today: date) -> NavigatorCheck:
    """A NavigatorCheck row holding the answers and their verdicts, judged now (with the
    registry's kept status for the 統一編號, when there is one)."""
    navigation = navigate(data, today, registry_status(data.get("ubn")))
    return NavigatorCheck(
        **{name: data[name] for name in QUESTION_FIELDS},
        **{key: navigation.verdict(key) for key in PROGRAMMES},
        **record(navigation),
        judged_on=today,
    )


def record(navigation: Navigation) -> dict[str, Any]:
    """The navigation as JSON-ready values, so a later table never rewrites the result."""
    programmes = []
    for p in navigation.programmes:
        item = asdict(p)
        item["deciding"] = [r.text for r in p.deciding]
        programmes.append(item)
    return {
        "programmes": programmes,
        "also": list(navigation.also),
        "rules_version": navigation.rules_version,
    }


def find_by_token(token: str) -> Submission | None:
    """The navigator submission behind a result link, or None."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(
        db.select(Submission).filter_by(result_token=token, form_type=FORM_TYPE)
    )
