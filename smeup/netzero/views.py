"""淨零健檢 web pages: the form (plain POST or htmx) and the result behind an unguessable link."""

from flask import Blueprint, abort, redirect, render_template, request, url_for

from .. import page_cache
from ..access import access
from ..forms.offline_forms import NO_CSRF, OfflineForm, offline_form
from ..intake import current_intake
from ..mail_queue.send_me import SendMeForm, send_me_post
from ..ratelimits import public_submit_limit
from ..registry.offer import registry_form_action
from ..submission_keys import KEY_REUSED, KeyReused, new_key, valid_key
from .forms import NetzeroForm
from .store import find_by_token, result_view, store_check

bp = Blueprint("netzero", __name__, url_prefix="/netzero")

STALE_FORM = "這份表單已逾時或不完整，請確認內容後再按一次「送出」。"


@bp.route("/", methods=["GET", "POST"])
@access("public", kiosk=True)
@public_submit_limit
def form():
    """Show the form; on POST validate, assess, store once and go to the result."""
    if page_cache.cacheable():
        return page_cache.blank_page("netzero.form", _blank)
    form = NetzeroForm()
    # Flask runs this view for HEAD too (method "HEAD"): a read, never a submission.
    if request.method in ("GET", "HEAD"):
        form.submission_key.data = new_key()
        return _render(form)

    if registry_form_action(form, request.form):
        return _render(form)
    errors: list[str] = []
    key_reused = False
    if not valid_key(form.submission_key.data):
        # A tampered or truncated form: give it a fresh key and let the person send again.
        form.submission_key.data = new_key()
        form.validate()
        errors.append(STALE_FORM)
    elif form.validate():
        try:
            stored = store_check(form.submission_key.data, form.netzero_data(), current_intake())
        except KeyReused:
            key_reused = True
        else:
            return _to_result(stored.result_token)
    return _render(form, errors, key_reused, status=422)


@bp.route("/r/<token>")
@access("public", kiosk=True)
def result(token: str):
    """The result of one check, for whoever holds its link."""
    submission = find_by_token(token)
    if submission is None or submission.netzero is None:
        abort(404)
    return _result_page(token, submission, SendMeForm())


def _result_page(token: str, submission, send_me: SendMeForm):
    # public_result: the rule and factor version ids stay on the officers' detail page.
    return render_template(
        "netzero/result.html",
        result=result_view(submission),
        public_result=True,
        send_me=send_me,
        send_me_action=url_for("netzero.mail_result", token=token),
    )


@bp.route("/r/<token>/mail", methods=["POST"])
@access("public")
@public_submit_limit
def mail_result(token: str):
    """寄給我: e-mail this result's link (never its figures) to the address typed."""
    submission = find_by_token(token)
    if submission is None or submission.netzero is None:
        abort(404)
    return send_me_post(
        "netzero",
        token,
        submission.id,
        "netzero.result",
        lambda form: _result_page(token, submission, form),
    )


@offline_form("netzero.form")
def offline_check(args, formdata) -> OfflineForm:
    """The check as a kiosk's offline outbox delivers it (outbox/delivery.py)."""
    check = NetzeroForm(formdata=formdata, meta=NO_CSRF)
    return OfflineForm(
        check, "netzero", lambda key, intake: store_check(key, check.netzero_data(), intake)
    )


def _blank(key: str) -> str:
    """The blank form page with this submission key (drawn once per process, page_cache)."""
    form = NetzeroForm()
    form.submission_key.data = key
    return _render(form)[0]


def _to_result(token: str):
    """303 to the result page; htmx gets HX-Redirect so the whole page (and its CSS) loads."""
    url = url_for("netzero.result", token=token)
    if request.headers.get("HX-Request"):
        return "", 200, {"HX-Redirect": url}
    return redirect(url, 303)


def _render(form: NetzeroForm, errors=(), key_reused: bool = False, status: int = 200):
    """The form with every error and typed value: the partial for htmx, else the whole page."""
    partial = request.method == "POST" and request.headers.get("HX-Request")
    template = "netzero/_netzero_form.html" if partial else "netzero/form.html"
    context = {"errors": errors, "key_reused": key_reused, "key_message": KEY_REUSED}
    return render_template(template, form=form, **context), status
