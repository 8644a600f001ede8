"""Officers import monthly records: upload, preview (nothing written), confirm.

The file is read once, at upload; its rows are kept with the staged import and the preview and
the confirmation use them. Confirming sends what the preview showed (its fingerprint): when the
stored months changed since, nothing is written and the new preview is shown.
"""

import hashlib
import secrets

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from .. import clock
from ..access import access
from ..audit import record
from ..database import write_unit
from ..exports.download import MIMETYPES, content_disposition
from ..exports.xlsx_stream import stream_xlsx
from ..extensions import db
from ..forms.validators import clean_text
from ..models.base import utcnow
from ..models.digital import ShopImport
from .import_file import (
    KEY_HEADERS,
    MAX_COLUMNS,
    MAX_ROWS,
    ImportFileError,
    from_stored,
    read_file,
    to_stored,
)
from .importing import STATUSES, Preview, apply, preview
from .views import bp

SHOWN_ROWS = 500  # rows listed per status; the counts cover every row
STALE = (
    "預覽之後，系統中的資料有了變動（可能有人同時修改了這些月份），所以沒有寫入任何資料。"
    "下面是依目前資料重新產生的預覽，請再看一次後確認。"
)
OLD_UPLOAD = "這個檔案是在系統更新前上傳的，無法再預覽。請重新上傳一次。"


def _limit() -> int:
    return current_app.config["SMEUP_DIGITAL_IMPORT_MAX_BYTES"]


def _page(error: str = "", status: int = 200):
    return render_template(
        "digital/import.html",
        error=error,
        limit_mb=_limit() // (1024 * 1024),
        max_rows=MAX_ROWS,
        max_columns=MAX_COLUMNS,
        officer=True,
    ), status


TEMPLATE_EXAMPLE = ["04595257", "小林咖啡", "2026-05", 120, 85, 64000]


@bp.route("/import/template.xlsx")
@access("officer")
def import_template():
    """The import template (exports.md): the export's zh-Hant headers and one example row."""
    head = [
        KEY_HEADERS[key] for key in ("ubn", "shop_name", "month", "usage", "orders", "net_sales")
    ]
    body = stream_xlsx(head, [TEMPLATE_EXAMPLE], sheet_name="月資料")
    response = Response(body, mimetype=MIMETYPES["xlsx"])
    response.headers["Content-Disposition"] = content_disposition(
        "smeup-digital-import-template.xlsx"
    )
    return response


@bp.route("/import", methods=["GET", "POST"])
@access("officer")
def import_upload():
    """Upload a CSV/XLSX; a readable file is kept for its preview, a bad one is refused."""
    if request.method in ("GET", "HEAD"):
        return _page()
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _page("請選擇要匯入的檔案（CSV 或 XLSX）", 422)
    # Stored and shown without control or bidirectional characters (they reorder the page).
    filename = clean_text(upload.filename)[:255] or "未命名檔案"
    content = upload.stream.read(_limit() + 1)
    if len(content) > _limit():
        return _page(f"檔案超過 {_limit() // (1024 * 1024)} MB，請分成幾個檔案匯入", 413)
    try:
        rows = read_file(filename, content)
    except ImportFileError as exc:
        return _page(str(exc), 422)
    token = secrets.token_urlsafe(24)
    with write_unit():
        db.session.add(
            ShopImport(
                token=token,
                filename=filename,
                sha256=hashlib.sha256(content).hexdigest(),
                content=content,
                file_rows=to_stored(rows),
                uploaded_by_id=current_user.id,
            )
        )
    current_app.logger.info("digital import %s: %d rows", token, len(rows))
    return redirect(url_for("digital.import_preview", token=token), 303)


def _staged(token: str) -> ShopImport:
    staged = db.session.scalar(db.select(ShopImport).filter_by(token=token))
    if staged is None:
        abort(404)
    return staged


def _diff(staged: ShopImport, lock: bool = False) -> Preview | None:
    """The preview of the rows kept at upload (None for an upload kept before rows were)."""
    if staged.file_rows is None:
        return None
    return preview(
        from_stored(staged.file_rows),
        clock.taipei_today(),
        current_app.config["SMEUP_DIGITAL_LOCK_DAYS"],
        lock=lock,
    )


def _preview_page(staged: ShopImport, result: Preview | None, notice: str = "", status=200):
    show = request.args.get("show", "")
    show = show if show in STATUSES else ""
    order = {"error": 0, "changed": 1, "new": 2, "same": 3}
    rows = result.rows if result is not None else []
    listed = [r for r in rows if (r.status == show if show else r.status != "same")]
    listed.sort(key=lambda r: (order[r.status], r.line))
    return render_template(
        "digital/import_preview.html",
        staged=staged,
        result=result or Preview([]),
        old_upload=OLD_UPLOAD if result is None else "",
        notice=notice,
        rows=listed[:SHOWN_ROWS],
        hidden=max(0, len(listed) - SHOWN_ROWS),
        show=show,
        statuses=STATUSES,
        officer=True,
    ), status


@bp.route("/import/<token>")
@access("officer")
def import_preview(token: str):
    """Each row as new / changed / same / error with its reason; ?show= picks one status."""
    staged = _staged(token)
    return _preview_page(staged, _diff(staged))


@bp.route("/import/<token>", methods=["POST"])
@access("officer")
def import_confirm(token: str):
    """Write the new and changed rows, if they are what the preview showed; a second confirm
    writes nothing. The diff is re-run in the write unit with the months it compares locked."""
    staged = _staged(token)
    if staged.applied_at is not None:
        flash("這個檔案已經匯入過，沒有再寫入任何資料", "success")
        return redirect(url_for("digital.import_preview", token=token), 303)
    seen = request.form.get("seen", "")
    written = result = None
    try:
        with write_unit():
            # Lock the staged row so two confirms (a double click, two tabs) apply once.
            staged = db.session.scalar(
                db.select(ShopImport)
                .filter_by(token=token)
                .with_for_update()
                .execution_options(populate_existing=True)
            )
            if staged is None:
                abort(404)
            if staged.applied_at is None:
                result = _diff(staged, lock=True)
                if result is not None and result.fingerprint == seen:
                    written = apply(result, current_user.id)
                    staged.applied_at = utcnow()
                    staged.applied_counts = dict(written)
                    record("digital_import", token=token, filename=staged.filename, **dict(written))
    except IntegrityError:
        # A month the preview showed as new was stored meanwhile (PostgreSQL cannot lock a row
        # that is not there yet): nothing was written; the new preview shows it.
        staged = _staged(token)
        result = _diff(staged)
    if written is None and result is None and staged.applied_at is not None:
        flash("這個檔案已經匯入過，沒有再寫入任何資料", "success")
        return redirect(url_for("digital.import_preview", token=token), 303)
    if written is None:
        return _preview_page(staged, result, notice=STALE if result is not None else "", status=409)
    flash(
        f"已匯入「{staged.filename}」：新增 {written['new']} 筆、修改 {written['changed']} 筆",
        "success",
    )
    return redirect(url_for("digital.grid"), 303)
