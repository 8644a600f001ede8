"""The public home page, /healthz, and the one inline-validation endpoint every form uses."""

from flask import Blueprint, abort, render_template, request

from ..access import access
from ..database import database_answers
from ..extensions import limiter
from ..forms.registry import form_class
from .public_forms import public_forms

bp = Blueprint("main", __name__)


@bp.route("/")
@access("public", kiosk=True)
def home():
    """The list of open public forms."""
    return render_template("main/home.html", public_forms=public_forms())


@bp.route("/healthz")
@access("public")
@limiter.exempt
def healthz():
    """200 when the database answers, 503 otherwise."""
    if not database_answers():
        return {"status": "unavailable", "database": "down"}, 503
    return {"status": "ok", "database": "up"}


@bp.route("/validate/<form_key>/<name>", methods=["POST"])
@access("public", kiosk=True)
@limiter.exempt
def validate_field(form_key: str, name: str):
    """Re-check one field of a registered form and answer with that field's partial."""
    cls = form_class(form_key)
    if cls is None:
        abort(404)
    form = cls(formdata=request.form, **_form_kwargs(cls))
    field = form._fields.get(name)
    if field is None or name in ("csrf_token", "submission_key"):
        abort(404)
    # WTForms calls inline validators as validator(form, field): take the plain function.
    inline = getattr(type(form), f"validate_{name}", None)
    extra = [inline] if inline else []
    field.validate(form, extra)
    return render_template("macros/_field.html", f=field)


def _form_kwargs(cls) -> dict:
    """Forms that need context (a survey's options...) say so with `inline_kwargs`."""
    builder = getattr(cls, "inline_kwargs", None)
    return builder(request) if builder else {}
