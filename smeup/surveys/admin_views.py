"""Officers' survey pages: the list, the editor (new and edit) and the results."""

from flask import Blueprint, flash, redirect, render_template, request, url_for

from ..access import access
from ..audit import record
from ..database import write_unit
from ..extensions import db
from ..models.surveys import CourseResponse, Survey
from ..reference.sites import active_site_names
from .admin_forms import SurveyForm, option_rows, rearrange, with_rows
from .chart import bar_chart
from .definitions import apply_definition, check_definition, survey_usage
from .results import clean_filter, filter_choices, survey_results

bp = Blueprint("survey_admin", __name__, url_prefix="/console/surveys")


@bp.route("/")
@access("officer")
def index():
    """Every survey with its state and number of responses."""
    surveys = db.session.scalars(db.select(Survey).order_by(Survey.id.desc())).all()
    counts = dict(
        db.session.execute(
            db.select(CourseResponse.survey_id, db.func.count()).group_by(CourseResponse.survey_id)
        ).all()
    )
    return render_template("survey_admin/index.html", surveys=surveys, counts=counts)


@bp.route("/new", methods=["GET", "POST"])
@access("officer")
def new():
    """Define a new survey."""
    return _editor(None)


@bp.route("/<int:survey_id>/edit", methods=["GET", "POST"])
@access("officer")
def edit(survey_id: int):
    """Change a survey; options that responses use can be hidden, never deleted or recoded."""
    return _editor(db.get_or_404(Survey, survey_id))


@bp.route("/<int:survey_id>/results")
@access("officer")
def results(survey_id: int):
    """Scores per option, filterable by location and event, as a chart and a table."""
    survey = db.get_or_404(Survey, survey_id)
    chosen = clean_filter(survey, request.args.get("location", ""), request.args.get("event", ""))
    scores = survey_results(survey, chosen)
    locations, events = filter_choices(survey)
    context = {
        "survey": survey,
        "chosen": chosen,
        "scores": scores,
        "chart": bar_chart([(s.label, s.borda) for s in scores]),
        "hidden_codes": {o.code for o in survey.options if o.hidden},
        "locations": locations,
        "events": events,
    }
    if request.headers.get("HX-Request"):
        return render_template("survey_admin/_results.html", **context)
    return render_template("survey_admin/results.html", **context)


def _editor(survey: Survey | None):
    """The editor for a new (None) or stored survey: row actions re-render, save stores."""
    usage = survey_usage(survey.id if survey else None)
    stored = {o.id: o for o in survey.options} if survey else {}
    used_ids = {str(o.id) for o in stored.values() if o.code in usage.codes}
    action = request.form.get("action", "save")
    errors: list[str] = []

    if request.method in ("GET", "HEAD"):
        form = SurveyForm(formdata=None, data=_initial_data(survey))
    elif action != "save":
        rows = rearrange(option_rows(request.form), action, used_ids)
        form = SurveyForm(formdata=with_rows(request.form, rows))
    else:
        form = SurveyForm()
        if form.validate():
            definition = form.definition()
            problems = check_definition(definition, stored, usage)
            if not problems:
                return _save(survey, definition)
            errors = form.add_errors(problems)
        errors = errors or ["請修正標示的欄位後再儲存。"]
    form.lock_used(used_ids)
    context = {"form": form, "survey": survey, "used_ids": used_ids, "usage": usage}
    if request.headers.get("HX-Request") and action != "save":
        return render_template("survey_admin/_option_rows.html", **context)
    status = 422 if request.method == "POST" and action == "save" else 200
    return render_template("survey_admin/edit.html", errors=errors, **context), status


def _save(survey: Survey | None, definition):
    """Store the checked definition with an audit entry, then go back to the list."""
    created = survey is None
    with write_unit():
        survey = survey or Survey()
        apply_definition(survey, definition)
        record(
            "survey_create" if created else "survey_update",
            survey_id=survey.id,
            title=survey.title,
            is_open=survey.is_open,  # when it closed: the offline outbox asks (outbox/checks.py)
        )
    flash(f"已{'建立' if created else '儲存'}問卷「{survey.title}」。", "success")
    return redirect(url_for("survey_admin.index"), 303)


def _initial_data(survey: Survey | None) -> dict:
    """What the editor shows first: the stored survey, or a blank one with three empty rows."""
    if survey is None:
        rows: list[dict] = []
        for _ in range(3):
            rows = rearrange(rows, "add", set())
        # digital.md: one list of sites (場域) serves the survey's locations too; a new survey
        # starts with the active ones, and the officer may still edit the lines.
        return {
            "min_ranked": 1,
            "max_ranked": 3,
            "is_open": True,
            "locations": "\n".join(active_site_names()),
            "options": rows,
        }
    return {
        "title": survey.title,
        "description": survey.description,
        "min_ranked": survey.min_ranked,
        "max_ranked": survey.max_ranked,
        "locations": "\n".join(survey.locations),
        "is_open": survey.is_open,
        "options": [
            {
                "key": str(o.id),
                "option_id": str(o.id),
                "code": o.code,
                "label": o.label,
                "hidden": o.hidden,
            }
            for o in survey.options
        ],
    }
