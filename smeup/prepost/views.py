"""Taking a test (public, web and kiosk): the form, the server's score, the receipt."""

from flask import Blueprint, redirect, render_template, request, url_for

from ..access import access
from ..database import write_unit
from ..extensions import db
from ..intake import current_intake
from ..models.digital import Shop, Site
from ..models.prepost import CourseTest, TestAttempt
from ..ratelimits import public_submit_limit
from .definitions import OPEN_KINDS
from .results import rescored
from .taking import Participant, counted_score, read_answers, read_participant, store_attempt

bp = Blueprint("prepost", __name__, url_prefix="/tests")


def shop_choices() -> list[tuple[str, list[tuple[int, str]]]]:
    """Active shops grouped by site, for the participant's shop list."""
    rows = db.session.execute(
        db.select(Site.name, Shop.id, Shop.name)
        .join(Site, Site.id == Shop.site_id)
        .where(Shop.status == "active")
        .order_by(Site.name, Shop.name)
    ).all()
    groups: dict[str, list] = {}
    for site, shop_id, name in rows:
        groups.setdefault(site, []).append((shop_id, name))
    return list(groups.items())


def open_tests() -> list[CourseTest]:
    """The course tests open for taking, oldest first."""
    return db.session.scalars(
        db.select(CourseTest).where(CourseTest.open_kind.in_(OPEN_KINDS)).order_by(CourseTest.id)
    ).all()


@bp.app_context_processor
def course_tests_for_home():
    """`open_course_tests()` for the public home, which links the tests while one is open.

    A function, so only a page that calls it (main/home.html) asks the database.
    """
    return {"open_course_tests": open_tests}


@bp.route("/")
@access("public", kiosk=True)
def index():
    """The course tests open for taking (a kiosk start-screen tile leads here)."""
    return render_template("prepost/index.html", tests=open_tests(), kinds=OPEN_KINDS)


@bp.route("/<int:test_id>", methods=["GET", "POST"])
@access("public", kiosk=True)
@public_submit_limit
def take(test_id: int):
    """The test form (no right answers in it); a valid send is scored and shown on its receipt."""
    test = db.get_or_404(CourseTest, test_id)
    if test.open_kind not in OPEN_KINDS:
        return render_template("prepost/closed.html", test=test), 410
    who, answers = Participant({}), {}
    if request.method == "POST":
        who = read_participant(request.form)
        answers = read_answers(test, request.form)
        if not who.errors:
            with write_unit():
                attempt = store_attempt(test, who, answers, current_intake())
            return redirect(url_for("prepost.receipt", token=attempt.token), code=303)
    status = 422 if who.errors else 200
    return render_template(
        "prepost/take.html", test=test, who=who, answers=answers, shops=shop_choices()
    ), status


@bp.route("/result/<token>")
@access("public", kiosk=True)
def receipt(token: str):
    """The participant's score (by an unguessable link); after the 後測 both scores."""
    attempt = db.one_or_404(db.select(TestAttempt).filter_by(token=token))
    pair = None
    if attempt.kind == "post":
        # Both on the items the test counts now, so an item removed in between drops from both.
        test = attempt.test
        pre = counted_score(attempt.test_id, "pre", attempt.person_key)
        post = counted_score(attempt.test_id, "post", attempt.person_key)
        pair = {
            "pre": rescored(test, pre) if pre else None,
            "post": rescored(test, post) if post else None,
            "max": test.max_score,
            "changed": any(a and a.max_score != test.max_score for a in (pre, post)),
        }
    return render_template("prepost/receipt.html", attempt=attempt, pair=pair)
