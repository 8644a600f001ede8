"""The registry offer next to the 統一編號 (htmx), and filling the company block from it."""

from flask import Blueprint, abort, current_app, render_template, request, session
from flask_limiter.util import get_remote_address
from flask_login import current_user
from limits import parse

from ..access import access
from ..company.ubn import is_valid_ubn, normalise_ubn
from ..extensions import limiter
from ..forms.registry import form_class
from .lookup import Lookup, look_up, settings_from
from .offer import FILL_BUTTON, FILLABLE, fill_form, fill_values, fills_current_number

bp = Blueprint("registry", __name__, url_prefix="/registry")


@bp.app_template_global()
def registry_offer(form) -> dict | None:
    """The offer beside a form's 統一編號 as the page shows it; None when the feature is off."""
    if not settings_from(current_app.config).enabled or not getattr(form, "form_key", ""):
        return None
    lookup = getattr(form, "registry_lookup", None)
    ubn = normalise_ubn(form.ubn.data or "") if "ubn" in form else ""
    return {
        "lookup": lookup,
        "form_key": form.form_key,
        "fills": getattr(form, "registry_fills", []),
        "filled": [f.label.text for f in getattr(form, "registry_filled", [])],
        "asks_employees": "employees" in form,
        # A page shown again with a valid number asks at once (after the page, never before).
        "ask_on_load": lookup is None and is_valid_ubn(ubn),
    }


@bp.app_template_global()
def registry_asks(ubn: str | None) -> bool:
    """True when the registry is on and `ubn` is a valid 統一編號 to ask it about."""
    return settings_from(current_app.config).enabled and is_valid_ubn(ubn or "")


def _over_limit() -> bool:
    """Anonymous visitors ask the registry a limited number of times per minute per address."""
    if not limiter.enabled or session.get("kiosk") or current_user.is_authenticated:
        return False  # kiosk tablets and staff look up many companies from one address
    item = parse(current_app.config.get("SMEUP_REGISTRY_LIMIT", "30 per minute"))
    return not limiter.limiter.hit(item, "registry", get_remote_address())


def _lookup(ubn: str) -> Lookup:
    if _over_limit():
        return Lookup("unavailable", ubn)  # said quietly, like a registry that is down
    return look_up(ubn, settings_from(current_app.config))


@bp.route("/offer")
@access("public", kiosk=True)
@limiter.exempt
def offer():
    """What the registry says about the typed 統一編號, as an offer to fill the form."""
    cls = form_class(request.args.get("form", ""))
    lookup = _lookup(normalise_ubn(request.args.get("ubn", "")))
    if lookup.state == "invalid":
        lookup = None  # still typing: the field's own check says what is wrong with the number
    offer = {
        "lookup": lookup,
        "form_key": cls.form_key if cls else "",
        "fills": [FILLABLE[n] for n in fill_values(lookup, _field_names(cls))]
        if lookup and cls
        else [],
    }
    return render_template("registry/_offer.html", offer=offer)


@bp.route("/fill/<form_key>", methods=["POST"])
@access("public", kiosk=True)
@limiter.exempt
def fill(form_key: str):
    """Fill the company fields from the registry's answer: the offer and each field partial."""
    cls = form_class(form_key)
    if cls is None:
        abort(404)
    builder = getattr(cls, "inline_kwargs", None)
    form = cls(formdata=request.form, **(builder(request) if builder else {}))
    if not fills_current_number(request.form):
        # An offer left from a number since changed: fill nothing, offer for the number now.
        lookup = _lookup(normalise_ubn(request.form.get("ubn", "")))
        fills = [FILLABLE[n] for n in fill_values(lookup, form._fields)]
        offer = {"lookup": lookup, "form_key": form_key, "fills": fills}
        return render_template("registry/_offer.html", offer=offer)
    lookup = _lookup(normalise_ubn(request.form.get(FILL_BUTTON, "")))
    filled = fill_form(form, fill_values(lookup, form._fields))
    offer = {
        "lookup": lookup,
        "form_key": form_key,
        "filled": [f.label.text for f in filled],
        "asks_employees": "employees" in form,
    }
    return render_template("registry/_filled.html", offer=offer, fields=filled)


def _field_names(cls) -> set[str]:
    """The fillable fields a form class has (a form drops a company field by setting it None)."""
    return {name for name in FILLABLE if getattr(cls, name, None) is not None}


@bp.route("/phone")
@access("agent")
def phone():
    """The registry's answer for the agent's lookup of a 統一編號, with a link to start from it."""
    lookup = _lookup(normalise_ubn(request.args.get("ubn", "")))
    return render_template("registry/_phone.html", lookup=lookup)
