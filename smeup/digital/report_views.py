"""Officer views over many shops: the site × month grid, a site's trend, outcomes, exports."""

from flask import Response, abort, render_template, request, stream_with_context

from .. import clock
from ..access import access
from ..audit import record
from ..database import write_unit
from ..exports.csv_stream import stream_csv
from ..exports.download import MIMETYPES, content_disposition
from ..exports.xlsx_stream import stream_xlsx
from ..extensions import db
from ..ids import parse_id
from ..models.digital import Shop, Site
from .export import export_header, export_rows
from .figures import METRIC_LABELS, METRICS
from .grid import SPANS, latest_month, site_month_grid, usage_units
from .months import is_month, month_of
from .outcomes import outcomes_by_site
from .trends import site_trend
from .views import bp


@bp.route("/grid")
@access("officer")
def grid():
    """Sites by months like the brochure's table; ?metric=net_sales|orders|usage&unit=&end=&span=.

    Net sales by default (it adds up); usage is summed within one usage unit (?unit=, else the
    unit most shops count in).
    """
    metric = request.args.get("metric", "net_sales")
    metric = metric if metric in METRICS else "net_sales"
    units = usage_units()
    unit = request.args.get("unit", "")
    unit = unit if unit in units else (units[0] if units else "")
    if metric == "usage" and not unit:
        metric = "net_sales"
    span = request.args.get("span", 6, type=int)
    span = span if span in SPANS else 6
    end = request.args.get("end", "")
    if not is_month(end):
        end = latest_month() or month_of(clock.taipei_today())
    table = site_month_grid(metric, end, span, unit if metric == "usage" else None)
    return render_template(
        "digital/grid.html",
        grid=table,
        metric=metric,
        unit=unit,
        units=units,
        labels=METRIC_LABELS,
        span=span,
        spans=SPANS,
        end=end,
        officer=True,
    )


@bp.route("/sites/<int:site_id>")
@access("officer")
def site(site_id: int):
    """A site's monthly sums as two aligned panels, each shop's index, and its shops."""
    place = db.get_or_404(Site, site_id)
    shops = db.session.scalars(db.select(Shop).filter_by(site_id=site_id).order_by(Shop.name)).all()
    return render_template(
        "digital/site.html", site=place, trend=site_trend(site_id), shops=shops, officer=True
    )


@bp.route("/outcomes")
@access("officer")
def outcomes():
    """The outcome summary per site."""
    return render_template("digital/outcomes.html", outcomes=outcomes_by_site(), officer=True)


@bp.route("/export.<fmt>")
@access("officer")
def export(fmt: str):
    """Stream every monthly record as CSV or XLSX (exports.md); ?no_personal=1 drops the phone."""
    if fmt not in MIMETYPES:
        abort(404)
    personal = request.args.get("no_personal") != "1"
    # zh-Hant headers by default (exports.md, revised 2026-12-07); ?keys=1 gives the field keys.
    chinese = request.args.get("keys") != "1"
    site_id = parse_id(request.args.get("site"))
    head = export_header(personal, chinese)
    detail = {"form_type": "digital_monthly", "site": site_id, "format": fmt, "personal": personal}

    def body():
        sent, complete = 0, False
        rows = export_rows(personal, site_id)

        def counted():
            nonlocal sent
            for row in rows:
                sent += 1
                yield row

        if fmt == "csv":
            chunks = stream_csv(head, counted())
        else:
            chunks = stream_xlsx(head, counted(), sheet_name="數位輔導月資料")
        try:
            yield from chunks
            complete = True
        finally:
            chunks.close()
            rows.close()
            with write_unit():
                record("export", **detail, rows=sent, complete=complete)

    today = clock.taipei_today()
    filename = f"smeup-digital-monthly-{today:%Y%m%d}.{fmt}"
    response = Response(stream_with_context(body()), mimetype=MIMETYPES[fmt])
    response.headers["Content-Disposition"] = content_disposition(filename)
    response.headers["X-Accel-Buffering"] = "no"
    return response
