"""The kiosk forms an outbox entry may hold, found by the URL the form posts to.

The offline outbox carries forms it does not own (the net-zero check, a course survey), so it
cannot import their form classes or stores. Each form's own room registers, when its views load,
how to rebuild its form from an entry's fields and how to store it (as forms/call_stores.py does
for the phone), under the endpoint the form posts to; the outbox finds the entry's form here.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RoutingException

from ..intake import Intake
from ..models.surveys import Survey
from .catalogue import FORM_TITLES

NO_CSRF = {"csrf": False}  # the delivery request itself carries a fresh CSRF token


@dataclass
class OfflineForm:
    """A filled form of one kind, checked by that form's own validators.

    `event_form` is the key under which an event offers it (forms/catalogue.py); `save(key,
    intake)` stores the validated form once under `key` (KeyReused for the same key with other
    answers); `survey` is the course survey it answers, which must have been open when captured.
    """

    form: Any
    event_form: str
    save: Callable[[str, Intake], Any]
    survey: Survey | None = None

    @property
    def title(self) -> str:
        """The form's name as officers know it."""
        return FORM_TITLES[self.event_form]

    @property
    def errors(self):
        """The form's field errors."""
        return self.form.errors

    def validate(self) -> bool:
        """The same checks as a form posted online."""
        return self.form.validate()

    def store(self, key: str, intake: Intake) -> Any:
        """Store once under `key` (KeyReused for the same key with other answers)."""
        return self.save(key, intake)


# endpoint -> builder(view args, formdata) -> the filled form, or None (e.g. no such survey)
_BUILDERS: dict[str, Callable[[Mapping[str, Any], MultiDict], OfflineForm | None]] = {}


def offline_form(endpoint: str):
    """Decorator: `build(args, formdata) -> OfflineForm | None` rebuilds forms posted to
    `endpoint` (with the URL's view arguments) when they come through the outbox."""

    def decorate(build):
        _BUILDERS[endpoint] = build
        return build

    return decorate


def form_for_path(path: str, formdata: MultiDict) -> OfflineForm | None:
    """The registered kiosk form posted to `path`; None for any other URL."""
    adapter = current_app.url_map.bind("outbox.invalid")
    try:
        endpoint, args = adapter.match(path, method="POST")
    except (HTTPException, RoutingException):
        return None
    build = _BUILDERS.get(endpoint)
    return build(args, formdata) if build is not None else None
