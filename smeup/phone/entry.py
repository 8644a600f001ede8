"""Storing a net-zero check entered on the phone: the caller's answers plus the call note."""

from collections.abc import Mapping
from typing import Any

from ..extensions import db
from ..forms.company import COMPANY_FIELDS
from ..forms.validators import without_controls
from ..intake import Intake
from ..models import Draft, Submission
from ..netzero.store import FORM_TYPE, build_check
from ..submissions import Stored, store_once

CALL_NOTE_MAX = 2000
CALL_NOTE_TOO_LONG = "通話紀錄最多 {max:,} 個字，目前 {n:,} 個字，請刪減"


def clean_call_note(raw: str | None) -> str:
    """The call note with line breaks made uniform, control characters dropped, space trimmed."""
    return without_controls((raw or "").replace("\r\n", "\n").replace("\r", "\n")).strip()


def call_note_error(note: str) -> str | None:
    """What is wrong with a call note, or None."""
    if len(note) > CALL_NOTE_MAX:
        return CALL_NOTE_TOO_LONG.format(max=CALL_NOTE_MAX, n=len(note))
    return None


def store_netzero_call(
    key: str, data: Mapping[str, Any], intake: Intake, call_note: str, draft: Draft | None
) -> Stored:
    """Store the check once under `key` with its call note; the resumed draft goes with it."""

    check = build_check(data)  # judged before the write unit: no lock needed

    def build() -> Submission:
        submission = Submission(
            **intake.envelope(FORM_TYPE),
            call_note=call_note or None,
            **{name: data[name] for name in COMPANY_FIELDS},
        )
        submission.netzero = check
        if draft is not None:
            db.session.delete(draft)
        return submission

    return store_once(key, {**data, "call_note": call_note}, build)
