"""The submission forms by kind: their keys, the label every list shows, each one's officer page."""

from flask import current_app, url_for

FORM_TYPES = ("netzero", "course", "sbtr", "navigator")
FORM_LABELS = {
    "netzero": "淨零健檢",
    "course": "課程意願調查",
    "sbtr": "SBTR 城鄉創生",
    "navigator": "補助與獎勵導航",
}

# The SBTR feature's own officer page (with its eligibility review) is where proposals are read.
SBTR_REVIEW = "sbtr.review_detail"


def detail_endpoint(form_type: str) -> str:
    """The endpoint that shows one submission of this form (SBTR has its own review page)."""
    if form_type == "sbtr" and SBTR_REVIEW in current_app.view_functions:
        return SBTR_REVIEW
    return "console.detail"


def detail_url(form_type: str, submission_id: int) -> str:
    """The URL of one submission's officer page."""
    endpoint = detail_endpoint(form_type)
    if endpoint == "console.detail":
        return url_for(endpoint, form_type=form_type, submission_id=submission_id)
    return url_for(endpoint, submission_id=submission_id)
