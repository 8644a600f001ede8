"""The navigator form fuzzed (quality.md, Bad input): never a 5xx, input escaped, stored rows valid."""

from datetime import date
from urllib.parse import quote

from hypothesis import example, given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from smeup.company.phone import parse_phone
from smeup.company.ubn import is_valid_ubn
from smeup.extensions import db
from smeup.models import Submission
from smeup.programmes.rules import VERDICTS
from smeup.submission_keys import new_key
from tests.helpers import NAVIGATOR_FORM
from tests.quality.strategies import assert_escaped, hostile_form, hostile_text
from tests.quality.test_fuzz import (
    FUZZ,
    assert_no_controls,
    assert_officer_pages_escaped,
    post_and_follow,
    token_of,
)

CODES = st.sampled_from(["rnd", "cocreation", "accelerator", "digital", "netzero", "x"])


def test_navigator_form(app, client, users):
    csrf = token_of(client.get("/navigator/").get_data(as_text=True))

    @FUZZ
    @given(
        data=hostile_form(NAVIGATOR_FORM, tuple(NAVIGATOR_FORM)),
        need=st.one_of(st.none(), st.lists(st.one_of(CODES, hostile_text), max_size=6)),
        key=st.one_of(st.none(), st.none(), hostile_text),
        htmx=st.booleans(),
    )
    @example(data={**NAVIGATOR_FORM, "founded_on": "0001-01-01"}, need=None, key=None, htmx=False)
    @example(data={**NAVIGATOR_FORM, "founded_on": "9999-12-31"}, need=None, key=None, htmx=True)
    @example(
        data={**NAVIGATOR_FORM, "company_name": "<script>x</script>"},
        need=None,
        key=None,
        htmx=False,
    )
    def fuzz(data, need, key, htmx):
        body = {**data, "csrf_token": csrf, "submission_key": new_key() if key is None else key}
        if need is not None:
            body["need"] = need
        post_and_follow(client, "/navigator/", body, htmx)

    fuzz()
    assert_navigator_rows_revalidate(app)
    assert_officer_pages_escaped(app, client, users, "navigator")


def _plain(value) -> str | list[str]:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return value
    return str(value)


def assert_navigator_rows_revalidate(app):
    """Each stored pre-screen, read back into the form, passes its validation unchanged."""
    from smeup.programmes.forms import NavigatorForm

    with app.test_request_context("/navigator/", method="POST"):
        rows = db.session.scalars(db.select(Submission).filter_by(form_type="navigator")).all()
        assert rows, "the fuzzing stored nothing at all: the base case must be valid"
        for s in rows:
            check = s.navigator
            values = MultiDict()
            for name in NAVIGATOR_FORM:
                source = s if hasattr(Submission, name) else check
                value = _plain(getattr(source, name))
                if isinstance(value, list):
                    values.setlist(name, value)
                else:
                    values[name] = value
            values["consent"] = "y" if s.consent else ""
            form = NavigatorForm(formdata=values, meta={"csrf": False})
            assert form.validate(), (s.id, form.errors, values)
            assert s.ubn is None or is_valid_ubn(s.ubn)
            assert parse_phone(s.contact_phone) == s.contact_phone
            assert_no_controls(s.company_name, s.contact_name, s.contact_email or "")
            verdicts = {check.sbir_general, check.sbir_local, check.cocreation, check.accelerator}
            assert verdicts <= set(VERDICTS)


def test_navigator_judges_any_kept_registry_status(app, client):
    """Issue 24: the registry's kept status is judged and shown, whatever it says, escaped."""
    from smeup.forms.validators import clean_text
    from smeup.models.registry import RegistryAnswer

    csrf = token_of(client.get("/navigator/").get_data(as_text=True))

    @FUZZ
    @given(status=hostile_text, dissolved=st.booleans(), htmx=st.booleans())
    @example(status="<b>解散</b>", dissolved=True, htmx=False)
    @example(status="停業", dissolved=False, htmx=True)
    def fuzz(status, dissolved, htmx):
        with app.app_context():
            # The registry layer keeps only cleaned text (smeup/registry/answer.py).
            answer = RegistryAnswer(ubn=NAVIGATOR_FORM["ubn"], found=True, company_name="甲")
            answer.status, answer.dissolved = clean_text(status), dissolved
            db.session.merge(answer)
            db.session.commit()
        body = {**NAVIGATOR_FORM, "csrf_token": csrf, "submission_key": new_key()}
        post_and_follow(client, "/navigator/", body, htmx)

    fuzz()
    assert_navigator_rows_revalidate(app)


def test_navigator_inline_validation(app, client):
    csrf = token_of(client.get("/navigator/").get_data(as_text=True))
    names = st.one_of(st.sampled_from(tuple(NAVIGATOR_FORM)), hostile_text)

    @FUZZ
    @given(name=names, value=hostile_text, extra=hostile_form(NAVIGATOR_FORM, ("need", "org_form")))
    def fuzz(name, value, extra):
        url = f"/validate/navigator/{quote(name, safe='') or 'x'}"
        response = client.post(url, data={**extra, name: value}, headers={"X-CSRFToken": csrf})
        assert response.status_code in (200, 404), (url, response.status_code)
        assert_escaped(response.get_data(as_text=True), url)

    fuzz()
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Submission)) == 0
