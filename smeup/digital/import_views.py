"""Officers import monthly records: upload, preview (nothing written), confirm."""

import hashlib
import secrets

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from .. import clock
from ..access import access
from ..audit import record
from ..database import write_unit
from ..extensions import db
from ..models.base import utcnow
from ..models.digital import ShopImport
from .import_file import ImportFileError, read_file
from .importing import STATUSES, apply, preview
from .views import bp

SHOWN_ROWS = 500  # rows listed per status; the counts cover every row


def _limit() -> int:
    return current_app.config["SMEUP_DIGITAL_IMPORT_MAX_BYTES"]


def _page(error: str = "", status: int = 200):
    return render_template(
        "digital/import.html", error=error, limit_mb=_limit() // (1024 * 1024), officer=True
    ), status


@bp.route("/import", methods=["GET", "POST"])
@access("officer")
def import_upload():
    """Upload a CSV/XLSX; a readable file is kept for its preview, a bad one is refused."""
    if request.method in ("GET", "HEAD"):
        return _page()
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _page("請選擇要匯入的檔案（CSV 或 XLSX）", 422)
    content = upload.stream.read(_limit() + 1)
    if len(content) > _limit():
        return _page(f"檔案超過 {_limit() // (1024 * 1024)} MB，請分成幾個檔案匯入", 413)
    try:
        rows = read_file(upload.filename, content)
    except ImportFileError as exc:
        return _page(str(exc), 422)
    token = secrets.token_urlsafe(24)
    with write_unit():
        db.session.add(
            ShopImport(
                token=token,
                filename=upload.filename[:255],
                sha256=hashlib.sha256(content).hexdigest(),
                content=content,
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


def _diff(staged: ShopImport):
    rows = read_file(staged.filename, staged.content)
    return preview(rows, clock.taipei_today(), current_app.config["SMEUP_DIGITAL_LOCK_DAYS"])


@bp.route("/import/<token>")
@access("officer")
def import_preview(token: str):
    """Each row as new / changed / same / error with its reason; ?show= picks one status."""
    staged = _staged(token)
    result = _diff(staged)
    show = request.args.get("show", "")
    show = show if show in STATUSES else ""
    order = {"error": 0, "changed": 1, "new": 2, "same": 3}
    listed = [r for r in result.rows if (r.status == show if show else r.status != "same")]
    listed.sort(key=lambda r: (order[r.status], r.line))
    return render_template(
        "digital/import_preview.html",
        staged=staged,
        result=result,
        rows=listed[:SHOWN_ROWS],
        hidden=max(0, len(listed) - SHOWN_ROWS),
        show=show,
        statuses=STATUSES,
        officer=True,
    )


@bp.route("/import/<token>", methods=["POST"])
@access("officer")
def import_confirm(token: str):
    """Write the new and changed rows (the diff re-run now); a second confirm writes nothing."""
    staged = _staged(token)
    if staged.applied_at is not None:
        flash("這個檔案已經匯入過，沒有再寫入任何資料", "success")
        return redirect(url_for("digital.import_preview", token=token), 303)
    with write_unit():
        # Lock the staged row so two confirms (a double click, two tabs) apply once.
        staged = db.session.scalar(db.select(ShopImport).filter_by(token=token).with_for_update())
        if staged.applied_at is not None:
            return redirect(url_for("digital.import_preview", token=token), 303)
        written = apply(_diff(staged), current_user.id)
        staged.applied_at = utcnow()
        staged.applied_counts = dict(written)
        record("digital_import", token=token, filename=staged.filename, **dict(written))
    flash(
        f"已匯入「{staged.filename}」：新增 {written['new']} 筆、修改 {written['changed']} 筆",
        "success",
    )
    return redirect(url_for("digital.grid"), 303)
