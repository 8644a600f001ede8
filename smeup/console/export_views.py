"""Streamed CSV/XLSX exports of exactly the filtered list, each written to the audit log."""

from collections.abc import Iterator

from flask import Response, abort, request, stream_with_context

from ..access import access
from ..audit import record
from ..clock import taipei_today
from ..database import write_unit
from ..exports.csv_stream import stream_csv
from ..exports.download import MIMETYPES, content_disposition
from ..exports.neutralise import flattened
from ..exports.xlsx_stream import stream_xlsx
from ..extensions import db
from ..forms.kinds import FORM_LABELS, FORM_TYPES
from ..models.surveys import Survey
from .exporting import (
    COURSE_NEEDS_SURVEY,
    ExportOptions,
    export_filename,
    export_plan,
    export_rows,
)
from .filters import ListFilters
from .list_views import render_list
from .views import bp


def _survey(filters: ListFilters) -> Survey | None:
    return db.session.get(Survey, filters.survey) if filters.survey is not None else None


@bp.route("/<form_type>/export.<fmt>")
@access("officer")
def export(form_type: str, fmt: str):
    """Stream the filtered list as CSV or XLSX; the audit entry is written when it ends."""
    if form_type not in FORM_TYPES or fmt not in MIMETYPES:
        abort(404)
    filters = ListFilters.from_args(request.args)
    options = ExportOptions.from_args(request.args, fmt)
    survey = _survey(filters) if form_type == "course" else None
    if form_type == "course" and survey is None:
        return render_list(form_type, filters, export_error=COURSE_NEEDS_SURVEY), 422
    plan = export_plan(form_type, filters, options.personal, survey)
    filename = export_filename(form_type, fmt, taipei_today(), survey.id if survey else None)
    detail = {"form_type": form_type, "filters": filters.as_args(), **options.as_detail()}
    body = _audited(plan, options, detail)
    response = Response(stream_with_context(body), mimetype=MIMETYPES[fmt])
    response.headers["Content-Disposition"] = content_disposition(filename)
    response.headers["X-Accel-Buffering"] = "no"  # let a proxy pass the stream on as it comes
    return response


def _audited(plan, options: ExportOptions, detail: dict) -> Iterator[bytes]:
    """The file's bytes; counts the rows as they stream and logs the export at the end.

    The count is exactly what the file holds. A download broken off midway is logged too,
    with the rows sent so far and complete=False.
    """
    # A CSV of known columns takes each record straight to its CSV values in one pass.
    csv_direct = options.fmt == "csv" and plan.csv_build is not None
    rows = export_rows(plan, plan.csv_build if csv_direct else None)
    sent = 0
    complete = False

    def counted():
        nonlocal sent
        for row in rows:
            sent += 1
            yield row

    head = plan.header(options.chinese)
    if options.fmt == "csv":
        convert = {"convert": None} if csv_direct else {}  # None: the values are ready
        chunks = stream_csv(head, counted(), delimiter=options.delimiter, **convert)
    else:
        chunks = stream_xlsx(head, flattened(counted()), sheet_name=FORM_LABELS[plan.form_type])
    try:
        yield from chunks
        complete = True
    finally:
        chunks.close()
        rows.close()  # release the database cursor before the audit write
        with write_unit():
            record("export", **detail, rows=sent, complete=complete)
