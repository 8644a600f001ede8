"""The officer console: dashboard here; list, detail, export and audit log in sibling modules."""

from flask import Blueprint, current_app, render_template

from .. import charts
from ..access import access
from ..clock import taipei_today
from ..forms.kinds import FORM_LABELS
from . import stats
from .filters import CHANNEL_LABELS, SBTR_CATEGORIES
from .navigator_stats import navigator_summary

bp = Blueprint("console", __name__, url_prefix="/console")

FORM_COLOURS = {
    "netzero": "#1e6b2f",  # green
    "course": "#0b5394",  # blue
    "sbtr": "#8a4b00",  # brown
    "navigator": "#8e1f6e",  # plum: its own hue, no longer a teal beside the green
}
# What the charts fill each form's bars with: the navigator's plum is also striped (the
# <pattern> in console/_chart_patterns.html), so no two forms are told apart by colour alone.
FORM_PATTERNS = {"navigator": "fill-navigator"}
FORM_FILLS = {
    k: f"url(#{FORM_PATTERNS[k]})" if k in FORM_PATTERNS else c for k, c in FORM_COLOURS.items()
}
CHANNEL_COLOURS = {"web": "#0b5394", "roadshow": "#8a4b00", "phone": "#6a1b9a"}
URGENCY_COLOURS = {"高": "#b00020", "中": "#8a4b00", "低": "#1e6b2f"}
CATEGORY_COLOURS = {"A": "#0b5394", "B_PLUS": "#8a4b00"}


@bp.app_template_global("has_endpoint")
def has_endpoint(endpoint: str) -> bool:
    """True when a view exists (other features' pages are linked only once they are built)."""
    return endpoint in current_app.view_functions


@bp.app_template_filter("mask_name")
def mask_name(name: str | None) -> str:
    """A person's name with its middle hidden for lists: 王小明 → 王○明, 陳明 → 陳○."""
    name = (name or "").strip()
    if len(name) <= 1:
        return "○" if name else ""
    if len(name) == 2:
        return name[0] + "○"
    return name[0] + "○" * (len(name) - 2) + name[-1]


@bp.route("/")
@access("officer")
def dashboard():
    """Intake per day, net-zero urgency and emissions, top courses, SBTR by county."""
    daily = stats.daily_counts(taipei_today())
    netzero = stats.netzero_summary()
    courses = stats.top_courses()
    spread = stats.sbtr_spread()
    category_labels = {k: v.split(" ")[0] for k, v in SBTR_CATEGORIES.items()}
    page_charts = {
        "by_form": charts.stacked_columns(daily.days, daily.by_form, FORM_FILLS, FORM_LABELS),
        "by_channel": charts.stacked_columns(
            daily.days, daily.by_channel, CHANNEL_COLOURS, CHANNEL_LABELS
        ),
        "urgency": charts.stacked_bars(
            [(f"急迫程度{level}", {level: n}) for level, n in netzero.by_urgency.items()],
            URGENCY_COLOURS,
            {k: f"急迫程度{k}" for k in URGENCY_COLOURS},
            legend=False,
        ),
        "sbtr": charts.stacked_bars(
            [(county, counts) for county, counts in spread.rows],
            CATEGORY_COLOURS,
            category_labels,
        ),
        "courses": {
            s.survey_id: charts.stacked_bars(
                [(o.label, {"borda": o.borda}) for o in s.top],
                {"borda": FORM_COLOURS["course"]},
                {"borda": "Borda 分數"},
                legend=False,
            )
            for s in courses
        },
    }
    return render_template(
        "console/dashboard.html",
        daily=daily,
        netzero=netzero,
        courses=courses,
        spread=spread,
        charts=page_charts,
        form_labels=FORM_LABELS,
        form_colours=FORM_COLOURS,
        form_patterns=FORM_PATTERNS,
        channel_labels=CHANNEL_LABELS,
        category_labels=category_labels,
        navigator=navigator_summary(),
    )


from . import audit_views, detail_views, export_views, list_views  # noqa: E402, F401
