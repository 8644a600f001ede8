"""A course's demand beside its sessions, and the people to invite (training.md, Sessions)."""

import csv
import io

from smeup.extensions import db
from smeup.models.digital import Site
from smeup.models.register import Company
from smeup.models.surveys import SurveyOption
from smeup.training.demand import demand, invitees_page, totals
from tests.console.factories import course, survey

from .admin_helpers import add_registration, audit_actions
from .conftest import make_session

OPTIONS = (("social", "社群媒體經營"), ("brand", "企業品牌經營"), ("copy", "熱銷文案策略"))


def answers() -> SurveyOption:
    """Eight answers to a survey ranking up to 3 courses; returns the 社群媒體經營 option."""
    of = survey(options=OPTIONS, max_ranked=3)
    db.session.add_all([Site(name="審計新村", county="臺中市"), Site(name="鹿港", county="彰化縣")])
    taipei = Company(ubn="04541302", name="臺北企業", county="臺北市")
    db.session.add(taipei)
    db.session.flush()
    # The survey asks no county: a site's county, or the company's in the register.
    rows = (  # ranks, county, location, phone, e-mail
        (("social", "brand", "copy"), "臺中市", "審計新村", "0911000001", "a@example.com"),
        (("brand", "social"), "臺中市", "審計新村", "0911000002", ""),
        (("brand", "copy", "social"), "彰化縣", "鹿港", "0911000003", None),
        (("brand", "copy"), "彰化縣", "鹿港", "0911000004", None),
        (("social",), "臺中市", "審計新村", "0911000005", "Reg@Example.com"),
        (("copy", "brand", "social"), "彰化縣", "鹿港", "0911000002", ""),  # the same person again
        (("social",), "臺北市", None, "0911000007", None),
        (("social",), "臺北市", None, "0911000008", None),
    )
    for n, (ranks, county, location, phone, email) in enumerate(rows, start=1):
        company = {"company_id": taipei.id} if county == "臺北市" else {}
        course(
            of,
            ranks=ranks,
            location=location,
            contact_phone=phone,
            contact_email=email,
            contact_name=f"填答者{n}",
            **company,
        )
    db.session.commit()
    option = db.session.scalar(db.select(SurveyOption).filter_by(code="social"))
    other = db.session.scalar(db.select(SurveyOption).filter_by(code="brand"))
    ours = make_session(course_option_id=option.id, title="社群班")
    theirs = make_session(course_option_id=other.id, title="品牌班")
    add_registration(
        ours, 91, attendee_phone="0999999999", attendee_email="reg@example.com"
    )  # answer 5, by e-mail
    add_registration(
        ours, 92, attendee_phone="0911000007", status="cancelled", seated_at=None
    )  # cancelled: still invited
    add_registration(theirs, 93, attendee_phone="0911000008")  # another course: still invited
    return option


def test_demand_by_county_and_by_site_counted_by_the_database(app):
    with app.app_context():
        option = answers()
        by_county = {r.place: (r.ranked, r.first, r.points) for r in demand(option, "county")}
        assert by_county == {"臺中市": (3, 2, 8), "臺北市": (2, 2, 6), "彰化縣": (2, 0, 2)}
        assert [r.place for r in demand(option, "county")] == ["臺中市", "臺北市", "彰化縣"]
        by_site = {r.place: (r.ranked, r.first, r.points) for r in demand(option, "site")}
        assert by_site == {"審計新村": (3, 2, 8), "鹿港": (2, 0, 2), "（未填）": (2, 2, 6)}
        total = totals(demand(option, "county"))
        assert (total.ranked, total.first, total.points) == (7, 4, 16)


def test_the_invite_list_leaves_out_people_registered_for_the_course(app):
    with app.app_context():
        option = answers()
        people, more, total = invitees_page(option, 1)
    assert total == 5 and not more
    by_phone = {p.contact_phone: p for p in people}
    assert set(by_phone) == {"0911000001", "0911000002", "0911000003", "0911000007", "0911000008"}
    assert (
        by_phone["0911000002"].rank == 3 and by_phone["0911000002"].location == "鹿港"
    )  # the latest answer
    assert by_phone["0911000001"].rank == 1 and by_phone["0911000007"].county == "臺北市"


def test_the_course_page_and_its_invite_export(app, auth):
    client = auth("officer")
    with app.app_context():
        option_id = answers().id
    page = client.get(f"/console/training/courses/{option_id}").get_data(as_text=True)
    assert "社群媒體經營：需求與場次" in page and "社群班" in page and "品牌班" not in page
    assert "共 7 人把這門課排入志願，4 人列為第一志願，積分 16" in page
    assert "共 5 人" in page and "填答者5" not in page and "填答者6" in page
    assert "社群媒體經營" in client.get("/console/training/courses").get_data(as_text=True)
    response = client.get(f"/console/training/courses/{option_id}/invite.csv")
    assert response.status_code == 200 and response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["問卷資料編號", "填答時間", "企業名稱"] and "聯絡電話" in rows[0]
    assert len(rows) == 6 and {r[rows[0].index("聯絡電話")] for r in rows[1:]} >= {"0911000001"}
    keys = client.get(f"/console/training/courses/{option_id}/invite.csv?headers=keys").data.decode(
        "utf-8-sig"
    )
    assert keys.startswith("submission_id,submitted_at,company_name")
    action, detail = audit_actions(app)[-1]
    assert action == "export" and detail["form_type"] == "training_invite" and detail["rows"] == 5
    assert client.get(f"/console/training/courses/{option_id}/invite.xlsx").status_code == 404
