"""Officers import an online session's attendee report: upload, preview (nothing written), confirm."""

from __future__ import annotations

import hashlib
import secrets

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..access import access
from ..audit import record
from ..database import write_unit
from ..extensions import db
from ..forms.validators import clean_text
from ..models.base import utcnow
from ..models.training import TrainingAttendanceImport, TrainingSession
from .attendance_import import (
    MAX_BYTES,
    STATUSES,
    AttendanceFileError,
    apply,
    from_stored,
    preview,
    read_report,
    to_stored,
)
from .checkin_views import bp


def _share() -> float:
    share = float(current_app.config.get("SMEUP_TRAINING_PRESENT_SHARE", 0.8))
    return share if 0 < share <= 1 else 0.8


def _upload_page(session, error: str = "", status: int = 200):
    return render_template(
        "training/import_upload.html",
        session=session,
        error=error,
        share=_share(),
        limit_mb=MAX_BYTES // (1024 * 1024),
    ), status


@bp.route("/<int:session_id>/attendance", methods=["GET", "POST"])
@access("officer")
def attendance_upload(session_id: int):
    """Upload the meeting platform's attendee report (CSV); a bad file gets one clear message."""
    session = db.get_or_404(TrainingSession, session_id)
    if request.method in ("GET", "HEAD"):
        return _upload_page(session)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _upload_page(session, "請選擇出席報表檔案（CSV）。", 422)
    filename = clean_text(upload.filename)[:255] or "未命名檔案"
    content = upload.stream.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        return _upload_page(
            session, f"檔案超過 {MAX_BYTES // (1024 * 1024)} MB，請確認是出席報表。", 413
        )
    try:
        rows = read_report(content)
    except AttendanceFileError as exc:
        return _upload_page(session, str(exc), 422)
    token = secrets.token_urlsafe(24)
    with write_unit():
        db.session.add(
            TrainingAttendanceImport(
                token=token,
                session_id=session.id,
                filename=filename,
                sha256=hashlib.sha256(content).hexdigest(),
                file_rows=to_stored(rows),
                uploaded_by_id=current_user.id,
            )
        )
    return redirect(url_for(".attendance_preview", session_id=session.id, token=token), 303)


def _staged(session_id: int, token: str) -> TrainingAttendanceImport:
    staged = db.session.scalar(
        db.select(TrainingAttendanceImport).filter_by(token=token, session_id=session_id)
    )
    if staged is None:
        abort(404)
    return staged


@bp.route("/<int:session_id>/attendance/<token>")
@access("officer")
def attendance_preview(session_id: int, token: str):
    """Each person of the report: 出席 / 出席時間不足 / 無法對應, with the reason."""
    session = db.get_or_404(TrainingSession, session_id)
    staged = _staged(session.id, token)
    result = preview(session, from_stored(staged.file_rows), _share())
    return render_template(
        "training/import_preview.html",
        session=session,
        staged=staged,
        result=result,
        statuses=STATUSES,
        share=_share(),
    )


@bp.route("/<int:session_id>/attendance/<token>/confirm", methods=["POST"])
@access("officer")
def attendance_confirm(session_id: int, token: str):
    """Write the matched people's minutes and attendance, once (a second confirm writes nothing)."""
    session = db.get_or_404(TrainingSession, session_id)
    written = None
    with write_unit():
        staged = db.session.scalar(
            db.select(TrainingAttendanceImport)
            .filter_by(token=token, session_id=session.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        if staged is None:
            abort(404)
        if staged.applied_at is None:
            written = apply(preview(session, from_stored(staged.file_rows), _share()))
            staged.applied_at = utcnow()
            staged.applied_counts = written
            record(
                "training_attendance_import",
                session_id=session.id,
                token=token,
                filename=staged.filename,
                present=written["present"],
                below=written["below"],
                unmatched=written["unmatched"],
            )
    if written is None:
        flash("這份出席報表已經匯入過，沒有再寫入任何資料。", "success")
    else:
        flash(
            f"已匯入「{staged.filename}」：出席 {written['present']} 人、"
            f"出席時間不足 {written['below']} 人、無法對應 {written['unmatched']} 列。",
            "success",
        )
    return redirect(url_for(".attendance_preview", session_id=session.id, token=token), 303)
