"""What the SBTR templates need besides the form: checklist, draft link, where focus goes."""

import segno

from ..links import public_url
from ..models import Draft
from ..models.sbtr import SbtrUpload
from .drafts import token_groups
from .eligibility import check_eligibility
from .formdata import Action
from .forms import MAX_MEMBERS, SbtrForm
from .plan import plan_end


def checklist(form: SbtrForm, upload: SbtrUpload | None) -> dict:
    """The live checklist and the plan period for what is filled in so far."""
    b_plus = form.category.data == "B_PLUS"
    result = check_eligibility(form.facts(has_loi=b_plus and upload is not None))
    start = form.planned_start.data
    return {
        "result": result,
        "plan_start": start,
        "plan_end": plan_end(start) if start else None,
    }


def draft_link(draft: Draft, just_saved: bool = False) -> dict:
    """The resume link in every form a person might use: URL, grouped code and QR code."""
    url = public_url("sbtr.resume", token=draft.token)
    return {
        "url": url,
        "token": draft.token,
        "groups": token_groups(draft.token),
        "qr": segno.make(url, error="m").svg_data_uri(scale=4, border=2),
        "expires_at": draft.expires_at,
        "just_saved": just_saved,
    }


def row_focus(action: Action, form: SbtrForm) -> str | None:
    """After adding a row its first field takes focus; after removing, the add button."""
    if action.kind == "add_member":
        row = form.members.entries[-1].form
        row.ubn.render_kw = dict(row.ubn.render_kw or {}, autofocus=True)
        return "row"
    if action.kind == "remove_member":
        return "add"
    return None


def error_list(form: SbtrForm, loi_error: str | None) -> list[dict]:
    """Every field error, in page order, each with a link to its field (row 0 is the company)."""
    found = []
    for f in form:
        if f.type in ("CSRFTokenField", "HiddenField") or f.name == "members" or not f.errors:
            continue
        anchor = f"{f.id}-0" if f.type == "RadioField" else f.id
        label = form.blueprint_label() if f.name == "blueprint" else f.label.text
        found.append({"href": f"#{anchor}", "label": label, "message": f.errors[0]})
    for n, row in enumerate(form.members.entries[1:], start=2):
        for sub in row.form:
            if sub.errors:
                label = f"第 {n} 家成員{sub.label.text}"
                found.append({"href": f"#{sub.id}", "label": label, "message": sub.errors[0]})
    if loi_error:
        found.append({"href": "#loi_file", "label": "合作意向書", "message": loi_error})
    return found


def context(
    form: SbtrForm,
    *,
    upload: SbtrUpload | None = None,
    loi_error: str | None = None,
    draft: Draft | None = None,
    errors: list[str] | tuple = (),
    focus: str | None = None,
    just_saved: bool = False,
) -> dict:
    """Everything the full form page and its partials read."""
    return {
        "form": form,
        "upload": upload,
        "loi_error": loi_error,
        "draft": draft_link(draft, just_saved) if draft else None,
        "errors": list(errors),
        "field_errors": error_list(form, loi_error),
        "focus": focus,
        "max_members": MAX_MEMBERS,
        **checklist(form, upload),
    }
