"""實戰培訓 for officers in a browser: the session page (figures, test scores, registrations),
the session form and a 研習證明, at 1024×768 and on a 390 px phone, with axe and the Nu checker,
and no page wider than the screen."""

import io
import secrets
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from smeup.extensions import db
from smeup.models.base import utcnow
from smeup.models.prepost import CourseTest, TestAttempt
from smeup.models.training import TrainingRegistration
from tests.browser.conftest import PHONE, TABLET, new_context, sign_in
from tests.console.factories import course
from tests.helpers import PASSWORD
from tests.prepost.conftest import build_test
from tests.training.admin_helpers import add_registration
from tests.training.conftest import make_session

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots")


def seeded(app) -> tuple[int, int, int]:
    """A session that ended yesterday with its test, 12 registrations in every state."""
    with app.app_context():
        test = db.session.get(CourseTest, build_test("post"))
        start = (utcnow() - timedelta(days=1)).replace(hour=1, minute=30, second=0, microsecond=0)
        session = make_session(
            title="社群行銷實戰班（臺中場）：用 LINE 官方帳號經營熟客",
            starts_at=start,
            ends_at=start + timedelta(hours=6),
            capacity=10,
            seats_taken=9,
            course_option_id=test.course_option_id,
            course_test_id=test.id,
            audience="9 人以下微型企業",
            contact_name="王承辦",
            contact_phone="0422223333",
            contact_email="office@example.com",
        )
        for n in range(1, 10):
            add_registration(
                session,
                n,
                company_name=f"日日好咖啡有限公司第{n}分店",
                ubn="22099131" if n == 1 else None,
                attended=n <= 6,
                checked_in_at=start - timedelta(minutes=10 - n) if n <= 6 else None,
                checkin_source="scan" if n <= 6 else "",
            )
        add_registration(session, 10, status="waitlisted", seated_at=None)
        add_registration(
            session,
            11,
            status="cancelled",
            cancelled_at=start - timedelta(days=1),
            cancelled_by="self",
        )
        add_registration(
            session,
            12,
            status="cancelled",
            cancelled_at=start + timedelta(minutes=5),
            cancelled_by="staff",
        )
        items = test.visible_items
        for n, (pre, post) in enumerate(((2, 5), (3, 6), (1, 4)), start=1):
            for kind, score in (("pre", pre), ("post", post)):
                points = [min(score, 2), min(max(score - 2, 0), 3), max(score - 5, 0)]
                db.session.add(
                    TestAttempt(
                        test_id=test.id,
                        kind=kind,
                        token=secrets.token_urlsafe(16),
                        name=f"學員{n}",
                        phone=f"09{n:08d}",
                        person_key=f"ubn:|09{n:08d}",
                        item_scores={str(i.id): p for i, p in zip(items, points, strict=True)},
                        score=score,
                        max_score=6,
                        counted=True,
                        counted_key=secrets.token_hex(8),
                    )
                )
        for n in range(3):  # survey answers ranking the course: demand and people to invite
            course(
                test.course.survey,
                ranks=("digital101",),
                location=None,
                contact_phone=f"091100000{n}",
                contact_name=f"陳美玲{n}",
            )
        db.session.commit()
        first = db.session.scalar(
            db.select(TrainingRegistration.id).filter_by(attendee_name="學員1")
        )
        return session.id, first, test.course_option_id


def fits(page, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width} px wide at {width}"


def test_the_officer_session_page_on_a_tablet_and_a_phone(
    app, browser, live_server, users, check_page
):
    SHOTS.mkdir(exist_ok=True)
    session_id, first, option_id = seeded(app)
    pages = {
        "session": f"/console/training/{session_id}",
        "list": "/console/training/?tab=past",
        "form": f"/console/training/{session_id}/edit",
        "certificate": f"/console/training/{session_id}/certificates/{first}",
        "course": f"/console/training/courses/{option_id}",
        "courses": "/console/training/courses",
        "cancel": f"/console/training/{session_id}/cancel",
    }
    for name, viewport in (("tablet", TABLET), ("phone", PHONE)):
        context = new_context(browser, viewport=viewport)
        page = context.new_page()
        sign_in(page, live_server, users["officer"], PASSWORD)
        for label, path in pages.items():
            page.goto(live_server + path)
            check_page(page, label=f"{label} ({name})")
            fits(page, viewport["width"])
            page.screenshot(path=str(SHOTS / f"training-admin-{label}-{name}.png"), full_page=True)
            if name == "phone":  # a phone's full page is too tall to look at whole: in screens
                height = page.evaluate("document.documentElement.scrollHeight")
                for n, top in enumerate(range(0, min(height, 6000), 1200)):
                    clip = {"x": 0, "y": top, "width": 390, "height": min(1200, height - top)}
                    page.screenshot(
                        path=str(SHOTS / f"training-admin-{label}-phone-{n}.png"),
                        clip=clip,
                        full_page=True,
                    )
        page.goto(live_server + pages["session"])
        assert page.locator(".figure-grid dd").first.inner_text() == "9"
        assert (
            "60.0%" in page.content()
        )  # 6 of 10 expected: 9 seated, and one cancelled after the start
        assert "+3.0 分" in page.content()
        if name == "tablet":  # the search narrows the table as one types (htmx)
            page.get_by_label("搜尋").fill("學員1")
            page.wait_for_function(
                "() => !document.querySelector('#registrations').textContent.includes('學員5')"
            )
            assert page.locator("#registrations tbody tr").count() == 4  # 學員1, 10, 11, 12
            assert "q=" in page.url
            check_page(page, label="searched (tablet)")
        if name == "tablet":  # printed: one A4 page per attendee
            page.goto(f"{live_server}/console/training/{session_id}/certificates")
            check_page(page, label="every certificate")
            pdf = page.pdf(format="A4", print_background=True)
            (SHOTS / "training-certificates.pdf").write_bytes(pdf)
            reader = PdfReader(io.BytesIO(pdf))
            assert len(reader.pages) == 6
            assert "學員6" in reader.pages[5].extract_text()
        if name == "phone":  # a new session sent empty: every error beside its field
            page.goto(f"{live_server}/console/training/new")
            assert page.locator("#field-topic").is_hidden()  # a course by default
            page.get_by_role("radio", name="說明會").check()
            assert (
                page.locator("#field-course").is_hidden()
                and page.locator("#field-topic").is_visible()
            )
            page.get_by_role("radio", name="線上", exact=True).check()
            assert (
                page.locator("#field-venue").is_hidden()
                and page.locator("#field-meeting_url").is_visible()
            )
            page.get_by_role("button", name="新增場次").click()
            page.wait_for_load_state("load")
            assert "請填寫場次名稱" in page.content() and "線上上課請填寫會議連結" in page.content()
            check_page(page, label="new session with errors (phone)")
            fits(page, viewport["width"])
            page.screenshot(path=str(SHOTS / "training-admin-form-errors-phone.png"))
            page.goto(live_server + pages["session"])
            page.get_by_label("狀態").select_option(label="候補")
            page.get_by_role("button", name="篩選").click()
            # htmx swaps the table in place (no page load to wait for): wait for the new rows
            page.wait_for_function(
                "() => { const t = document.querySelector('#registrations').innerHTML;"
                " return t.includes('學員10') && !t.includes('學員2<'); }"
            )
            assert "學員10" in page.content() and "學員2<" not in page.content()
            check_page(page, label="filtered (phone)")
            fits(page, viewport["width"])
        context.close()
