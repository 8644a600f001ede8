"""?prefill=<submission id> on the public forms: staff on the phone start from a stored company block."""

from flask import request, session
from flask_login import current_user

from ..extensions import db
from ..models import Submission
from .lookup import prefill_data


def prefill_company_block(form) -> None:
    """Fill the company fields `form` has from ?prefill=, for signed-in staff only; never consent."""
    submission_id = request.args.get("prefill", type=int)
    # Anyone else (or a kiosk) ignores the argument: a public form must not show a stored company.
    if not submission_id or not _staff_on_the_phone():
        return
    source = db.session.get(Submission, submission_id)
    if source is None:
        return
    for name, value in prefill_data(source).items():
        if name in form:
            form[name].data = value


def _staff_on_the_phone() -> bool:
    if session.get("kiosk") or not current_user.is_authenticated:
        return False
    return current_user.has_role("agent")
