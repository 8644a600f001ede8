"""?prefill= on the phone and public forms: staff on the phone start from a stored company block.

An agent may prefill only a company their own lookup just showed them: each lookup result links
with a prefill reference, signed with the app's key, naming the submission and the agent, and
good for PREFILL_SECONDS. A bare submission id is refused for agents (walking ids would read every
company's unmasked block); officers, who may open any submission in the console, may still use
one. Every prefill is written to the audit log.
"""

from flask import current_app, request, session
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ..audit import record
from ..company.phone import format_phone
from ..database import write_unit
from ..extensions import db
from ..ids import parse_id
from ..models import Submission
from .company import COMPANY_FIELDS

# Long enough to finish a call that started with the lookup, short enough that a copied link dies.
PREFILL_SECONDS = 60 * 60
# The company block without consent: consent is asked again on every call.
PREFILL_FIELDS = tuple(name for name in COMPANY_FIELDS if name != "consent")
_SALT = "smeup.phone.prefill"  # named when this lived in phone/: links already made stay good


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def prefill_reference(submission_id: int, user_id: int) -> str:
    """The signed, short-lived reference a lookup result links with (this user, this row)."""
    return _serializer().dumps([submission_id, user_id])


def prefill_source(form_key: str) -> Submission | None:
    """The submission ?prefill= names, when this user may start from it (audited); else None."""
    raw = request.args.get("prefill")
    if not raw or not _staff_on_the_phone():
        return None
    submission_id = _allowed_id(raw[:200])
    source = db.session.get(Submission, submission_id) if submission_id else None
    if source is None:
        return None
    with write_unit():
        record("prefill", submission_id=source.id, form_type=source.form_type, into=form_key)
    return source


def prefill_company_block(form, form_key: str) -> None:
    """Fill the company fields `form` has from ?prefill=, for staff it allows; never consent."""
    source = prefill_source(form_key)
    if source is None:
        return  # anyone else (or a kiosk) gets the blank form: it must not show a stored company
    for name, value in prefill_data(source).items():
        if name in form:
            form[name].data = value


def _allowed_id(raw: str) -> int | None:
    """The submission id in a reference issued to this user, or a bare id from an officer."""
    try:
        submission_id, user_id = _serializer().loads(raw, max_age=PREFILL_SECONDS)
    except (BadSignature, TypeError, ValueError):
        return parse_id(raw) if current_user.has_role("officer") else None
    if user_id != current_user.id or not isinstance(submission_id, int):
        return None
    return submission_id


def _staff_on_the_phone() -> bool:
    if session.get("kiosk") or not current_user.is_authenticated:
        return False
    return current_user.has_role("agent")


def prefill_data(submission: Submission) -> dict:
    """The company block of `submission` as form data; consent is asked again on every call."""
    data = {name: getattr(submission, name) for name in PREFILL_FIELDS}
    if data["contact_phone"]:
        data["contact_phone"] = format_phone(data["contact_phone"])
    return data
