"""SBTR 城鄉創生 proposals, public side: the form, live checklist, rows, upload, drafts, receipt."""

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

from ..access import access
from ..database import write_unit
from ..errors import error_page
from ..extensions import db
from ..forms.prefill import prefill_company_block
from ..intake import current_intake
from ..models import Submission
from ..ratelimits import public_submit_limit
from ..registry.offer import registry_form_action
from ..submission_keys import KEY_REUSED, KeyReused, new_key, valid_key
from . import drafts, page
from .eligibility import check_eligibility
from .formdata import parse_action, prepare
from .forms import MAX_MEMBERS, SbtrForm
from .proposals import store_proposal
from .uploads import check_upload, store_upload, upload_by_token

bp = Blueprint("sbtr", __name__)

STALE_FORM = "這份表單已逾時或不完整，請確認內容後再按一次「送出申請」。"
NOT_ELIGIBLE = "目前尚不符合申請資格，請依下方「資格檢核」標示 ✗ 的項目修正後再送出。"
LOI_MISSING = "B+類須上傳合作意向書（PDF 檔，10 MB 以內）"
DRAFT_GONE = "找不到這份草稿：續填連結可能有誤，或草稿已超過保存期限而刪除。"
# After the swap, so the checklist reads the new rows (the old ones would still be there before).
REFRESH = {"HX-Trigger-After-Settle": "sbtr-refresh"}


def _htmx() -> bool:
    return bool(request.headers.get("HX-Request"))


def _go(url: str):
    """303 for a plain form; htmx gets HX-Redirect so the whole next page loads."""
    if _htmx():
        return "", 200, {"HX-Redirect": url}
    return redirect(url, 303)


@bp.route("/sbtr/", methods=["GET", "POST"])
@access("public", kiosk=True)
@public_submit_limit
def form():
    """The proposal form; POST submits, saves a draft, or adds/removes a member row."""
    if request.method in ("GET", "HEAD"):
        form = SbtrForm(formdata=None)
        form.submission_key.data = new_key()
        prefill_company_block(form, "sbtr")
        return render_template("sbtr/form.html", **page.context(form))
    return _post()


def _post():
    action = parse_action(request.form.get("action"))
    formdata = prepare(request.form, action)
    form = SbtrForm(formdata=formdata)
    upload, loi_error = _take_upload(form)
    draft = drafts.live_draft(form.draft_token.data)
    if registry_form_action(form, request.form):
        return _render(form, 200, upload=upload, loi_error=loi_error, draft=draft)
    if action.kind in ("add_member", "remove_member"):
        focus = page.row_focus(action, form)
        return _render(form, 200, upload=upload, loi_error=loi_error, draft=draft, focus=focus)
    if action.kind == "save_draft":
        return _save_draft(formdata, draft, upload, loi_error)

    errors: list[str] = []
    if not valid_key(form.submission_key.data):
        form.submission_key.data = new_key()
        errors.append(STALE_FORM)
    valid = form.validate()
    b_plus = form.category.data == "B_PLUS"
    if b_plus and upload is None and loi_error is None:
        loi_error = LOI_MISSING
    result = check_eligibility(form.facts(has_loi=b_plus and upload is not None))
    if valid and not errors and loi_error is None:
        if not result.eligible:
            errors.append(NOT_ELIGIBLE)
        else:
            try:
                stored = store_proposal(
                    form, result, upload if b_plus else None, current_intake(), draft and draft.id
                )
            except KeyReused:
                errors.append(KEY_REUSED)
            else:
                return _go(url_for("sbtr.receipt", token=stored.result_token))
    return _render(form, 422, upload=upload, loi_error=loi_error, draft=draft, errors=errors)


def _take_upload(form: SbtrForm):
    """A file sent with the form is checked and stored; else the upload the form refers to."""
    sent = request.files.get("loi_file")
    known = upload_by_token(form.loi_token.data)
    if sent is None or not sent.filename or form.category.data == "A":
        return known, None
    checked = check_upload(sent.stream, sent.filename)
    if checked.error:
        return known, checked.error
    with write_unit():
        upload = store_upload(checked)
    form.loi_token.data = upload.token
    return upload, None


