"""Posted SBTR values, tidied before the form reads them: clean text, member rows renumbered.

Member rows arrive as members-N-... with gaps (a removed row) or odd indices. They are
renumbered 0..k with the applicant as row 0, whose enterprise values are copied from the
company block: the server, not the page, decides what row 0 holds.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass

from werkzeug.datastructures import MultiDict

from ..forms.validators import without_controls
from .forms import MAX_MEMBERS

_MEMBER_KEY = re.compile(r"^members-(\d{1,6})-([a-z_]+)$")
ROW_FIELDS = ("ubn", "name", "employees", "paid_in_capital", "prior_sbtr")
APPLICANT_FROM = {
    "ubn": "ubn",
    "name": "company_name",
    "employees": "employees",
    "paid_in_capital": "paid_in_capital",
}
# Values the form needs to run but that are not part of what the person typed.
CONTROL_KEYS = ("csrf_token", "submission_key", "action", "draft_token", "loi_token", "loi_file")


@dataclass(frozen=True)
class Action:
    """What the pressed button asked for: submit, save_draft, add_member or remove_member."""

    kind: str
    row: int | None = None


def parse_action(raw: str | None) -> Action:
    """Read the `action` button value; anything unknown means submit."""
    raw = (raw or "").strip()
    if raw in ("save_draft", "add_member"):
        return Action(raw)
    kind, _, row = raw.partition("-")
    if kind == "remove_member" and row.isascii() and row.isdigit() and len(row) < 4:
        return Action(kind, int(row))
    return Action("submit")


def prepare(formdata: Mapping, action: Action | None = None) -> MultiDict:
    """A clean MultiDict: control characters removed, member rows renumbered, row 0 derived."""
    plain: MultiDict = MultiDict()
    rows: dict[int, dict[str, str]] = {}
    items = formdata.items(multi=True) if hasattr(formdata, "getlist") else formdata.items()
    for key, value in items:
        if not isinstance(value, str):
            continue
        value = without_controls(value)
        match = _MEMBER_KEY.match(key)
        if match:
            if match.group(2) in ROW_FIELDS:
                rows.setdefault(int(match.group(1)), {}).setdefault(match.group(2), value)
        elif not key.startswith("members-"):
            plain.add(key, value)
    applicant = {row_key: plain.get(source, "") for row_key, source in APPLICANT_FROM.items()}
    if rows.pop(0, {}).get("prior_sbtr"):
        applicant["prior_sbtr"] = "y"
    others = [rows[i] for i in sorted(rows)]
    if action and action.kind == "remove_member" and action.row and action.row <= len(others):
        del others[action.row - 1]
    if action and action.kind == "add_member":
        others.append(dict.fromkeys(ROW_FIELDS[:4], ""))
    for index, row in enumerate([applicant, *others[: MAX_MEMBERS - 1]]):
        for name in ROW_FIELDS:
            if name in row:
                plain.add(f"members-{index}-{name}", row[name])
    return plain


def typed_values(formdata: MultiDict) -> dict[str, str]:
    """What the person typed, as a JSON-ready dict (for a draft)."""
    return {key: value for key, value in formdata.items() if key not in CONTROL_KEYS}


def row_count(formdata: MultiDict) -> int:
    """How many member rows the prepared data holds."""
    return len({k.split("-")[1] for k in formdata if k.startswith("members-")})
