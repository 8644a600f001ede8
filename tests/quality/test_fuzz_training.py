"""The training registration form fuzzed (quality.md, Bad input): never a 5xx, input escaped,
every stored registration valid by the form's own rules, and no seat counted twice."""

from hypothesis import example, given
from werkzeug.datastructures import MultiDict

from smeup.extensions import db
from smeup.models.training import TrainingRegistration, TrainingSession
from smeup.training.forms import RegistrationForm
from tests.quality.strategies import hostile_form
from tests.quality.test_fuzz import FUZZ, assert_no_controls, post_and_follow, token_of
from tests.training.conftest import form_data, make_session

BASE = form_data(1)


def test_registration_form(app, client):
    with app.app_context():
        session_id = make_session(capacity=1000).id
    url = f"/training/{session_id}"
    csrf = token_of(client.get(url).get_data(as_text=True))

    @FUZZ
    @given(data=hostile_form(BASE, tuple(BASE)))
    @example(data={**BASE, "contact_name": "<script>x</script>"})
    @example(data={**BASE, "contact_phone": "0912-345-678#12"})
    def fuzz(data):
        post_and_follow(client, url, {**data, "csrf_token": csrf}, htmx=False)

    fuzz()
    with app.test_request_context(url, method="POST"):
        rows = db.session.scalars(db.select(TrainingRegistration)).all()
        assert rows, "the fuzzing stored nothing at all: the base case must be valid"
        for r in rows:
            values = MultiDict(
                {
                    "company_name": r.company_name,
                    "ubn": r.ubn or "",
                    "county": r.county or "",
                    "industry": r.industry or "",
                    "employees": "" if r.employees is None else str(r.employees),
                    "paid_in_capital": "" if r.paid_in_capital is None else str(r.paid_in_capital),
                    "contact_name": r.attendee_name,
                    "contact_phone": r.attendee_phone,
                    "contact_email": r.attendee_email,
                    "attendee_title": r.attendee_title,
                    "consent": "y",
                }
            )
            form = RegistrationForm(formdata=values, meta={"csrf": False})
            assert form.validate(), (r.id, form.errors)
            assert_no_controls(r.company_name, r.attendee_name, r.attendee_title)
        seated = sum(r.status == "registered" for r in rows)
        assert db.session.get(TrainingSession, session_id).seats_taken == seated
