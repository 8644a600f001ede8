"""Officers' pages for course tests: define items, open as 前測 or 後測, close, see results."""

import segno
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..access import access
from ..audit import record
from ..database import write_unit
from ..extensions import db
from ..ids import parse_id
from ..models.prepost import CourseTest, TestItem
from ..models.surveys import SurveyOption
from .charts import SLOPE_LIMIT, item_chart, person_chart
from .definitions import (
    OPEN_KINDS,
    ItemInput,
    add_item,
    has_attempts,
    item_values,
    move_item,
    read_item,
    remove_item,
    update_item,
)
from .figures import shown
from .results import counted, item_shares, names_by_person, test_figures

bp = Blueprint("prepost_admin", __name__, url_prefix="/console/tests")
LOCKED = "已有人作答，題目不能再修改或調整順序，只能移除。"


def qr_data_uri(url: str) -> str:
    """An SVG QR code of the 作答網址 as a data: URI for an <img> (the CSP allows data: images)."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=4, dark="#000", light="#fff")


def course_options() -> list[SurveyOption]:
    """The courses a test can be for: the visible options of the course surveys."""
    return db.session.scalars(
        db.select(SurveyOption)
        .where(SurveyOption.hidden.is_(False))
        .order_by(SurveyOption.survey_id, SurveyOption.position)
    ).all()


@bp.route("/", methods=["GET", "POST"])
@access("officer")
def index():
    """The tests, and a form to start a new one for a course."""
    errors, values = {}, {}
    if request.method == "POST":
        values = {k: (request.form.get(k) or "").strip() for k in ("title", "course")}
        course_id = parse_id(values["course"])
        course = db.session.get(SurveyOption, course_id) if course_id else None
        if course is None:
            errors["course"] = "請選擇課程"
        if not values["title"] or len(values["title"]) > 100:
            errors["title"] = "請填寫測驗名稱（100 字以內）"
        if not errors:
            with write_unit():
                test = CourseTest(
                    course=course, title=values["title"], created_by_id=current_user.id
                )
                db.session.add(test)
                db.session.flush()
                record("prepost_test_create", test_id=test.id)
            return redirect(url_for("prepost_admin.edit", test_id=test.id), code=303)
    tests = db.session.scalars(db.select(CourseTest).order_by(CourseTest.id.desc())).all()
    return render_template(
        "prepost/admin_index.html",
        tests=tests,
        courses=course_options(),
        errors=errors,
        values=values,
    ), (422 if errors else 200)


@bp.route("/<int:test_id>", methods=["GET", "POST"])
@access("officer")
def edit(test_id: int):
    """A test's items; POST adds one (kept as typed with its errors when invalid)."""
    test = db.get_or_404(CourseTest, test_id)
    item = ItemInput({"kind": "single", "points": "1"})
    if request.method == "POST":
        item = read_item(request.form)
        if not item.errors:
            with write_unit():
                add_item(test, item)
                record("prepost_item_add", test_id=test.id)
            flash("已新增題目。")
            return redirect(url_for("prepost_admin.edit", test_id=test.id), code=303)
    take_url = url_for("prepost.take", test_id=test.id, _external=True)
    return render_template(
        "prepost/admin_edit.html",
        test=test,
        item=item,
        take_url=take_url,
        take_qr=qr_data_uri(take_url),
        editable=not has_attempts(test.id),
    ), (422 if item.errors else 200)


def _item_of(test_id: int, item_id: int) -> TestItem:
    item = db.get_or_404(TestItem, item_id)
    if item.test_id != test_id or item.hidden:
        abort(404)
    return item


@bp.route("/<int:test_id>/items/<int:item_id>", methods=["GET", "POST"])
@access("officer")
def edit_item(test_id: int, item_id: int):
    """Change an item while no one has answered the test; afterwards it can only be removed."""
    item = _item_of(test_id, item_id)
    if has_attempts(test_id):
        flash(LOCKED)
        return redirect(url_for("prepost_admin.edit", test_id=test_id), code=303)
    checked = ItemInput(item_values(item))
    if request.method == "POST":
        checked = read_item(request.form)
        if not checked.errors:
            with write_unit():
                update_item(item, checked)
                record("prepost_item_edit", test_id=test_id, item_id=item_id)
            flash("已儲存題目。")
            return redirect(url_for("prepost_admin.edit", test_id=test_id), code=303)
    number = item.test.visible_items.index(item) + 1
    return render_template(
        "prepost/admin_item.html", test=item.test, row=item, item=checked, number=number
    ), (422 if checked.errors else 200)


@bp.route("/<int:test_id>/items/<int:item_id>/move", methods=["POST"])
@access("officer")
def move(test_id: int, item_id: int):
    """Move an item one place up or down while no one has answered the test."""
    item = _item_of(test_id, item_id)
    step = {"up": -1, "down": 1}.get(request.form.get("to", ""))
    if step is None:
        abort(400)
    if has_attempts(test_id):
        flash(LOCKED)
        return redirect(url_for("prepost_admin.edit", test_id=test_id), code=303)
    with write_unit():
        moved = move_item(item.test, item, step)
        if moved:
            record(
                "prepost_item_move", test_id=test_id, item_id=item_id, outcome=request.form["to"]
            )
    if moved:
        flash("已調整題目順序。")
    return redirect(
        url_for("prepost_admin.edit", test_id=test_id, _anchor=f"item-{item_id}"), code=303
    )


@bp.route("/<int:test_id>/items/<int:item_id>/remove", methods=["POST"])
@access("officer")
def remove(test_id: int, item_id: int):
    """Remove an item: deleted while unused, hidden once an attempt used the test."""
    item = db.get_or_404(TestItem, item_id)
    if item.test_id != test_id:
        abort(404)
    with write_unit():
        outcome = remove_item(item)
        record("prepost_item_remove", test_id=test_id, item_id=item_id, outcome=outcome)
    flash("已隱藏題目（已有人作答，保留原作答紀錄）。" if outcome == "hidden" else "已刪除題目。")
    return redirect(url_for("prepost_admin.edit", test_id=test_id), code=303)


@bp.route("/<int:test_id>/state", methods=["POST"])
@access("officer")
def set_state(test_id: int):
    """Open the test as 前測 or 後測, or close it."""
    test = db.get_or_404(CourseTest, test_id)
    state = request.form.get("state")
    if state not in (*OPEN_KINDS, "closed"):
        abort(400)
    if state != "closed" and not test.visible_items:
        flash("請先新增題目，才能開放作答。")
        return redirect(url_for("prepost_admin.edit", test_id=test_id), code=303)
    with write_unit():
        test.open_kind = None if state == "closed" else state
        record("prepost_test_state", test_id=test_id, state=state)
    flash(f"已開放{OPEN_KINDS[state]}。" if state in OPEN_KINDS else "已關閉作答。")
    return redirect(url_for("prepost_admin.edit", test_id=test_id), code=303)


@bp.route("/<int:test_id>/results")
@access("officer")
def results(test_id: int):
    """The figures and charts of a test's counted attempts, each chart with its table."""
    test = db.get_or_404(CourseTest, test_id)
    attempts = counted(test_id)
    fig = test_figures(test, attempts)
    shares = item_shares(test, attempts)
    names = names_by_person(attempts)
    return render_template(
        "prepost/results.html",
        test=test,
        fig=fig,
        shares=shares,
        names=names,
        items_svg=item_chart(shares),
        people_svg=person_chart(fig.pairs, names, fig.max_score),
        slope_limit=SLOPE_LIMIT,
        shown=shown,
    )


from . import export_views, timeline  # noqa: E402,F401 - routes and the timeline source join
