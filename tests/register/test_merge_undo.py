"""An admin undoes a company merge (journey.md): forms and referrals go back, audited, admin only."""

import html
import threading

import pytest

from smeup.database import write_unit
from smeup.extensions import db
from smeup.models import AuditEntry, Submission, User
from smeup.models.register import Company, CompanyMerge, Referral, ReferralMove
from smeup.register import merge as merge_module
from smeup.register.merge import MergeError, merge_companies, undo_merge
from smeup.register.referrals import refer
from smeup.register.search import find_companies
from tests.helpers import csrf_token, login
from tests.register.conftest import store, store_course

RIGHT, WRONG, OTHER = "22099131", "22099132", "04541302"


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def company(ubn: str) -> Company:
    return db.session.scalar(db.select(Company).filter_by(ubn=ubn))


def user(role: str) -> User:
    return db.session.scalar(db.select(User).filter_by(role=role))


def owners(ids) -> list[int]:
    query = db.select(Submission.company_id).where(Submission.id.in_(ids))
    return sorted(set(db.session.scalars(query)))


def signed_in(app, users, role: str):
    client = app.test_client()
    assert login(client, users[role]).status_code == 302
    return client


def merged_journey(app):
    """A right and a mistyped company, the mistyped one's check referred, merged by an officer;
    then one more form with the mistyped number (it lands on the right company)."""
    with app.test_request_context():
        right = [store(year=2023).submission.id, store_course().submission.id]
        wrong_check = store(ubn=WRONG, company_name="綠能五金", employees=4).submission
        officer = user("officer")
        with write_unit():
            refer(wrong_check, "diagnosis", "itri", officer)
        with write_unit():
            merge_companies(company(WRONG), company(RIGHT), "統一編號打錯一碼", officer)
        later = store(ubn=WRONG, company_name="綠能五金", employees=4).submission.id
        assert owners([wrong_check.id, later]) == [company(RIGHT).id]
        ids = {"right": right, "wrong": [wrong_check.id], "later": later}
        ids.update(source=company(WRONG).id, target=company(RIGHT).id)
        db.session.remove()
    return ids


def post_undo(client, source_id: int, reason: str):
    page = f"/console/companies/{source_id}"
    data = {"csrf_token": csrf_token(client, page), "reason": reason}
    return client.post(page + "/merge/undo", data=data)


def test_an_admin_undoes_a_merge_and_the_forms_and_referrals_go_back(app, users):
    ids = merged_journey(app)
    admin = signed_in(app, users, "admin")
    page = text_of(admin.get(f"/console/companies/{ids['source']}"))
    assert "復原合併" in page and "統一編號打錯一碼" in page
    done = post_undo(admin, ids["source"], "其實是兩家不同的公司")
    assert done.status_code == 303
    assert done.headers["Location"] == f"/console/companies/{ids['source']}"
    with app.test_request_context():
        source, target = company(WRONG), company(RIGHT)
        assert source.merged_into_id is None
        # The moved check and the form that came in meanwhile are the source's again.
        assert owners([*ids["wrong"], ids["later"]]) == [source.id]
        assert owners(ids["right"]) == [target.id]
        assert db.session.scalars(db.select(Referral.company_id)).all() == [source.id]
        assert set(db.session.scalars(db.select(ReferralMove.company_id))) == {source.id}
        # Each company shows its own latest form again.
        assert (source.name, source.employees) == ("綠能五金", 4)
        assert (target.name, target.employees) == ("綠能五金有限公司", 35)
        merge = db.session.scalar(db.select(CompanyMerge))
        assert merge.undone_at is not None and merge.undo_reason == "其實是兩家不同的公司"
        assert merge.undone_by_id == user("admin").id
        audit = db.session.scalar(db.select(AuditEntry).filter_by(action="company_merge_undo"))
        assert audit.username == users["admin"] and audit.detail["merge_id"] == merge.id
        assert audit.detail["reason"] == "其實是兩家不同的公司"
        assert sorted(audit.detail["submissions"]) == sorted([*ids["wrong"], ids["later"]])
        assert (audit.detail["source_ubn"], audit.detail["target_ubn"]) == (WRONG, RIGHT)
        # Later forms with the source's number land on the source; search finds it again.
        assert store(ubn=WRONG).submission.company_id == source.id
        assert [c.id for c in find_companies(WRONG, limit=5)] == [source.id]
        db.session.remove()
    shown = text_of(admin.get(f"/console/companies/{ids['source']}"))
    assert "已復原合併" in shown and "這筆企業資料已併入" not in shown
    assert "其實是兩家不同的公司" in shown and "（已復原）" in shown
    assert f"/console/companies/{ids['source']}/merge" in shown  # it may be merged again


def test_an_officer_sees_no_undo_and_may_not_post_one(app, users):
    ids = merged_journey(app)
    officer = signed_in(app, users, "officer")
    page = text_of(officer.get(f"/console/companies/{ids['source']}"))
    assert "這筆企業資料已併入" in page and "復原這次合併" not in page
    assert post_undo(officer, ids["source"], "想復原").status_code == 403
    with app.test_request_context():
        assert company(WRONG).merged_into_id == ids["target"]
        assert (
            db.session.scalar(db.select(AuditEntry).filter_by(action="company_merge_undo")) is None
        )


