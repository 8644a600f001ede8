"""The SBTR endpoints fuzzed (quality.md, Bad input): the proposal POST, checklist and rows."""

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from smeup.company.phone import parse_phone
from smeup.company.ubn import is_valid_ubn
from smeup.extensions import db
from smeup.models import Submission
from smeup.submission_keys import new_key
from tests.quality.strategies import assert_escaped, hostile_form, hostile_text
from tests.quality.test_fuzz import (
    FUZZ,
    assert_no_controls,
    assert_officer_pages_escaped,
    post_and_follow,
    token_of,
)

BLUEPRINT = "以在地老屋為基地，結合農產加工、手作體驗與社區導覽，建立可持續經營的城鄉創生事業。" * 2


def proposal() -> dict[str, str]:
    """A complete, eligible A類 proposal as a browser posts it."""
    from smeup.sbtr.forms import taipei_today

    return {
        "company_name": "山海創生有限公司",
        "ubn": "22099131",
        "county": "臺東縣",
        "industry": "I",
        "employees": "12",
        "paid_in_capital": "5,000,000",
        "contact_name": "林小姐",
        "contact_phone": "089-123-456",
        "contact_email": "lin@example.com",
        "consent": "y",
        "category": "A",
        "plan_title": "老屋新生：池上米食體驗基地",
        "site_county": "臺東縣",
        "site_address": "臺東縣池上鄉中山路 1 號",
        "site_right": "owned",
        "site_right_until": "",
        "site_operating": "y",
        "planned_start": (taipei_today() + timedelta(days=30)).isoformat(),
        "blueprint": BLUEPRINT,
        "expected_local_jobs": "5",
    }


MEMBER_KEYS = (
    "members-1-ubn",
    "members-1-name",
    "members-1-employees",
    "members-1-paid_in_capital",
)
ACTIONS = st.one_of(
    st.sampled_from(("submit", "submit", "submit", "add_member", "remove_member-1")), hostile_text
)


def test_sbtr_proposal(app, client, users):
    csrf = token_of(client.get("/sbtr/").get_data(as_text=True))
    base = proposal()

    @FUZZ
    @given(
        data=hostile_form(base, tuple(base) + MEMBER_KEYS),
        action=ACTIONS,
        htmx=st.booleans(),
    )
    def fuzz(data, action, htmx):
        body = {**data, "csrf_token": csrf, "submission_key": new_key(), "action": action}
        post_and_follow(client, "/sbtr/", body, htmx, multipart=True)

    fuzz()
    assert_sbtr_rows_valid(app)
    assert_officer_pages_escaped(app, client, users, "sbtr")


def assert_sbtr_rows_valid(app):
    """What got stored obeys the form's rules (forms.md §4)."""
    with app.app_context():
        rows = db.session.scalars(db.select(Submission).filter_by(form_type="sbtr")).all()
        assert rows, "the fuzzing stored nothing at all: the base case must be valid"
        for s in rows:
            p = s.sbtr
            assert is_valid_ubn(s.ubn) and parse_phone(s.contact_phone) == s.contact_phone
            assert 0 < len(p.plan_title) <= 60 and 0 < len(p.site_address) <= 200
            assert 50 <= len(p.blueprint) <= 3000
            assert 0 <= p.expected_local_jobs <= 1_000_000
            assert p.eligible and p.category in ("A", "B_PLUS")
            assert s.paid_in_capital is not None and 0 <= s.paid_in_capital <= 10**15
            assert_no_controls(s.company_name, s.contact_name, p.plan_title, p.site_address)
            assert_no_controls(p.blueprint, *(m.name for m in p.members))


def test_sbtr_checklist_and_rows(app, client):
    csrf = token_of(client.get("/sbtr/").get_data(as_text=True))
    base = proposal()

    @FUZZ
    @given(
        url=st.sampled_from(("/sbtr/check", "/sbtr/members")),
        data=hostile_form(base, tuple(base) + MEMBER_KEYS),
        action=ACTIONS,
    )
    def fuzz(url, data, action):
        response = client.post(
            url,
            data={**data, "action": action},
            headers={"X-CSRFToken": csrf, "HX-Request": "true"},
        )
        body = response.get_data(as_text=True)
        assert response.status_code == 200, (url, response.status_code, body[:1000])
        assert_escaped(body, url)

    fuzz()
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Submission)) == 0
