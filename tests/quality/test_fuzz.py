"""Every public form endpoint fuzzed with hostile input (quality.md, Bad input).

Long strings, control, RTL and zero-width characters, emoji, SQL and HTML fragments, numbers out
of range, NaN/Infinity, full-width digits: never a 5xx, everything typed comes back escaped, and
whatever got stored passes the form's own validation when read back.
"""

import re
from decimal import Decimal
from urllib.parse import quote

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from smeup.company.phone import parse_phone
from smeup.company.ubn import is_valid_ubn
from smeup.extensions import db
from smeup.models import Submission
from smeup.submission_keys import new_key
from tests.helpers import NETZERO_FORM, login
from tests.quality.strategies import assert_escaped, hostile_form, hostile_text

FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)
ANSWERS = ("cbam_export", "listed_company", "supplier_to_listed", "has_inventory", "has_target")
NETZERO = {**NETZERO_FORM, **dict.fromkeys(ANSWERS, "no")}
OK = (200, 303, 422)


def token_of(page: str) -> str:
    """The CSRF token a page carries (form field or htmx header)."""
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'"X-CSRFToken": "([^"]+)"', page
    )
    assert match, "no CSRF token"
    return match.group(1)


def post_and_follow(client, url: str, data: dict, htmx: bool, multipart: bool = False):
    """POST; check the answer (and the page it sends to) for 5xx and unescaped input."""
    headers = {"HX-Request": "true"} if htmx else {}
    kwargs = {"content_type": "multipart/form-data"} if multipart else {}
    response = client.post(url, data=data, headers=headers, **kwargs)
    body = response.get_data(as_text=True)
    assert response.status_code in OK, (response.status_code, body[:2000])
    assert_escaped(body, url)
    target = response.headers.get("HX-Redirect") or response.headers.get("Location")
    if target:
        page = client.get(target)
        assert page.status_code == 200, (target, page.status_code)
        assert_escaped(page.get_data(as_text=True), target)
    return response


def test_netzero_form(app, client, users):
    csrf = token_of(client.get("/netzero/").get_data(as_text=True))

    @FUZZ
    @given(
        data=hostile_form(NETZERO, tuple(NETZERO)),
        key=st.one_of(st.none(), st.none(), hostile_text),
        htmx=st.booleans(),
    )
    @example(data={**NETZERO, "company_name": "綠能\x00五金"}, key=None, htmx=False)
    @example(data={**NETZERO, "contact_name": "林\x07小\x1b[31m姐"}, key=None, htmx=True)
    @example(data={**NETZERO, "company_name": "<script>alert(1)</script>"}, key=None, htmx=False)
    def fuzz(data, key, htmx):
        body = {**data, "csrf_token": csrf, "submission_key": new_key() if key is None else key}
        post_and_follow(client, "/netzero/", body, htmx)

    fuzz()
    assert_netzero_rows_revalidate(app)
    assert_officer_pages_escaped(app, client, users, "netzero")


def assert_officer_pages_escaped(app, client, users, form_type: str) -> None:
    """What was typed shows escaped in the officer's list and detail pages too."""
    assert login(client, users["officer"]).status_code == 302
    with app.app_context():
        ids = db.session.scalars(
            db.select(Submission.id)
            .filter_by(form_type=form_type)
            .order_by(Submission.id)
            .limit(40)
        ).all()
    for url in [f"/console/{form_type}/", *(f"/console/{form_type}/{i}" for i in ids)]:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert_escaped(response.get_data(as_text=True), url)


def _plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def assert_netzero_rows_revalidate(app):
    """Each stored check, read back into the form, passes its validation unchanged."""
    from smeup.netzero.forms import NetzeroForm

    with app.test_request_context("/netzero/", method="POST"):
        rows = db.session.scalars(db.select(Submission).filter_by(form_type="netzero")).all()
        assert rows, "the fuzzing stored nothing at all: the base case must be valid"
        for s in rows:
            check = s.netzero
            values = {name: _plain(getattr(s, name)) for name in NETZERO if hasattr(s, name)}
            values |= {
                name: _plain(getattr(check, name)) for name in NETZERO if hasattr(check, name)
            }
            values["consent"] = "y" if s.consent else ""
            form = NetzeroForm(formdata=MultiDict(values), meta={"csrf": False})
            assert form.validate(), (s.id, form.errors, form.energy_error, values)
            assert is_valid_ubn(s.ubn)
            assert parse_phone(s.contact_phone) == s.contact_phone
            assert form.company_data()["company_name"] == s.company_name
            assert_no_controls(s.company_name, s.contact_name, s.contact_email or "")
            energy = [
                getattr(check, k) for k in NETZERO if k.endswith(("_kwh", "_m3", "_kg", "_l"))
            ]
            assert all(0 <= e <= 10_000_000_000 for e in energy) and any(energy)


