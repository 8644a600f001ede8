"""The public survey POST under generated input: never a 5xx, never an invalid stored ranking."""

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from smeup.extensions import db
from smeup.models.surveys import CourseResponse
from smeup.submission_keys import new_key
from tests.surveys.conftest import open_form

CODES = ["brand", "channels", "copy", "social", "events", "resources"]
NASTY = st.sampled_from(
    [
        "",
        " ",
        "brand",
        "BRAND",
        "企業品牌經營",
        "\u200b",
        "\u202e",
        "'; DROP TABLE survey;--",
        "<script>x</script>",
        "😀" * 40,
        "x" * 5000,
        "\x00",
        "0" * 31,
    ]
)
CODE_OR_NOISE = st.one_of(st.sampled_from(CODES), NASTY, st.text(max_size=50))


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    ranks=st.one_of(
        st.lists(CODE_OR_NOISE, min_size=0, max_size=7),
        st.permutations(CODES).map(lambda codes: codes[:5]),
    ),
    company=st.one_of(st.just("測試商行"), NASTY, st.text(max_size=120)),
    phone=st.one_of(st.just("0912345678"), NASTY, st.text(max_size=30)),
    location=st.one_of(st.sampled_from(["鹿港", "審計新村"]), NASTY),
    consent=st.sampled_from(["y", "", "n", "on"]),
)
def test_generated_posts(client, app, demo_survey, ranks, company, phone, location, consent):
    hidden = open_form(client, demo_survey)
    data = {
        "csrf_token": hidden["csrf_token"],
        "submission_key": new_key(),
        "company_name": company,
        "contact_name": "測試",
        "contact_phone": phone,
        "location": location,
        "consent": consent,
        **{f"rank_{i}": code for i, code in enumerate(ranks, start=1)},
    }
    response = client.post(f"/surveys/{demo_survey}", data=data)
    assert response.status_code in (303, 422), response.status_code
    event(f"status {response.status_code}")
    if response.status_code == 422:
        assert "<script>x</script>" not in response.get_data(as_text=True)
    with app.app_context():
        for stored in db.session.scalars(db.select(CourseResponse)):
            assert len(stored.ranks) == 5 and len(set(stored.ranks)) == 5
            assert set(stored.ranks) <= set(CODES)
            assert stored.location in ("鹿港", "審計新村", "扇形車庫", "台東樂活")
