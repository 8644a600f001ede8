"""Text people send us loses its control and bidirectional characters at the door, once.

One rule (validators.without_controls: C0/C1 controls but tab and line breaks, and the bidi
embeddings, overrides, isolates and marks), applied where text comes in, not field by field:

- CleanRequest, the app's request class (create_app sets it): every form field and query
  parameter of every request, whichever way a view reads it: a WTForms form, request.form.get,
  or a dict of the whole form;
- CleanForm, the base of the forms that are also filled from elsewhere than the request (a kiosk
  outbox entry delivered later, a draft saved earlier): it cleans whatever formdata it is given.

Passwords are left as typed: only their hash is kept, and changing what was typed would lock
out an account whose password was set another way (the CLI).
"""

from flask import Request
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from werkzeug.utils import cached_property

from .validators import without_controls


def _secret(name: str) -> bool:
    return "password" in name.lower()


def clean_pairs(formdata) -> list[tuple[str, object]]:
    """(name, value) pairs of a multidict, text cleaned; files and passwords as they are."""
    pairs = []
    for name in formdata:
        for value in formdata.getlist(name):
            if isinstance(value, str) and not _secret(name):
                value = without_controls(value)
            pairs.append((without_controls(name), value))
    return pairs


def clean_formdata(formdata):
    """A cleaned copy of `formdata` (anything with getlist); None stays None."""
    if formdata is None:
        return None
    return MultiDict(clean_pairs(formdata))


class CleanRequest(Request):
    """Flask's request, its form fields and query parameters cleaned as they are first read."""

    def _load_form_data(self) -> None:
        loaded = "form" in self.__dict__
        super()._load_form_data()
        if not loaded:
            self.__dict__["form"] = self.parameter_storage_class(clean_pairs(self.form))

    @cached_property
    def args(self):
        """The query parameters, cleaned."""
        return self.parameter_storage_class(clean_pairs(super().args))


class CleanForm(FlaskForm):
    """A form that cleans its formdata, whether it comes from the request or from elsewhere."""

    class Meta:
        def wrap_formdata(self, form, formdata):
            return clean_formdata(super().wrap_formdata(form, formdata))
