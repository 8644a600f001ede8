"""The offer on a form: which company fields the registry's answer fills, and filling them."""

from __future__ import annotations

from collections.abc import Mapping

from flask import current_app

from ..company.ubn import normalise_ubn
from .lookup import Lookup, RegistrySettings, look_up, settings_from

# Form field → what fills it, in the order the offer names them. Employees are not in the
# registry: they are always asked. founded_on is the navigator form's 設立日期.
FILLABLE = {
    "company_name": "企業名稱",
    "county": "所在縣市",
    "paid_in_capital": "實收資本額",
    "founded_on": "設立日期",
}
LOOKUP_BUTTON = "registry_lookup"
FILL_BUTTON = "registry_fill"


def fill_values(lookup: Lookup, field_names) -> dict:
    """The values the registry's answer gives for the fillable fields among `field_names`."""
    if not lookup.found:
        return {}
    answer = lookup.answer
    values = {
        "company_name": answer.company_name,
        "county": answer.county,
        "paid_in_capital": answer.paid_in_capital,
        "founded_on": answer.founded_on,
    }
    return {
        name: value
        for name, value in values.items()
        if name in field_names and value not in (None, "")
    }


def fill_form(form, values: Mapping) -> list:
    """Put `values` into the form's fields, shown as the registry gave them; the fields filled."""
    filled = []
    for name, value in values.items():
        field = form[name]
        field.data = value
        field.raw_data = None  # show the registry's value, not what was typed before
        field.errors = []
        filled.append(field)
    return filled


def registry_form_action(form, formdata: Mapping) -> bool:
    """form_action with the app's registry settings (views call this one)."""
    return form_action(form, formdata, settings_from(current_app.config))


def fills_current_number(formdata: Mapping) -> bool:
    """True when 帶入 was pressed for the 統一編號 that is in the form now (not a stale offer)."""
    return normalise_ubn(formdata.get(FILL_BUTTON, "")) == normalise_ubn(formdata.get("ubn", ""))


def registry_prefill(raw_ubn: str, form_class) -> dict:
    """Form data for a new entry started from the registry's answer about `raw_ubn`."""
    ubn = normalise_ubn(raw_ubn)
    lookup = look_up(ubn, settings_from(current_app.config))
    names = {name for name in FILLABLE if getattr(form_class, name, None) is not None}
    return {"ubn": ubn, **fill_values(lookup, names)}


def form_action(form, formdata: Mapping, settings: RegistrySettings) -> bool:
    """The 查詢登記資料 / 帶入 buttons of a form posted without JavaScript.

    Sets form.registry_lookup (and form.registry_filled) for the page to show; True when the
    post was one of those buttons, so the view shows the form again instead of submitting it.
    """
    if FILL_BUTTON in formdata and fills_current_number(formdata):
        lookup = look_up(normalise_ubn(formdata[FILL_BUTTON]), settings)
        form.registry_lookup = lookup
        form.registry_filled = fill_form(form, fill_values(lookup, form._fields))
        return True
    if FILL_BUTTON in formdata:
        # The number was changed after the offer was shown: offer for the number there now.
        formdata = {LOOKUP_BUTTON: "1"}
    if LOOKUP_BUTTON in formdata and "ubn" in form:
        lookup = look_up(normalise_ubn(form.ubn.data or ""), settings)
        form.registry_lookup = lookup
        form.registry_fills = [FILLABLE[name] for name in fill_values(lookup, form._fields)]
        return True
    return False
