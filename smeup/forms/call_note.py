"""The call note staff write with a form entered on the phone (the net-zero check, the navigator)."""

from .validators import without_controls

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
