"""Status changes and notes carry their submission's company (issue 30), kept by the database:
set when a row is inserted, moved when the submission is linked, merged or its merge undone,
whatever code writes. The timeline reads them by that copy and shows what it showed before."""

import importlib.util
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from smeup.console.review import add_note, change_status
from smeup.database import write_unit
from smeup.extensions import db
from smeup.models import StatusChange, Submission, SubmissionNote
from smeup.models.company_copies import COPIED_TO, copy_ddl, drop_ddl
from smeup.models.register import Company
from smeup.register.linking import confirm_link
from smeup.register.merge import merge_companies, undo_merge
from smeup.register.timeline import Cursor, timeline_page
from smeup.workflow import next_statuses
from tests.register.conftest import store, store_course

RIGHT, WRONG = "22099131", "22099132"
T0 = datetime(2026, 3, 1, 2, 0, 0)
LINES = ("submission", "status", "note")  # the lines the join through submission found


def company(ubn: str) -> Company:
    return db.session.scalar(db.select(Company).filter_by(ubn=ubn))


def copies(model, submission_id: int) -> list[int | None]:
    """The company_id the database holds on the submission's rows of `model` (not the ORM's)."""
    query = db.select(model.company_id).where(model.submission_id == submission_id)
    return list(db.session.scalars(query.order_by(model.id)))


def review(submission: Submission, officer) -> tuple[StatusChange, SubmissionNote]:
    """A status move and a note on the submission, as an officer makes them."""
    with write_unit():
        target = next_statuses(submission.form_type, submission.status)[0]
        change = change_status(submission, target, "", officer)
        note = add_note(submission, "已電話聯絡", officer)
    return change, note


def both(submission_id: int) -> tuple[list, list]:
    return copies(StatusChange, submission_id), copies(SubmissionNote, submission_id)


def test_a_status_change_and_a_note_of_a_linked_form_carry_its_company(ctx, officer):
    form = store().submission
    change, note = review(form, officer)
    assert form.company_id is not None
    assert both(form.id) == ([form.company_id], [form.company_id])
    assert change.company_id == note.company_id == form.company_id  # the ORM reads it back


def test_rows_of_an_unlinked_form_carry_none_until_it_is_linked_then_follow(ctx, officer):
    store()
    unlinked = store_course(ubn=None, company_name="綠能五金行").submission
    review(unlinked, officer)
    assert both(unlinked.id) == ([None], [None])
    green = company(RIGHT)
    with write_unit():
        confirm_link(unlinked, green, officer)
    assert both(unlinked.id) == ([green.id], [green.id])


def test_a_merge_moves_them_to_the_target_and_undoing_it_moves_them_back(ctx, officer, users):
    store()
    mistyped = store(ubn=WRONG, company_name="綠能五金", employees=4).submission
    review(mistyped, officer)
    right, wrong = company(RIGHT), company(WRONG)
    assert both(mistyped.id) == ([wrong.id], [wrong.id])
    with write_unit():
        merge_companies(wrong, right, "統一編號打錯一碼", officer)
    assert both(mistyped.id) == ([right.id], [right.id])
    assert _kinds(right) == {"status": 1, "note": 1}
    assert _kinds(wrong) == {}
    admin = db.session.scalar(db.select(type(officer)).filter_by(username=users["admin"]))
    with write_unit():
        undo_merge(company(WRONG), "合併錯了", admin)
    assert both(mistyped.id) == ([wrong.id], [wrong.id])
    assert _kinds(wrong) == {"status": 1, "note": 1}
    assert _kinds(right) == {}


def _kinds(c: Company) -> dict[str, int]:
    kinds = dict(timeline_page(c).kinds)
    return {k: n for k, n in kinds.items() if k in ("status", "note")}


