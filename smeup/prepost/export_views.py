"""Officers' CSV/XLSX exports of a test's attempts and pre/post pairs (streamed)."""

from flask import Response, abort, request, stream_with_context

from .. import clock
from ..access import access
from ..audit import record
from ..database import write_unit
from ..exports.csv_stream import stream_csv
from ..exports.download import MIMETYPES, content_disposition
from ..exports.xlsx_stream import stream_xlsx
from ..extensions import db
from ..models.prepost import CourseTest
from .admin_views import bp
from .export import attempt_rows, export_header, pair_rows

SHEETS = {"attempts": "前後測作答", "pairs": "前後測配對"}


@bp.route("/<int:test_id>/<what>.<fmt>")
@access("officer")
def export(test_id: int, what: str, fmt: str):
    """Stream the attempts or the pairs as CSV or XLSX; ?no_personal=1 drops name and phone."""
    if fmt not in MIMETYPES or what not in SHEETS:
        abort(404)
    test = db.get_or_404(CourseTest, test_id)
    personal = request.args.get("no_personal") != "1"
    head = export_header(what, personal, request.args.get("zh") == "1")
    rows = list((attempt_rows if what == "attempts" else pair_rows)(test, personal))
    with write_unit():
        record(
            "export",
            form_type=f"prepost_{what}",
            test=test_id,
            format=fmt,
            personal=personal,
            rows=len(rows),
        )
    chunks = (
        stream_csv(head, rows) if fmt == "csv" else stream_xlsx(head, rows, sheet_name=SHEETS[what])
    )
    filename = f"smeup-prepost-{test_id}-{what}-{clock.taipei_today():%Y%m%d}.{fmt}"
    response = Response(stream_with_context(chunks), mimetype=MIMETYPES[fmt])
    response.headers["Content-Disposition"] = content_disposition(filename)
    return response
