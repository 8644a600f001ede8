"""合作意向書 uploads: check the bytes, store them in the database, find them by token."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..extensions import db
from ..models.base import utcnow
from ..models.draft import Draft
from ..models.sbtr import SbtrProposal, SbtrUpload
from .pdf_check import MAX_LOI_BYTES, PdfProblem, pdf_problem

# An upload nobody has claimed (no proposal, no draft) is kept this long, so a person who
# uploaded and then fixed other fields still finds it; after that the purge removes it.
UNCLAIMED_HOURS = 48
NOT_PDF = "合作意向書須為 PDF 檔（系統依檔案內容判斷，僅改副檔名無效），請另存為 PDF 後再上傳"
TOO_BIG = "合作意向書檔案為 {size}，超過 10 MB 上限，請壓縮或降低掃描解析度後再上傳"
EMPTY = "上傳的檔案是空的，請重新選擇合作意向書 PDF 檔"
ENCRYPTED = "合作意向書 PDF 設有密碼或加密，系統無法檢查內容，請另存一份未加密的 PDF 後再上傳"
ACTIVE_CONTENT = (
    "合作意向書 PDF 內含 JavaScript、內嵌檔案或開啟程式的動作，基於資訊安全無法收件，"
    "請以「列印」→「另存為 PDF」產生新的 PDF 後再上傳"
)
REFUSALS = {
    PdfProblem.NOT_PDF: NOT_PDF,
    PdfProblem.ENCRYPTED: ENCRYPTED,
    PdfProblem.ACTIVE: ACTIVE_CONTENT,
}


@dataclass(frozen=True)
class Checked:
    """A read upload: its bytes and name when acceptable, else the zh-Hant error."""

    content: bytes = b""
    filename: str = ""
    error: str | None = None


def megabytes(size: int) -> str:
    """A size for people: 10.5 MB, 320 KB."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def safe_filename(name: str | None) -> str:
    """The uploaded file's base name, without paths or control characters, at most 200 chars."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if c.isprintable() and c not in '"<>|*?:')
    base = base.strip(" .") or "合作意向書.pdf"
    if not base.lower().endswith(".pdf"):
        base += ".pdf"
    return base[-200:]


def check_upload(stream, filename: str | None) -> Checked:
    """Read at most 10 MB + 1 byte and judge it by content: a PDF pypdf reads, with nothing in it
    that runs or carries other files (pdf_check.py), within the limit."""
    content = stream.read(MAX_LOI_BYTES + 1)
    if len(content) > MAX_LOI_BYTES:
        rest = len(stream.read())
        return Checked(error=TOO_BIG.format(size=megabytes(len(content) + rest)))
    if not content:
        return Checked(error=EMPTY)
    problem = pdf_problem(content)
    if problem is not None:
        return Checked(error=REFUSALS[problem])
    return Checked(content=content, filename=safe_filename(filename))


def store_upload(checked: Checked) -> SbtrUpload:
    """Add an accepted upload to the session (the caller commits)."""
    upload = SbtrUpload(
        token=secrets.token_urlsafe(24),
        filename=checked.filename,
        size=len(checked.content),
        sha256=hashlib.sha256(checked.content).hexdigest(),
        content=checked.content,
    )
    db.session.add(upload)
    return upload


def upload_by_token(token: str | None) -> SbtrUpload | None:
    """The upload a form refers to, or None when the token is unknown."""
    token = (token or "").strip()
    if not token or len(token) > 64:
        return None
    return db.session.scalar(db.select(SbtrUpload).filter_by(token=token))


def purge_unclaimed(now: datetime | None = None) -> int:
    """Delete uploads older than UNCLAIMED_HOURS that no proposal and no draft refers to."""
    cutoff = (now or utcnow()) - timedelta(hours=UNCLAIMED_HOURS)
    claimed = set(
        db.session.scalars(
            db.select(SbtrProposal.loi_upload_id).where(SbtrProposal.loi_upload_id.is_not(None))
        )
    )
    for data in db.session.scalars(db.select(Draft.data).filter_by(form_type="sbtr")):
        if isinstance(data, dict) and isinstance(data.get("loi_upload_id"), int):
            claimed.add(data["loi_upload_id"])
    old = db.session.scalars(db.select(SbtrUpload.id).where(SbtrUpload.created_at < cutoff))
    doomed = [upload_id for upload_id in old if upload_id not in claimed]
    if doomed:
        db.session.execute(db.delete(SbtrUpload).where(SbtrUpload.id.in_(doomed)))
    return len(doomed)
