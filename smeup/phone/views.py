"""Call-centre entry: the agent's start page, company lookup, the phone net-zero entry, drafts."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from ..access import access
from ..database import write_unit
from ..extensions import db
from ..forms.call_drafts import kept_fields, own_draft, own_drafts, save_call_draft
from ..forms.call_note import call_note_error, clean_call_note
from ..forms.call_stores import store_call
from ..forms.catalogue import FORM_TITLES, open_forms
from ..forms.prefill import prefill_data, prefill_reference, prefill_source
from ..forms.registry import form_class
from ..intake import current_intake
from ..registry.offer import registry_form_action, registry_prefill
from ..submission_keys import KEY_REUSED, KeyReused, new_key, valid_key
from .lookup import clean_query, find_companies, open_surveys

bp = Blueprint("phone", __name__, url_prefix="/phone")

# The 淨零健檢 belongs to the net-zero room: its form class and phone store are registered
# under this key (forms/registry.py, forms/call_stores.py), so this room never imports it.
NETZERO = "netzero"
STALE_FORM = "這份表單已逾時或不完整，請確認內容後再按一次「送出」。"
# Where each form is entered on the phone; forms without their own phone page use the public one.
ENTRY = {"netzero": "phone.netzero"}
# How an unfinished entry of each form is resumed: (endpoint, name of its token argument).
RESUME = {
    "netzero": ("phone.netzero", "draft"),
    "navigator": ("navigator.form", "draft"),
    "sbtr": ("sbtr.resume", "token"),
}


@bp.route("/")
@access("agent")
def start():
    """The forms, the company lookup, and this agent's unfinished entries."""
    query = clean_query(request.args.get("q"))
    forms = open_forms(list(FORM_TITLES))
    for item in forms:
        if item["key"] in ENTRY:
            item["url"] = url_for(ENTRY[item["key"]])
    return render_template(
        "phone/start.html",
        forms=forms,
        drafts=[(draft, _resume_url(draft)) for draft in own_drafts(current_user.id)],
        titles=FORM_TITLES,
        **_lookup_context(query),
    )


@bp.route("/lookup")
@access("agent")
def lookup():
    """Active search: companies by 統一編號 prefix or part of the name (the results partial)."""
    query = clean_query(request.args.get("q"))
    return render_template("phone/_lookup_results.html", **_lookup_context(query))


def _lookup_context(query: str) -> dict:
    """The companies found, the open surveys, and the prefill reference of each company's links."""
    companies = find_companies(query) if query else []
    return {
        "query": query,
        "companies": companies,
        "surveys": open_surveys() if companies else [],
        "prefill": {s.id: prefill_reference(s.id, current_user.id) for s in companies},
    }


@bp.route("/netzero", methods=["GET", "POST"])
@access("agent")
def netzero():
    """淨零健檢 on the caller's behalf: prefilled, resumable, with a call note."""
    if request.method in ("GET", "HEAD"):
        return _new_entry()
    draft = own_draft(request.form.get("draft_token"), current_user.id)
    form = _netzero_form()
    note = clean_call_note(request.form.get("call_note"))
    if "save_draft" in request.form:
        with write_unit():
            draft = save_call_draft(
                owner_id=current_user.id,
                form_type=NETZERO,
                fields=kept_fields(request.form.to_dict(flat=False)),
                draft=draft,
                days=current_app.config["SMEUP_DRAFT_DAYS"],
            )
        flash(f"已儲存未完成：{draft.label}", "success")
        return _go(url_for("phone.start"))

    if registry_form_action(form, request.form):
        return _entry_page(form, note, draft)
    errors: list[str] = []
    key_reused = False
    note_error = call_note_error(note)
    if not valid_key(form.submission_key.data):
        form.submission_key.data = new_key()
        form.validate()
        errors.append(STALE_FORM)
    elif form.validate() and not note_error:
        try:
            stored = store_call(
                NETZERO,
                form.submission_key.data,
                form.netzero_data(),
                current_intake(),
                note,
                draft,
            )
        except KeyReused:
            key_reused = True
        else:
            return _go(url_for("netzero.result", token=stored.result_token))
    context = {"errors": errors, "key_reused": key_reused, "call_note_error": note_error}
    return _entry_page(form, note, draft, status=422, **context)


@bp.route("/drafts/<token>/delete", methods=["POST"])
@access("agent")
def delete_draft(token: str):
    """Delete one of this agent's unfinished entries."""
    draft = own_draft(token, current_user.id) or abort(404)
    label = draft.label
    with write_unit():
        db.session.delete(draft)
    flash(f"已刪除未完成：{label}", "success")
    return redirect(url_for("phone.start"), 303)


def _resume_url(draft) -> str | None:
    """Where the agent continues an unfinished entry (SBTR drafts resume in the SBTR form)."""
    endpoint, argument = RESUME.get(draft.form_type, (None, None))
    if endpoint not in current_app.view_functions:
        return None
    return url_for(endpoint, **{argument: draft.token})


def _new_entry():
    """A fresh entry, one resumed from a draft (?draft=), or prefilled from a company (?prefill=)."""
    note, draft, source = "", None, None
    if request.args.get("draft"):
        draft = own_draft(request.args["draft"], current_user.id) or abort(404)
        form = _netzero_form(formdata=MultiDict(draft.data))
        note = clean_call_note((draft.data.get("call_note") or [""])[0])
    elif request.args.get("registry"):
        # The agent chose the registry's answer in the lookup: start from it (the cache has it).
        form = _netzero_form(data=registry_prefill(request.args["registry"], form_class(NETZERO)))
    elif request.args.get("prefill"):
        # Only a company this agent's lookup showed them (or any, for an officer); audited.
        source = prefill_source(NETZERO) or abort(404)
        form = _netzero_form(data=prefill_data(source))
    else:
        form = _netzero_form()
    form.submission_key.data = new_key()
    return _entry_page(form, note, draft, source=source)


def _netzero_form(**kwargs):
    """The 淨零健檢 form, of the class the net-zero room registered."""
    return form_class(NETZERO)(**kwargs)


def _entry_page(form, note, draft, *, status=200, source=None, **context):
    """The phone entry page, or just the form partial for an htmx re-render."""
    context = {
        "form": form,
        "form_action": url_for("phone.netzero"),
        "phone_entry": True,
        "call_note": note,
        "draft": draft,
        "source": source,
        "key_message": KEY_REUSED,
        "errors": [],
        "key_reused": False,
        **context,
    }
    partial = request.method == "POST" and request.headers.get("HX-Request")
    template = "netzero/_netzero_form.html" if partial else "phone/netzero.html"
    return render_template(template, **context), status


def _go(url: str):
    """303 for a plain form post; htmx gets HX-Redirect so the whole page loads."""
    if request.headers.get("HX-Request"):
        return "", 200, {"HX-Redirect": url}
    return redirect(url, 303)
