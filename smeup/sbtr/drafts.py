"""SBTR drafts: whatever was typed, kept under an unguessable token, apart from submissions."""

import secrets
from datetime import datetime, timedelta

from werkzeug.datastructures import MultiDict

from ..extensions import db
from ..intake import Intake
from ..models.base import utcnow
from ..models.draft import Draft
from ..models.sbtr import SbtrUpload
from .formdata import typed_values

FORM_TYPE = "sbtr"


def new_token() -> str:
    """A resume token: 32 URL-safe characters, unguessable."""
    return secrets.token_urlsafe(24)


def token_groups(token: str) -> list[str]:
    """The token in groups of 4 characters, to read out or copy down by hand."""
    return [token[i : i + 4] for i in range(0, len(token), 4)]


def draft_label(values: dict) -> str:
    """What officers see in the list: the company and the plan title, as far as typed."""
    company = (values.get("company_name") or "").strip() or "（未填企業名稱）"
    title = (values.get("plan_title") or "").strip()
    return (f"{company}｜{title}" if title else company)[:100]


def live_draft(token: str | None, now: datetime | None = None) -> Draft | None:
    """The draft with this token, unless it is missing or expired."""
    token = (token or "").strip()
    if not token or len(token) > 64:
        return None
    draft = db.session.scalar(db.select(Draft).filter_by(token=token, form_type=FORM_TYPE))
    if draft is None or draft.expires_at <= (now or utcnow()):
        return None
    return draft


def save_draft(
    formdata: MultiDict,
    existing: Draft | None,
    upload: SbtrUpload | None,
    intake: Intake,
    keep_days: int,
) -> Draft:
    """Create or update a draft (the caller commits); it expires keep_days after this save."""
    values = typed_values(formdata)
    if upload is not None:
        values["loi_upload_id"] = upload.id
    now = utcnow()
    draft = existing or Draft(token=new_token(), form_type=FORM_TYPE, created_at=now)
    draft.data = values
    draft.label = draft_label(values)
    draft.channel = intake.channel
    draft.event_id = intake.event_id
    draft.owner_id = intake.entered_by_id
    draft.updated_at = now
    draft.expires_at = now + timedelta(days=keep_days)
    if existing is None:
        db.session.add(draft)
    return draft


def draft_upload(draft: Draft) -> SbtrUpload | None:
    """The letter of intent kept with a draft, if any."""
    upload_id = (draft.data or {}).get("loi_upload_id")
    return db.session.get(SbtrUpload, upload_id) if isinstance(upload_id, int) else None


def draft_formdata(draft: Draft) -> MultiDict:
    """The draft's values as form data, to fill the form again."""
    values = {k: v for k, v in (draft.data or {}).items() if isinstance(v, str)}
    return MultiDict(values)


def purge_expired(now: datetime | None = None) -> int:
    """Delete every expired draft (any form); returns how many."""
    result = db.session.execute(db.delete(Draft).where(Draft.expires_at <= (now or utcnow())))
    return result.rowcount or 0
