"""成果報告 pages: the report, its headline box for the dashboard, and its downloads."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request, url_for

from .. import clock
from ..access import access
from ..audit import record
from ..company.reference import COUNTIES
from ..database import write_unit
from ..exports.download import MIMETYPES, content_disposition
from ..models.base import utcnow
from . import params
from .build import build
from .build import headline as headline_figures
from .export import table_csv, workbook
from .period import menu
from .tile_map import tile_map

bp = Blueprint("report", __name__, url_prefix="/console/report")
BODY_TARGET = "report-body"


@bp.app_template_filter("report_value")
def report_value(value, fmt: str, signed: bool = False) -> str:
    """A figure as officers read it: 1,234 · 12.5% · 3.25 · 4.5 天; a missing one as —."""
    if value is None:
        return "—"
    sign = "+" if signed and value > 0 else ""
    if fmt == "pct":
        return f"{sign}{value * 100:.1f}" + (" 個百分點" if signed else "%")
    if fmt == "dec":
        return f"{sign}{value:,.2f}"
    if fmt == "days":
        return f"{sign}{value:,.1f} 天"
    if fmt == "ratio":
        return f"{sign}{value:.2f}"
    return f"{sign}{int(value):,}" if float(value).is_integer() else f"{sign}{value:,.2f}"


def _link(link) -> str | None:
    """The filtered list behind a figure, for views that exist."""
    from flask import current_app

    if not link or link[0] not in current_app.view_functions:
        return None
    return url_for(link[0], **link[1])


@bp.route("/")
@access("officer")
def index():
    """The report for the chosen period and county; htmx asks only for its body."""
    today = clock.taipei_today()
    choice = params.read(request.args, today)
    report = build(choice.period, choice.county, utcnow())
    context = {
        "report": report,
        "choice": choice,
        "menu": menu(today),
        "counties": COUNTIES,
        "map": tile_map(report.served_by_county),
        "link": _link,
    }
    status = 422 if choice.errors else 200
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == BODY_TARGET:
        return render_template("report/_body.html", **context), status
    return render_template("report/index.html", **context), status


@bp.route("/headline")
@access("officer")
def headline():
    """The dashboard's box: this quarter's headline figure of each strategy."""
    return render_template("report/_headline.html", headline=headline_figures(utcnow()))


@bp.route("/report.xlsx")
@access("officer")
def download_xlsx():
    """The workbook: a sheet per strategy and 定義."""
    choice = params.read(request.args, clock.taipei_today())
    if choice.errors:
        abort(400)
    report = build(choice.period, choice.county, utcnow())
    body = workbook(report)
    _audit(choice, "xlsx", "全部", sum(len(t.rows) for s in report.sections for t in s.tables))
    return _download(body, "xlsx", f"smeup-成果報告-{choice.period.label}.xlsx")


@bp.route("/<table>.csv")
@access("officer")
def download_csv(table: str):
    """One table as CSV."""
    choice = params.read(request.args, clock.taipei_today())
    if choice.errors:
        abort(400)
    report = build(choice.period, choice.county, utcnow())
    try:
        shown = report.table(table)
    except StopIteration:
        abort(404)
    body = b"".join(table_csv(report, shown))
    _audit(choice, "csv", shown.title, len(shown.rows))
    return _download(body, "csv", f"smeup-成果報告-{choice.period.label}-{shown.title}.csv")


def _audit(choice: params.Choice, fmt: str, table: str, rows: int) -> None:
    filters = {"period": choice.period.label}
    if choice.county:
        filters["county"] = choice.county
    with write_unit():
        record("export", form_type="report", table=table, format=fmt, filters=filters, rows=rows)


def _download(body: bytes, fmt: str, filename: str) -> Response:
    response = Response(body, mimetype=MIMETYPES[fmt])
    response.headers["Content-Disposition"] = content_disposition(filename)
    return response


from . import list_views  # noqa: E402, F401  (the lists behind the figures live on this blueprint)
