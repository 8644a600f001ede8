"""Linking submissions to companies, suggested matches and merges (domain, real database)."""

import pytest

from smeup.database import write_unit
from smeup.extensions import db
from smeup.models import AuditEntry, Submission
from smeup.models.register import Company, CompanyMerge
from smeup.register.linking import LinkError, confirm_link, suggested_matches, unlinked_matches
from smeup.register.merge import merge_companies
from tests.register.conftest import store, store_course


def companies() -> list[Company]:
    return list(db.session.scalars(db.select(Company).order_by(Company.id)))


def test_a_stored_submission_is_linked_to_its_company_created_on_first_sight(ctx):
    first = store().submission
    second = store_course().submission
    other = store(ubn="04541302", company_name="海風民宿").submission
    found = companies()
    assert [c.ubn for c in found] == ["22099131", "04541302"]
    assert first.company_id == second.company_id == found[0].id
    assert other.company_id == found[1].id


def test_the_company_follows_its_latest_submission_and_earlier_values_stay(ctx):
    first = store(company_name="綠能五金行", employees=3).submission
    store(company_name="綠能五金有限公司", employees=35, contact_phone="0911222333")
    company = companies()[0]
    assert (company.name, company.employees, company.contact_phone) == (
        "綠能五金有限公司",
        35,
        "0911222333",
    )
    assert db.session.get(Submission, first.id).company_name == "綠能五金行"


def test_confirming_an_older_unlinked_submission_keeps_the_current_fields(ctx, officer):
    older = store_course(ubn=None, company_name="綠能五金行", contact_name="舊聯絡人").submission
    store(company_name="綠能五金有限公司")
    company = companies()[0]
    with write_unit():
        confirm_link(older, company, officer)
    assert (company.name, company.contact_name) == ("綠能五金有限公司", "林小姐")


def test_without_a_ubn_a_submission_stays_unlinked_and_gets_suggestions(ctx, officer):
    store()
    store(ubn="04541302", company_name="海風民宿", contact_phone="0899123456")
    by_name = store_course(ubn=None, contact_phone="0277778888").submission
    by_phone = store_course(ubn=None, company_name="海風", contact_phone="0899123456").submission
    stranger = store_course(ubn=None, company_name="無關商號", contact_phone="0277778888")
    assert by_name.company_id is None and by_phone.company_id is None
    assert [c.ubn for c in suggested_matches(by_name)] == ["22099131"]
    assert [c.ubn for c in suggested_matches(by_phone)] == ["04541302"]
    assert suggested_matches(stranger.submission) == []
    green = companies()[0]
    assert [s.id for s in unlinked_matches(green)] == [by_name.id]


def test_an_officer_confirms_a_match_and_it_is_audited(ctx, officer):
    store()
    unlinked = store_course(ubn=None).submission
    company = companies()[0]
    with write_unit():
        confirm_link(unlinked, company, officer)
    assert db.session.get(Submission, unlinked.id).company_id == company.id
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="company_link"))
    assert entry.detail["submission_id"] == unlinked.id and entry.username == officer.username
    with pytest.raises(LinkError):
        confirm_link(unlinked, company, officer)  # already linked


def test_merge_moves_every_submission_keeps_both_records_and_records_the_reason(ctx, officer):
    right = [store().submission.id, store_course().submission.id]
    wrong = [store(ubn="22099132", company_name="綠能五金").submission.id]
    target, source = companies()
    with write_unit():
        merge_companies(source, target, "統一編號打錯一碼", officer)
    assert len(companies()) == 2  # nothing deleted
    assert db.session.get(Company, source.id).merged_into_id == target.id
    linked = db.session.scalars(db.select(Submission.id).filter_by(company_id=target.id)).all()
    assert sorted(linked) == sorted(right + wrong)
    merge = db.session.scalar(db.select(CompanyMerge))
    assert (merge.reason, merge.moved_submission_ids) == ("統一編號打錯一碼", wrong)
    audit = db.session.scalar(db.select(AuditEntry).filter_by(action="company_merge"))
    assert audit.detail["reason"] == "統一編號打錯一碼" and audit.detail["submissions"] == wrong
    # A later form with the mistyped number lands on the merged-into company.
    assert store(ubn="22099132").submission.company_id == target.id


@pytest.mark.parametrize(
    ("reason", "same", "message"),
    [("", False, "請填寫合併理由"), ("重複", True, "不能把企業合併到它自己")],
)
def test_merge_refuses_without_a_reason_or_into_itself(ctx, officer, reason, same, message):
    store()
    store(ubn="04541302")
    target, source = companies()
    with pytest.raises(LinkError, match=message):
        merge_companies(source, source if same else target, reason, officer)
    assert db.session.get(Company, source.id).merged_into_id is None


def test_confirming_a_link_brings_the_check_s_referrals_to_the_company(ctx, officer):
    from smeup.models.register import Referral, ReferralMove
    from smeup.register.referrals import refer

    store()
    unlinked = store(ubn=None).submission
    with write_unit():
        refer(unlinked, "diagnosis", "itri", officer)
    company = companies()[0]
    with write_unit():
        confirm_link(unlinked, company, officer)
    assert db.session.scalar(db.select(Referral.company_id)) == company.id
    assert db.session.scalar(db.select(ReferralMove.company_id)) == company.id


def test_two_first_sightings_at_once_make_one_company(app):
    import threading

    barrier = threading.Barrier(2)
    errors = []

    def send(n):
        try:
            with app.test_request_context():
                barrier.wait(timeout=10)
                store(ubn="12345675", company_name=f"同時送出{n}")
                db.session.remove()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    with app.app_context():
        assert len(companies()) == 1
        linked = db.session.scalars(db.select(Submission.company_id)).all()
        assert linked == [companies()[0].id] * 2
