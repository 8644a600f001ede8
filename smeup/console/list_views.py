"""The list of submissions per form: filters, active search, pagination, export links."""

from functools import partial

from flask import abort, render_template, request, url_for
from sqlalchemy.orm import configure_mappers, contains_eager, joinedload

from ..access import access
from ..company.reference import COUNTIES
from ..extensions import db
from ..forms.kinds import FORM_LABELS, FORM_TYPES, detail_url
from ..models import Event, Submission
from ..models.surveys import Survey
from ..workflow import statuses
from .counts import count_submissions
from .export_columns import CATEGORY_LABELS
from .exporting import COURSE_NEEDS_SURVEY
from .filters import (
    CHANNEL_LABELS,
    SBTR_CATEGORIES,
    URGENCY_LEVELS,
    VIA_LABELS,
    ListFilters,
    child_model,
    filtered_keys,
    form_rows,
)
from .keyset import Position, fetch_page
from .views import bp

ROWS_TARGET = "submission-rows"


def surveys() -> list[Survey]:
    """Every survey, newest first (course lists and exports are per survey)."""
    return db.session.scalars(db.select(Survey).order_by(Survey.id.desc())).all()


def _loader_options(form_type: str) -> list:
    """Fill each row's form table from the list query's own join (no query per row)."""
    child = child_model(form_type)
    configure_mappers()  # the backrefs (Submission.netzero ...) exist once mappers are set up
    eager = contains_eager(getattr(Submission, form_type))
    return [eager.joinedload(child.survey) if form_type == "course" else eager]


def filter_choices(form_type: str) -> dict[str, list[tuple]]:
    """(value, text) pairs for each filter select of the form's list."""
    events = db.session.scalars(db.select(Event).order_by(Event.date.desc(), Event.id.desc()))
    return {
        "channel": list(CHANNEL_LABELS.items()),
        "via": list(VIA_LABELS.items()),
        "event": [(e.id, f"{e.date:%Y-%m-%d} {e.name}") for e in events],
        "county": [(c, c) for c in COUNTIES],
        "status": [(s, s) for s in statuses(form_type)],
        "urgency": [(u, u) for u in URGENCY_LEVELS],
        "survey": [(s.id, s.title) for s in surveys()] if form_type == "course" else [],
        "category": list(SBTR_CATEGORIES.items()),
    }


def list_context(form_type: str, filters: ListFilters) -> dict:
    """Everything the list page and its rows partial show."""
    count = count_submissions(form_type, filters)
    # A search matching more than the count cap: walk the newest-first index instead.
    keys = filtered_keys(form_type, filters, dense=bool(filters.q) and not count.exact)
    options = [*_loader_options(form_type), joinedload(Submission.event)]
    page = fetch_page(form_rows(form_type), keys, count, Position.from_args(request.args), options)
    filter_args = filters.as_args()
    export_ready = form_type != "course" or filters.survey is not None
    return {
        "form_type": form_type,
        "form_labels": FORM_LABELS,
        "channel_labels": CHANNEL_LABELS,
        "filters": filters,
        "filter_args": filter_args,
        "page": page,
        "detail_url": partial(detail_url, form_type),
        "list_url": url_for("console.submissions", form_type=form_type),
        "choices": filter_choices(form_type),
        "category_labels": CATEGORY_LABELS,
        "export_ready": export_ready,
        "export_hint": None if export_ready else COURSE_NEEDS_SURVEY,
    }


def render_list(form_type: str, filters: ListFilters, export_error: str | None = None):
    """The full list page, or only its rows when htmx asks for the results region."""
    context = list_context(form_type, filters)
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == ROWS_TARGET:
        return render_template("console/_submission_rows.html", **context)
    return render_template("console/list.html", export_error=export_error, **context)


@bp.route("/list/")
@bp.route("/<form_type>/")
@access("officer")
def submissions(form_type: str = "netzero"):
    """Submissions of one form, filtered and searched, 50 a page."""
    if form_type not in FORM_TYPES:
        abort(404)
    return render_list(form_type, ListFilters.from_args(request.args))
