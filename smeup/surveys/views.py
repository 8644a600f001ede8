"""Public course-preference surveys: the list, the response form (plain POST or htmx), receipts."""

from flask import Blueprint, abort, redirect, render_template, request, url_for

from ..access import access
from ..extensions import db
from ..forms.offline_forms import NO_CSRF, OfflineForm, offline_form
from ..forms.prefill import prefill_company_block
from ..intake import current_intake
from ..models.surveys import Survey
from ..ratelimits import public_submit_limit
from ..registry.offer import registry_form_action
from ..submission_keys import KEY_REUSED, KeyReused, new_key, valid_key
from .forms import CourseForm, course_form_class
from .responses import CourseAnswer, ranked_labels, response_by_token, store_response

bp = Blueprint("surveys", __name__, url_prefix="/surveys")

STALE_FORM = "這份表單已逾時或不完整，請確認內容後再按一次「送出」。"


@bp.route("/")
@access("public", kiosk=True)
def index():
    """The surveys open for answers."""
    surveys = db.session.scalars(
        db.select(Survey).where(Survey.is_open.is_(True)).order_by(Survey.id)
    ).all()
    return render_template("surveys/index.html", surveys=surveys)


@bp.route("/<int:survey_id>", methods=["GET", "POST"])
@access("public", kiosk=True)
@public_submit_limit
def respond(survey_id: int):
    """Show the ranking form; store a valid response once and send the person to its receipt."""
    survey = db.get_or_404(Survey, survey_id)
    if not survey.is_open:
        return render_template("surveys/closed.html", survey=survey), 410
    form = course_form_class(survey)()
    # Flask runs this view for HEAD too (method "HEAD"): a read, never a submission.
    if request.method in ("GET", "HEAD"):
        form.submission_key.data = new_key()
        prefill_company_block(form, "course")
        return render_template("surveys/respond.html", survey=survey, form=form)

    if registry_form_action(form, request.form):
        return render_template("surveys/respond.html", survey=survey, form=form)
    errors: list[str] = []
    key_reused = False
    if not valid_key(form.submission_key.data):
        # A tampered or truncated form: give it a fresh key and let the person send again.
        form.submission_key.data = new_key()
        form.validate()
        errors.append(STALE_FORM)
    elif form.validate():
        try:
            stored = store_response(
                survey, answer_of(form), form.submission_key.data, current_intake()
            )
        except KeyReused:
            key_reused = True
        else:
            return _to_confirmation(stored.result_token)
    return _form_again(survey, form, errors, key_reused)


@bp.route("/r/<token>")
@access("public", kiosk=True)
def confirmation(token: str):
    """The person's own receipt: what they ranked, in order."""
    response = response_by_token(token)
    if response is None:
        abort(404)
    return render_template(
        "surveys/confirmation.html", response=response, ranked=ranked_labels(response)
    )


@offline_form("surveys.respond")
def offline_response(args, formdata) -> OfflineForm | None:
    """A course survey's answers as a kiosk's offline outbox delivers them (outbox/delivery.py);
    None for a survey that no longer exists."""
    survey = db.session.get(Survey, args["survey_id"])
    if survey is None:
        return None
    form = course_form_class(survey)(formdata=formdata, meta=NO_CSRF)
    return OfflineForm(
        form,
        "course",
        lambda key, intake: store_response(survey, answer_of(form), key, intake),
        survey,
    )


def answer_of(form: CourseForm) -> CourseAnswer:
    """The cleaned answer of a validated course form."""
    location = form["location"].data if "location" in form else None
    return CourseAnswer(company=form.company_data(), location=location, codes=form.ranked_codes)


def _to_confirmation(token: str):
    """303 to the receipt; htmx gets HX-Redirect so the whole page loads."""
    url = url_for("surveys.confirmation", token=token)
    if request.headers.get("HX-Request"):
        return "", 200, {"HX-Redirect": url}
    return redirect(url, 303)


def _form_again(survey: Survey, form: CourseForm, errors: list[str], key_reused: bool):
    """422 with every error and every typed value: the partial for htmx, else the page."""
    context = {
        "survey": survey,
        "form": form,
        "errors": errors,
        "key_reused": key_reused,
        "key_message": KEY_REUSED,
    }
    htmx = request.headers.get("HX-Request")
    template = "surveys/_course_form.html" if htmx else "surveys/respond.html"
    return render_template(template, **context), 422
