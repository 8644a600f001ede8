"""Referrals of prescription items: default units, the state machine, the queue, the median."""

from datetime import timedelta

import pytest

from smeup.database import write_unit
from smeup.extensions import db
from smeup.models import AuditEntry
from smeup.models.register import Referral, ReferralMove
from smeup.reference.netzero_rules import rules
from smeup.reference.service_units import check_items, units
from smeup.register.queues import median_days_to_contact, open_queue, referral_summary
from smeup.register.referrals import ReferralError, mark_referred, move, refer
from tests.register.conftest import store, store_course


def test_units_come_from_the_data_file_and_every_item_names_one():
    assert {u.name: u.phone for u in units().values()} == {
        "工業技術研究院": "0800-035399",
        "塑膠工業技術發展中心": "(02)2358-1021",
    }
    for item in rules()["prescription"]["items"].values():
        assert item["unit"] in units()


def test_a_check_s_items_carry_their_default_unit(ctx):
    check = store().submission
    items = check_items(check.netzero.prescriptions)
    assert [i.title for i in items] == check.netzero.prescriptions
    assert {i.key: i.unit for i in items}["diagnosis"] == "itri"
    assert {i.key: i.unit for i in items}["inventory_help"] == "pidc"


def test_a_referral_moves_forward_dated_and_by_whom(ctx, officer):
    check = store().submission
    with write_unit():
        referral = refer(check, "diagnosis", "itri", officer)
    assert (referral.status, referral.company_id) == ("待轉介", check.company_id)
    later = referral.check_at + timedelta(days=3)
    with write_unit():
        move(referral, "已轉介", "", officer)
        move(referral, "已聯繫", "", officer, now=later)
        move(referral, "已完成", "", officer)
    moves = db.session.scalars(db.select(ReferralMove).order_by(ReferralMove.id)).all()
    assert [(m.from_status, m.to_status) for m in moves] == [
        (None, "待轉介"),
        ("待轉介", "已轉介"),
        ("已轉介", "已聯繫"),
        ("已聯繫", "已完成"),
    ]
    assert all(m.user_id == officer.id and m.at for m in moves)
    assert referral.days_to_contact == pytest.approx(3)
    logged = db.session.scalars(
        db.select(AuditEntry).filter_by(action="referral_move").order_by(AuditEntry.id)
    ).all()
    assert [e.detail["to_status"] for e in logged] == ["待轉介", "已轉介", "已聯繫", "已完成"]


@pytest.mark.parametrize(
    ("path", "target", "reason", "message"),
    [
        ([], "已聯繫", "", "不能改為「已聯繫」"),  # skipping 已轉介
        ([], "已完成", "", "不能改為「已完成」"),
        ([], "不需要", " ", "請填寫理由"),
        (["已轉介", "已聯繫", "已完成"], "不需要", "公司已自行處理", "不能改為「不需要」"),
        (["已轉介"], "待轉介", "", "不能改為「待轉介」"),
    ],
)
def test_the_state_machine_refuses_moves_it_does_not_allow(
    ctx, officer, path, target, reason, message
):
    with write_unit():
        referral = refer(store().submission, "diagnosis", "itri", officer)
        for status in path:
            move(referral, status, "", officer)
    before = referral.status
    with pytest.raises(ReferralError, match=message):
        move(referral, target, reason, officer)
    assert referral.status == before


def test_not_needed_keeps_its_reason_and_can_be_reopened(ctx, officer):
    with write_unit():
        referral = refer(store().submission, "diagnosis", "itri", officer)
        move(referral, "不需要", "已與能源署直接聯繫", officer)
    assert (referral.status, referral.reason) == ("不需要", "已與能源署直接聯繫")
    with write_unit():
        move(referral, "待轉介", "", officer)
    assert referral.status == "待轉介"


def test_refer_refuses_a_second_referral_of_an_item_an_unknown_item_or_a_course(ctx, officer):
    check = store().submission
    with write_unit():
        refer(check, "diagnosis", "itri", officer)
    with pytest.raises(ReferralError, match="已經轉介過"):
        refer(check, "diagnosis", "pidc", officer)
    with pytest.raises(ReferralError, match="沒有這個處方項目"):
        refer(check, "knowledge", "itri", officer)  # high urgency: no 知識擴散 item
    with pytest.raises(ReferralError, match="轉介單位"):
        refer(check, "counselling", "nobody", officer)
    with pytest.raises(ReferralError, match="淨零健檢"):
        refer(store_course().submission, "diagnosis", "itri", officer)


def test_the_queue_holds_a_unit_s_open_referrals_oldest_first(ctx, officer):
    first, second = store().submission, store(ubn="04541302").submission
    with write_unit():
        late = refer(second, "diagnosis", "itri", officer)
        early = refer(first, "diagnosis", "itri", officer)
        early.created_at = late.created_at - timedelta(days=5)
        closed = refer(first, "counselling", "itri", officer)
        move(closed, "不需要", "重複", officer)
        refer(first, "inventory_help", "pidc", officer)
    assert [r.id for r in open_queue("itri")] == [early.id, late.id]
    assert [r.item_key for r in open_queue("pidc")] == ["inventory_help"]


def test_mark_referred_moves_only_waiting_rows(ctx, officer):
    check = store().submission
    with write_unit():
        waiting = refer(check, "diagnosis", "itri", officer)
        ahead = refer(check, "counselling", "itri", officer)
        move(ahead, "已轉介", "", officer)
        move(ahead, "已聯繫", "", officer)
        assert mark_referred([waiting, ahead], officer) == 1
    assert (waiting.status, ahead.status) == ("已轉介", "已聯繫")


def test_summary_counts_by_unit_and_status_and_the_median_days_to_contact(ctx, officer):
    check = store().submission
    keys = ["diagnosis", "counselling", "subsidy_power_utility"]
    with write_unit():
        made = [refer(check, key, "itri", officer) for key in keys]
        for referral, days in zip(made, (1, 4, 10), strict=True):
            move(referral, "已轉介", "", officer)
            move(referral, "已聯繫", "", officer, now=referral.check_at + timedelta(days=days))
        refer(check, "inventory_help", "pidc", officer)
    assert median_days_to_contact() == (pytest.approx(4), 3)
    with write_unit():
        extra = refer(store(ubn="04541302").submission, "diagnosis", "itri", officer)
        move(extra, "已轉介", "", officer)
        move(extra, "已聯繫", "", officer, now=extra.check_at + timedelta(days=6))
    assert median_days_to_contact() == (pytest.approx(5), 4)  # mean of the middle two
    summary = dict(referral_summary().rows)
    assert summary["工研院"]["已聯繫"] == 4 and summary["塑膠中心"]["待轉介"] == 1
    assert db.session.scalar(db.select(db.func.count()).select_from(Referral)) == 5