def test_any_code_path_is_covered_bulk_updates_and_raw_inserts(ctx, officer):
    form = store().submission
    other = store(ubn=WRONG, company_name="綠能五金").submission
    green, second = form.company_id, other.company_id
    # A raw insert that names a wrong company (or none) gets the submission's.
    db.session.execute(
        text(
            "INSERT INTO status_change (submission_id, from_status, to_status, at, company_id) "
            "VALUES (:s, 'a', 'b', :at, :wrong)"
        ),
        {"s": form.id, "at": T0, "wrong": second},
    )
    db.session.execute(
        text("INSERT INTO submission_note (submission_id, text, at) VALUES (:s, '備註', :at)"),
        {"s": form.id, "at": T0},
    )
    assert both(form.id) == ([green], [green])
    # A bulk update of submissions (no ORM objects) moves their rows too.
    db.session.execute(
        db.update(Submission).where(Submission.id == form.id).values(company_id=second)
    )
    assert both(form.id) == ([second], [second])
    db.session.execute(
        db.update(Submission).where(Submission.id == form.id).values(company_id=None)
    )
    assert both(form.id) == ([None], [None])


# --- the timeline, as it was: through the company's forms ------------------------------------


def _old_lines(c: Company) -> list[tuple]:
    """Every line of the timeline as the join through submission found them, newest first."""
    forms = db.select(Submission.id).where(Submission.company_id == c.id)
    lines = [
        ("submission", s.id, s.submitted_at)
        for s in db.session.scalars(db.select(Submission).where(Submission.company_id == c.id))
    ]
    for kind, model in (("status", StatusChange), ("note", SubmissionNote)):
        rows = db.session.scalars(db.select(model).where(model.submission_id.in_(forms)))
        lines += [(kind, r.id, r.at) for r in rows]
    rank = {"submission": 3, "status": 2, "note": 1}
    return sorted(lines, key=lambda x: (x[2], rank[x[0]], x[1]), reverse=True)


def _pages(c: Company, size: int) -> tuple[list[tuple], object]:
    seen, cursor = [], None
    while True:
        page = timeline_page(c, cursor, size=size)
        seen += [(e.kind, e.row.id, e.at) for e in page.events if e.kind in LINES]
        if page.more is None:
            return seen, page
        cursor = Cursor.parse(str(page.more))


def test_the_timeline_shows_the_same_lines_and_counts_before_and_after_a_merge(ctx, officer):
    right_form = store().submission
    forms = [right_form]
    forms += [store(ubn=WRONG, company_name="綠能五金", year=2020 + i).submission for i in range(3)]
    db.session.flush()
    for i, form in enumerate(forms):  # status changes and notes at the same instants and apart
        at = T0 + timedelta(hours=i // 2)
        db.session.add(
            StatusChange(submission_id=form.id, from_status="已收件", to_status="處理中", at=at)
        )
        db.session.add(SubmissionNote(submission_id=form.id, text=f"備註 {i}", at=at))
        db.session.add(SubmissionNote(submission_id=form.id, text=f"再記 {i}", at=at))
    db.session.commit()
    right, wrong = company(RIGHT), company(WRONG)
    for c, status, notes in ((right, 1, 2), (wrong, 3, 6)):
        seen, last = _pages(c, size=3)
        assert seen == _old_lines(c)
        assert dict(timeline_page(c).kinds) == {"status": status, "note": notes}
    with write_unit():
        merge_companies(wrong, right, "統一編號打錯一碼", officer)
    seen, _last = _pages(right, size=4)
    assert seen == _old_lines(right) and len(seen) == 4 + 4 + 8
    page = timeline_page(right)
    assert dict(page.kinds) == {"status": 4, "note": 8, "merge": 1}
    assert page.form_total == 4


def test_the_migration_makes_what_create_all_makes():
    path = Path(__file__).parents[2] / "migrations/versions/b2c0tl31_timeline_company.py"
    spec = importlib.util.spec_from_file_location("b2c0tl31", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    assert list(migration.TABLES) == COPIED_TO
    for dialect, made, dropped in (
        ("sqlite", migration.SQLITE, migration.SQLITE_DROP),
        ("postgresql", migration.POSTGRES, migration.POSTGRES_DROP),
    ):
        assert made == [s for table in COPIED_TO for s in copy_ddl(table, dialect)]
        # what dropping the table leaves behind, the migration's downgrade drops too
        assert {s for table in COPIED_TO for s in drop_ddl(table, dialect)} <= set(dropped)