# C0 controls (but tab and line breaks) and DEL mean nothing in a form value, and PostgreSQL
# cannot store NUL: the SBTR form removes them (smeup/sbtr/fields.py), so must every form.
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def assert_no_controls(*texts: str) -> None:
    for text in texts:
        assert not CONTROLS.search(text), f"control character stored: {text!r}"


def test_inline_validation(app, client):
    csrf = token_of(client.get("/netzero/").get_data(as_text=True))
    names = st.one_of(
        st.sampled_from(tuple(NETZERO) + ("csrf_token", "submission_key")), hostile_text
    )
    forms = st.one_of(st.sampled_from(("netzero", "course", "sbtr")), hostile_text)

    @FUZZ
    @given(form_key=forms, name=names, value=hostile_text, extra=hostile_form(NETZERO, ("ubn",)))
    def fuzz(form_key, name, value, extra):
        url = f"/validate/{quote(form_key, safe='') or 'x'}/{quote(name, safe='') or 'x'}"
        response = client.post(url, data={**extra, name: value}, headers={"X-CSRFToken": csrf})
        body = response.get_data(as_text=True)
        # A field named csrf_token replaces the real token: refused, rightly.
        allowed = (200, 404, 400) if name == "csrf_token" else (200, 404)
        assert response.status_code in allowed, (url, response.status_code, body[:1000])
        assert_escaped(body, url)

    fuzz()
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Submission)) == 0


def open_survey(app) -> tuple[int, dict[str, str]]:
    """The demo ranking survey, stored; its id and a valid response."""
    from smeup.surveys.demo import seed

    with app.app_context():
        survey = seed()
        db.session.commit()
        data = {
            "company_name": "山海創生有限公司",
            "ubn": "",
            "contact_name": "林小姐",
            "contact_phone": "0912-345-678",
            "consent": "y",
        }
        if survey.locations:
            data["location"] = survey.locations[0]
        codes = [o.code for o in survey.visible_options]
        for rank in range(1, survey.rank_slots + 1):
            data[f"rank_{rank}"] = codes[rank - 1] if rank <= survey.min_ranked else ""
        return survey.id, data


def test_survey_response(app, client, users):
    survey_id, valid = open_survey(app)
    url = f"/surveys/{survey_id}"
    csrf = token_of(client.get(url).get_data(as_text=True))
    rank_values = st.one_of(hostile_text, st.sampled_from(list(valid.values())))

    @FUZZ
    @given(
        data=hostile_form(valid, tuple(valid)),
        ranks=st.dictionaries(
            st.sampled_from([k for k in valid if k.startswith("rank_")]), rank_values, max_size=3
        ),
        htmx=st.booleans(),
    )
    @example(data={**valid, "company_name": "山海\x00創生"}, ranks={}, htmx=False)
    def fuzz(data, ranks, htmx):
        body = {**data, **ranks, "csrf_token": csrf, "submission_key": new_key()}
        post_and_follow(client, url, body, htmx)

    fuzz()
    assert_course_rows_valid(app, survey_id)
    assert_officer_pages_escaped(app, client, users, "course")


def assert_course_rows_valid(app, survey_id: int):
    """Each stored response ranks only the survey's options, once each, within its limits."""
    from smeup.models.surveys import Survey

    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        codes = {o.code for o in survey.options}
        rows = db.session.scalars(db.select(Submission).filter_by(form_type="course")).all()
        assert rows, "the fuzzing stored nothing at all: the base case must be valid"
        for s in rows:
            ranks = s.course.ranks
            assert set(ranks) <= codes and len(set(ranks)) == len(ranks)
            assert survey.min_ranked <= len(ranks) <= survey.max_ranked
            assert s.ubn is None or s.ubn == "" or is_valid_ubn(s.ubn)
            assert parse_phone(s.contact_phone) == s.contact_phone
            assert s.consent is True
            assert 0 < len(s.company_name) <= 100 and s.company_name == s.company_name.strip()
            assert_no_controls(s.company_name, s.contact_name)
