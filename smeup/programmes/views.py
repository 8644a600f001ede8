"""創新加值導航 web pages: the form (plain POST or htmx) and the result behind an unguessable link."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from ..access import access
from ..database import write_unit
from ..forms.call_drafts import kept_fields, own_draft, save_call_draft
from ..forms.call_note import call_note_error, clean_call_note
from ..forms.prefill import prefill_company_block
from ..intake import current_intake
from ..mail_queue.send_me import SendMeForm, send_me_post
from ..ratelimits import public_submit_limit
from ..registry.offer import registry_form_action
from ..submission_keys import KEY_REUSED, KeyReused, new_key, valid_key
from . import forms as navigator_forms
from .forms import NavigatorForm
from .result import result_view
from .store import find_by_token, store_navigation

bp = Blueprint("navigator", __name__, url_prefix="/navigator")

STALE_FORM = "這份表單已逾時或不完整，請確認內容後再按一次「送出」。"


def _on_the_phone() -> bool:
    """A signed-in staff member (not a kiosk) fills the form for a caller: call note shown."""
    return current_user.is_authenticated and not session.get("kiosk")


@bp.route("/", methods=["GET", "POST"])
@access("public", kiosk=True)
@public_submit_limit
def form():
    """Show the form; on POST validate, judge, store once and go to the result."""
    phone = _on_the_phone()
    if request.method in ("GET", "HEAD"):
        return _new_form(phone)
    form = NavigatorForm()
    draft = own_draft(request.form.get("draft_token"), current_user.id) if phone else None
    if phone and "save_draft" in request.form:
        return _save_draft(draft)
    if registry_form_action(form, request.form):
        # 查詢登記資料 / 帶入 without JavaScript: the form again, not a send
        return _render(form, draft=draft)
    note = clean_call_note(request.form.get("call_note")) if phone else ""
    note_error = call_note_error(note)
    errors: list[str] = []
    key_reused = False
    if not valid_key(form.submission_key.data):
        # A tampered or truncated form: give it a fresh key and let the person send again.
        form.submission_key.data = new_key()
        form.validate()
        errors.append(STALE_FORM)
    elif form.validate() and not note_error:
        today = navigator_forms.taipei_today()
        try:
            stored = store_navigation(
                form.submission_key.data,
                form.navigator_data(),
                current_intake(),
                today,
                note,
                draft,
            )
        except KeyReused:
            key_reused = True
        else:
            return _to_result(stored.result_token)
    context = {"call_note": note, "call_note_error": note_error, "draft": draft}
    return _render(form, errors, key_reused, status=422, **context)


def _new_form(phone: bool):
    """A blank form (company block prefilled when asked), or an agent's resumed entry (?draft=)."""
    if phone and request.args.get("draft"):
        draft = own_draft(request.args["draft"], current_user.id) or abort(404)
        form = NavigatorForm(formdata=MultiDict(draft.data))
        form.submission_key.data = new_key()
        note = clean_call_note((draft.data.get("call_note") or [""])[0])
        return _render(form, call_note=note, draft=draft)
    form = NavigatorForm()
    prefill_company_block(form, "navigator")
    form.submission_key.data = new_key()
    return _render(form)


def _save_draft(draft):
    """儲存未完成: keep what the agent typed, unchecked, in their queue; back to their start page."""
    with write_unit():
        draft = save_call_draft(
            owner_id=current_user.id,
            form_type="navigator",
            fields=kept_fields(request.form.to_dict(flat=False)),
            draft=draft,
            days=current_app.config["SMEUP_DRAFT_DAYS"],
        )
    flash(f"已儲存未完成：{draft.label}", "success")
    url = url_for("phone.start")
    if request.headers.get("HX-Request"):
        return "", 200, {"HX-Redirect": url}
    return redirect(url, 303)


@bp.route("/r/<token>")
@access("public", kiosk=True)
def result(token: str):
    """The verdicts of one pre-screen, for whoever holds its link."""
    submission = find_by_token(token)
    if submission is None or submission.navigator is None:
        abort(404)
    return _result_page(token, submission, SendMeForm())


def _result_page(token: str, submission, send_me: SendMeForm):
    return render_template(
        "navigator/result.html",
        result=result_view(submission),
        send_me=send_me,
        send_me_action=url_for("navigator.mail_result", token=token),
    )


@bp.route("/r/<token>/mail", methods=["POST"])
@access("public")
@public_submit_limit
def mail_result(token: str):
    """寄給我: e-mail this result's link (never its verdicts) to the address typed."""
    submission = find_by_token(token)
    if submission is None or submission.navigator is None:
        abort(404)
    return send_me_post(
        "navigator",
        token,
        submission.id,
        "navigator.result",
        lambda form: _result_page(token, submission, form),
    )


def _to_result(token: str):
    """303 to the result page; htmx gets HX-Redirect so the whole page (and its CSS) loads."""
    url = url_for("navigator.result", token=token)
    if request.headers.get("HX-Request"):
        return "", 200, {"HX-Redirect": url}
    return redirect(url, 303)


def _render(form: NavigatorForm, errors=(), key_reused: bool = False, status=200, **context):
    """The form with every error and typed value: the partial for htmx, else the whole page."""
    partial = request.method == "POST" and request.headers.get("HX-Request")
    template = "navigator/_navigator_form.html" if partial else "navigator/form.html"
    context = {
        "errors": errors,
        "key_reused": key_reused,
        "key_message": KEY_REUSED,
        "phone_entry": _on_the_phone(),
        **context,
    }
    return render_template(template, form=form, **context), status
