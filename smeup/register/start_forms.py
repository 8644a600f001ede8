"""Start any form for a company from its page, prefilled with its latest company block.

The links carry the signed prefill reference of forms/prefill.py (this officer, that
submission, an hour), the one the phone lookup uses; each form's own view reads it (audited).
The register names the forms by endpoint only: it imports no feature room.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, url_for

from ..extensions import db
from ..forms.prefill import prefill_reference
from ..models.register import Company
from ..models.surveys import Survey
from .profile import latest_submission

# The forms that read ?prefill= (staff only), in the order the phone lookup offers them.
NETZERO = ("phone.netzero", "淨零健檢（代填）")
COURSE = ("surveys.respond", "課程意願調查")
OTHERS = (("sbtr.form", "SBTR 城鄉創生提案"), ("navigator.form", "補助與獎勵導航"))


@dataclass(frozen=True)
class StartLink:
    """One form to start for the company: its title and the prefilled address."""

    title: str
    url: str


@dataclass(frozen=True)
class StartForms:
    """The links, and the submission whose company block they bring (its date is shown)."""

    source: object
    links: list[StartLink]


def start_forms(company: Company, user) -> StartForms | None:
    """Each form this app serves, prefilled from the company's latest submission (None when
    the company has none linked, e.g. all merged away)."""
    source = latest_submission(company)
    if source is None:
        return None
    token = prefill_reference(source.id, user.id)
    views = current_app.view_functions
    links = []
    if NETZERO[0] in views:
        links.append(StartLink(NETZERO[1], url_for(NETZERO[0], prefill=token)))
    if COURSE[0] in views:
        surveys = db.session.scalars(
            db.select(Survey).where(Survey.is_open.is_(True)).order_by(Survey.id)
        )
        for survey in surveys:
            url = url_for(COURSE[0], survey_id=survey.id, prefill=token)
            links.append(StartLink(f"{COURSE[1]}：{survey.title}", url))
    for endpoint, title in OTHERS:
        if endpoint in views:
            links.append(StartLink(title, url_for(endpoint, prefill=token)))
    return StartForms(source, links)