def _save_draft(formdata, draft, upload, loi_error):
    with write_unit():
        draft = drafts.save_draft(
            formdata,
            draft,
            upload,
            current_intake(),
            current_app.config["SMEUP_DRAFT_DAYS"],
        )
    flash("草稿已儲存。請記下或複製下方的續填連結，之後可用任何裝置回來繼續填寫。", "success")
    if loi_error:
        flash(f"合作意向書未儲存：{loi_error}", "error")
    return _go(url_for("sbtr.resume", token=draft.token, saved=1))


def _render(form, status: int, **state):
    """The whole page, or for htmx only the form (its own swap target)."""
    template = "sbtr/_form.html" if _htmx() else "sbtr/form.html"
    return render_template(template, **page.context(form, **state)), status


@bp.route("/sbtr/check", methods=["POST"])
@access("public", kiosk=True)
def check():
    """The live eligibility checklist for what is filled in so far (nothing is stored)."""
    form = SbtrForm(formdata=prepare(request.form))
    upload = upload_by_token(form.loi_token.data)
    return render_template("sbtr/_eligibility.html", **page.checklist(form, upload))


@bp.route("/sbtr/members", methods=["POST"])
@access("public", kiosk=True)
def members():
    """Add or remove a member row in place (htmx); answers the rows partial."""
    action = parse_action(request.form.get("action"))
    form = SbtrForm(formdata=prepare(request.form, action))
    focus = page.row_focus(action, form)
    html = render_template("sbtr/_members.html", form=form, focus=focus, max_members=MAX_MEMBERS)
    return html, 200, REFRESH


@bp.route("/sbtr/loi", methods=["POST"])
@access("public", kiosk=True)
@public_submit_limit
def upload_loi():
    """Take the 合作意向書 as soon as it is chosen (htmx), so it is not sent again each time."""
    form = SbtrForm(formdata=prepare(request.form))
    form.category.data = "B_PLUS"
    upload, error = _take_upload(form)
    if error is None and upload is None:
        error = "請選擇合作意向書 PDF 檔"
    html = render_template("sbtr/_loi.html", upload=upload, loi_error=error)
    return html, (422 if error else 200), REFRESH


@bp.route("/sbtr/draft/<token>")
@access("public", kiosk=True)
def resume(token: str):
    """Fill the form again from a saved draft."""
    draft = drafts.live_draft(token)
    if draft is None:
        return error_page(404, "找不到草稿", DRAFT_GONE)
    form = SbtrForm(formdata=prepare(drafts.draft_formdata(draft)))
    form.submission_key.data = new_key()
    form.draft_token.data = draft.token
    upload = drafts.draft_upload(draft)
    form.loi_token.data = upload.token if upload else ""
    just_saved = request.args.get("saved") == "1"
    context = page.context(form, upload=upload, draft=draft, just_saved=just_saved)
    return render_template("sbtr/form.html", **context)


@bp.route("/sbtr/draft")
@access("public", kiosk=True)
def find_draft():
    """Open a draft from a typed-in resume code (spaces between the groups are fine)."""
    token = "".join((request.args.get("token") or "").split())
    if not token:
        return redirect(url_for("sbtr.form"))
    return redirect(url_for("sbtr.resume", token=token))


@bp.route("/sbtr/r/<token>")
@access("public", kiosk=True)
def receipt(token: str):
    """The receipt: what was submitted and the eligibility result, for whoever holds the link."""
    submission = db.session.scalar(db.select(Submission).filter_by(result_token=token))
    if submission is None or submission.sbtr is None:
        abort(404)
    return render_template("sbtr/receipt.html", submission=submission, proposal=submission.sbtr)


from . import review_views  # noqa: E402, F401 - registers the officer routes on bp
