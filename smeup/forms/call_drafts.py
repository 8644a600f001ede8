"""An agent's unfinished entries: saved as typed, listed in their own queue, resumed later."""

import secrets
from datetime import timedelta

from ..extensions import db
from ..models import Draft
from ..models.base import utcnow

CHANNEL = "phone"
NO_NAME = "（未填企業名稱）"
# Fields that belong to one rendering of the form, not to what the agent typed.
NOT_KEPT = frozenset({"csrf_token", "submission_key", "save_draft", "draft_token"})


def kept_fields(form_fields: dict[str, list[str]]) -> dict[str, list[str]]:
    """The raw typed values worth keeping from a posted form (field name → values)."""
    return {name: values for name, values in form_fields.items() if name not in NOT_KEPT}


def save_call_draft(
    *, owner_id: int, form_type: str, fields: dict[str, list[str]], draft: Draft | None, days: int
) -> Draft:
    """Keep `fields` as the owner's unfinished entry (a new one, or `draft` updated)."""
    if draft is None:
        draft = Draft(
            token=secrets.token_urlsafe(24), form_type=form_type, owner_id=owner_id, channel=CHANNEL
        )
        db.session.add(draft)
    name = (fields.get("company_name") or [""])[0].strip()
    draft.data = fields
    draft.label = name[:100] or NO_NAME
    draft.expires_at = utcnow() + timedelta(days=days)
    return draft


def own_draft(token: str | None, owner_id: int) -> Draft | None:
    """The owner's unexpired phone draft behind `token`, or None."""
    if not token or len(token) > 64:
        return None
    draft = db.session.scalar(
        db.select(Draft).filter_by(token=token, owner_id=owner_id, channel=CHANNEL)
    )
    if draft is None or draft.expires_at <= utcnow():
        return None
    return draft


def own_drafts(owner_id: int) -> list[Draft]:
    """The owner's unexpired phone drafts, most recently changed first."""
    query = (
        db.select(Draft)
        .filter_by(owner_id=owner_id, channel=CHANNEL)
        .where(Draft.expires_at > utcnow())
        .order_by(Draft.updated_at.desc(), Draft.id.desc())
    )
    return list(db.session.scalars(query))
