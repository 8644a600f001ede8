"""The kiosk forms an outbox entry may hold, found by the URL the form posts to."""

from dataclasses import dataclass
from typing import Any

from flask import current_app
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RoutingException

from ..extensions import db
from ..forms.catalogue import FORM_TITLES
from ..intake import Intake
from ..models.surveys import Survey
from ..netzero.forms import NetzeroForm
from ..netzero.store import store_check
from ..submissions import Stored
from ..surveys.forms import course_form_class
from ..surveys.responses import store_response
from ..surveys.views import answer_of

NO_CSRF = {"csrf": False}  # the delivery request itself carries a fresh CSRF token


@dataclass
class OutboxForm:
    """A filled form of one kind, checked by that form's own validators."""

    form: Any
    survey: Survey | None = None

    @property
    def event_form(self) -> str:
        """The key under which an event offers this form (forms/catalogue.py)."""
        return "netzero" if self.survey is None else "course"

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

    def store(self, key: str, intake: Intake) -> Stored:
        """Store once under `key` (KeyReused for the same key with other answers)."""
        if self.survey is None:
            return store_check(key, self.form.netzero_data(), intake)
        return store_response(self.survey, answer_of(self.form), key, intake)


def form_for_path(path: str, formdata: MultiDict) -> OutboxForm | None:
    """The net-zero check or a course survey posted to `path`; None for any other URL."""
    adapter = current_app.url_map.bind("outbox.invalid")
    try:
        endpoint, args = adapter.match(path, method="POST")
    except (HTTPException, RoutingException):
        return None
    if endpoint == "netzero.form":
        return OutboxForm(NetzeroForm(formdata=formdata, meta=NO_CSRF))
    if endpoint == "surveys.respond":
        survey = db.session.get(Survey, args["survey_id"])
        if survey is None:
            return None
        return OutboxForm(course_form_class(survey)(formdata=formdata, meta=NO_CSRF), survey)
    return None