def test_an_undo_without_a_reason_says_so_beside_the_field_and_changes_nothing(app, users):
    ids = merged_journey(app)
    admin = signed_in(app, users, "admin")
    refused = post_undo(admin, ids["source"], "   ")
    assert refused.status_code == 422
    page = text_of(refused)
    assert '<p class="field-error" id="undo-reason-error">請填寫復原理由</p>' in page
    assert 'aria-invalid="true" aria-describedby="undo-reason-error"' in page
    with app.test_request_context():
        assert company(WRONG).merged_into_id == ids["target"]
        assert owners(ids["wrong"]) == [ids["target"]]


def test_a_refused_undo_keeps_the_typed_reason(app, users, monkeypatch):
    ids = merged_journey(app)
    admin = signed_in(app, users, "admin")

    def refuse(*_args):
        raise MergeError("理由太短", "reason")

    monkeypatch.setattr("smeup.register.views.undo_merge", refuse)
    page = text_of(post_undo(admin, ids["source"], "第一行\n第二行"))
    assert "第一行\n第二行</textarea>" in page and "理由太短" in page


def test_undo_after_the_target_was_merged_on_brings_the_forms_back_from_there(users, ctx):
    first = store().submission.id
    wrong = store(ubn=WRONG).submission.id
    third = store(ubn=OTHER, company_name="綠能五金股份有限公司").submission.id
    officer, admin = user("officer"), user("admin")
    with write_unit():
        merge_companies(company(WRONG), company(RIGHT), "打錯一碼", officer)
    with write_unit():
        merge_companies(company(RIGHT), company(OTHER), "改組", officer)
    assert owners([first, wrong, third]) == [company(OTHER).id]
    with write_unit():
        undo_merge(company(WRONG), "合併錯了", admin)
    assert owners([wrong]) == [company(WRONG).id]
    assert owners([first, third]) == [company(OTHER).id]
    assert company(RIGHT).merged_into_id == company(OTHER).id  # the later merge stays


def test_undo_repairs_a_cycle_the_old_race_left(users, ctx):
    """Before the lock, two opposite merges could each commit: A into B and B into A."""
    a = store().submission.id
    b = store(ubn=WRONG).submission.id
    officer, admin = user("officer"), user("admin")
    right, wrong = company(RIGHT), company(WRONG)
    with write_unit():  # what the two racing merges left behind
        for source, target, moved in ((right, wrong, [a]), (wrong, right, [b])):
            db.session.add(
                CompanyMerge(
                    source_id=source.id,
                    target_id=target.id,
                    reason="重複",
                    moved_submission_ids=moved,
                    user_id=officer.id,
                )
            )
        db.session.get(Submission, a).company_id = wrong.id
        db.session.get(Submission, b).company_id = right.id
        right.merged_into_id, wrong.merged_into_id = wrong.id, right.id
    assert find_companies(RIGHT, limit=5) == [] and find_companies(WRONG, limit=5) == []
    with pytest.raises(MergeError), write_unit():
        merge_companies(company(RIGHT), company(WRONG), "再合併一次", officer)
    with write_unit():
        undo_merge(company(RIGHT), "同時合併造成互相併入", admin)
    right, wrong = company(RIGHT), company(WRONG)
    # One valid state: the mistyped record merged into the right one, which holds both forms.
    assert (right.merged_into_id, wrong.merged_into_id) == (None, right.id)
    assert owners([a, b]) == [right.id]
    assert [c.id for c in find_companies(RIGHT, limit=5)] == [right.id]


def test_an_undo_of_a_merge_that_is_not_there_is_refused(users, ctx):
    store()
    with pytest.raises(MergeError, match="目前沒有併入"), write_unit():
        undo_merge(company(RIGHT), "復原", user("admin"))


def test_the_merge_page_of_a_merged_company_offers_no_second_merge(app, users):
    ids = merged_journey(app)
    officer = signed_in(app, users, "officer")
    page = text_of(officer.get(f"/console/companies/{ids['source']}/merge"))
    assert "不能再合併" in page and 'name="target_ubn"' not in page


def test_two_undos_at_once_undo_once(app, users, monkeypatch):
    """Two admins undo the same merge at the same moment, each having passed its own check."""
    ids = merged_journey(app)
    meeting = threading.Barrier(2)
    moving = merge_module.move_referrals

    def meet_then_move(*args, **kwargs):
        try:
            meeting.wait(timeout=0.5)
        except threading.BrokenBarrierError:
            pass  # the other undo waits for the lock: go on alone
        finally:
            meeting.reset()
        return moving(*args, **kwargs)

    monkeypatch.setattr(merge_module, "move_referrals", meet_then_move)
    clients = [signed_in(app, users, "admin") for _ in range(2)]
    page = f"/console/companies/{ids['source']}"
    forms = [{"csrf_token": csrf_token(c, page), "reason": "合併錯了"} for c in clients]
    start = threading.Barrier(2)
    answers: list = [None, None]

    def post(n):
        try:
            start.wait(timeout=10)
            answers[n] = clients[n].post(page + "/merge/undo", data=forms[n])
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            answers[n] = error

    threads = [threading.Thread(target=post, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(a.status_code for a in answers) == [303, 422], answers
    refused = next(a for a in answers if a.status_code == 422)
    assert "目前沒有併入其他企業資料" in text_of(refused)
    with app.test_request_context():
        undos = db.session.scalars(db.select(AuditEntry).filter_by(action="company_merge_undo"))
        assert len(undos.all()) == 1
        assert owners([*ids["wrong"], ids["later"]]) == [ids["source"]]
