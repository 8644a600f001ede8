"""The referral tallies the database keeps (models/referral_tally.py) equal a recount of the
referrals after every way of writing them, and the dashboard's figures read from them are the
ones a GROUP BY and an ordered pick over every referral give."""

import re
import statistics
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from smeup.database import write_unit
from smeup.extensions import db
from smeup.models.referral_tally import ReferralContactTally, ReferralTally, tenth_sql
from smeup.models.register import Referral
from smeup.register.queues import median_days_to_contact, referral_summary
from smeup.register.referrals import STATUSES, move, refer
from tests.register.conftest import store

CHECK_AT = datetime(2026, 3, 2, 1, 0)
INSERT = text(
    "INSERT INTO referral (company_id, submission_id, item_key, item_title, unit, status,"
    " check_at, created_at, moved_at, days_to_contact) VALUES (:company, :submission, :key,"
    " '健檢診斷', :unit, :status, :at, :at, :at, :days)"
)
EDGES = [0.3, 0.7, 1.0, 2.9999999, 14.0, 0.0, 0.1, 0.2, 2.3, 3.0000001, 0.30000000000000004]


def _tallies() -> tuple[dict, dict]:
    """What the tallies hold (rows of zero read as nothing)."""
    status = db.session.execute(
        db.select(ReferralTally.unit, ReferralTally.status, ReferralTally.referrals)
    )
    contact = db.session.execute(
        db.select(ReferralContactTally.tenth, ReferralContactTally.referrals)
    )
    return {(u, s): n for u, s, n in status if n}, {t: n for t, n in contact if n}


def _recount() -> tuple[dict, dict]:
    """The same counts, by GROUP BY over every referral."""
    status = db.session.execute(
        db.select(Referral.unit, Referral.status, db.func.count()).group_by(
            Referral.unit, Referral.status
        )
    )
    tenth = db.literal_column(tenth_sql("days_to_contact", db.engine.dialect.name))
    contact = db.session.execute(
        db.select(tenth, db.func.count())
        .where(Referral.days_to_contact.is_not(None))
        .group_by(tenth)
    )
    return {(u, s): n for u, s, n in status}, {t: n for t, n in contact}


def _assert_tallied() -> None:
    db.session.flush()
    assert _tallies() == _recount()


def _insert(check, days: list[float | None], unit: str = "itri", status: str = "已聯繫") -> None:
    """Referral rows written straight with SQL, one per value of days, on one check."""
    taken = db.session.scalar(db.select(db.func.count()).select_from(Referral)) or 0
    rows = [
        {"company": check.company_id, "submission": check.id, "key": f"item{taken + i}",
         "unit": unit, "status": status, "at": CHECK_AT, "days": d}
        for i, d in enumerate(days)
    ]  # fmt: skip
    if rows:
        db.session.execute(INSERT, rows)


def _old_median() -> tuple[float | None, int]:
    """The median as the dashboard found it before the tallies: a count and an ordered pick."""
    days = sorted(
        db.session.scalars(
            db.select(Referral.days_to_contact).where(Referral.days_to_contact.is_not(None))
        )
    )
    return (statistics.median(days) if days else None), len(days)


def test_the_tallies_follow_refer_move_bulk_updates_and_deletes(ctx, officer):
    check = store().submission
    other = store(ubn="04541302").submission
    with write_unit():
        made = [refer(check, key, "itri", officer) for key in ("diagnosis", "counselling")]
        made.append(refer(check, "inventory_help", "pidc", officer))
        made.append(refer(other, "diagnosis", "itri", officer))
    _assert_tallied()
    assert _tallies() == ({("itri", "待轉介"): 3, ("pidc", "待轉介"): 1}, {})
    with write_unit():
        for referral, days in zip(made, (0.3, 2.9999999, 14.0), strict=False):
            move(referral, "已轉介", "", officer)
            move(referral, "已聯繫", "", officer, now=referral.check_at + timedelta(days=days))
        move(made[3], "不需要", "已自行找顧問", officer)
    _assert_tallied()
    assert _tallies()[0] == {("itri", "已聯繫"): 2, ("pidc", "已聯繫"): 1, ("itri", "不需要"): 1}
    assert sum(_tallies()[1].values()) == 3
    with write_unit():
        move(made[0], "已完成", "", officer)  # the days stay: still counted in its tenth
        move(made[3], "待轉介", "", officer)
    _assert_tallied()
    with write_unit():  # bulk SQL: a unit renamed, days rewritten and cleared, a status forced
        db.session.execute(text("UPDATE referral SET unit = 'pidc' WHERE unit = 'itri'"))
        db.session.execute(text("UPDATE referral SET days_to_contact = days_to_contact + 0.05"))
        db.session.execute(
            text("UPDATE referral SET days_to_contact = NULL, status = '已轉介' WHERE id = :id"),
            {"id": made[1].id},
        )
        db.session.execute(text("UPDATE referral SET status = status, unit = unit"))
    _assert_tallied()
    with write_unit():
        _insert(check, [1.25, None, 0.0, -0.05])
    _assert_tallied()
    with write_unit():  # a purge: the moves first, then the referrals themselves
        db.session.execute(
            text(
                "DELETE FROM referral_move WHERE referral_id IN (SELECT id FROM referral WHERE unit = 'pidc')"
            )
        )
        db.session.execute(text("DELETE FROM referral WHERE unit = 'pidc'"))
    _assert_tallied()
    db.session.execute(text("DELETE FROM referral_move"))
    db.session.execute(text("DELETE FROM referral"))
    db.session.commit()
    assert _tallies() == ({}, {})


days_values = st.one_of(
    st.sampled_from(EDGES),
    st.floats(min_value=0, max_value=60, allow_nan=False),
    st.integers(min_value=0, max_value=600).map(lambda t: t / 10),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(days=st.lists(st.one_of(days_values, st.none()), max_size=60))
@example(days=[])
@example(days=[None])
@example(days=EDGES)  # an odd count
@example(days=EDGES[:-1])  # an even count
@example(days=[0.3, 0.3, 0.30000000000000004, 0.7])
@example(days=[0.1, 55.0])  # the middle two in tenths far apart
@example(days=[2.9999999, 3.0, 3.0000001, 14.0])
def test_the_median_is_the_median_of_every_value(ctx, days):
    check = store().submission
    try:
        with write_unit():
            _insert(check, days)
        _assert_tallied()
        known = [d for d in days if d is not None]
        expected = (statistics.median(known) if known else None), len(known)
        assert median_days_to_contact() == expected
        assert median_days_to_contact() == _old_median()
    finally:
        db.session.rollback()
        db.session.execute(text("DELETE FROM referral"))
        db.session.commit()


def test_many_values_in_one_tenth_and_around_it(ctx):
    """A crowded tenth (the median deep inside it) and values at both of its edges."""
    check = store().submission
    days = [3.5] * 301 + [3.4, 3.6, 3.4999999999, 3.5999999999, 3.4000000001] * 20 + [0.2, 40.0]
    with write_unit():
        _insert(check, days)
    _assert_tallied()
    assert median_days_to_contact() == (statistics.median(days), len(days))
    with write_unit():
        _insert(check, [3.45])
    assert median_days_to_contact() == (statistics.median([*days, 3.45]), len(days) + 1)


def test_the_summary_counts_what_a_group_by_counts(ctx):
    check = store().submission
    with write_unit():
        for i, status in enumerate(STATUSES):
            _insert(check, [None] * (i + 1), "itri", status)
            _insert(check, [float(i)] * (2 * i), "pidc", status)
        _insert(check, [None, 4.2], "retired_unit", "已聯繫")  # a unit no longer in the data file
    summary = referral_summary()
    rows = dict(summary.rows)
    assert rows["工研院"] == {s: i + 1 for i, s in enumerate(STATUSES)}
    assert rows["塑膠中心"] == {s: 2 * i for i, s in enumerate(STATUSES)}
    assert rows["retired_unit"]["已聯繫"] == 2
    assert (summary.median_days_to_contact, summary.contacted) == _old_median()
    with write_unit():  # a unit's referrals all gone: its row goes, as a GROUP BY's would
        db.session.execute(text("DELETE FROM referral WHERE unit = 'retired_unit'"))
    assert "retired_unit" not in dict(referral_summary().rows)


def test_the_dashboard_shows_the_counts_and_the_median(auth, app):
    with app.test_request_context():
        check = store().submission
        with write_unit():
            _insert(check, [0.3, 2.9999999, 14.0, 0.7], "itri", "已聯繫")
            _insert(check, [None] * 3, "pidc", "待轉介")
        expected, n = _old_median()
    page = auth("officer").get("/console/").get_data(as_text=True)
    section = page[page.index("dash-referrals-title") :]
    assert f"<strong>{expected:.1f} 天</strong>（{n} 筆）" in section
    rows = dict(re.findall(r'<th scope="row">(\w+)</th>((?:<td class="num">\d+</td>)+)', section))
    counts = {name: re.findall(r"\d+", cells) for name, cells in rows.items()}
    assert counts["工研院"] == ["0", "0", "4", "0", "0"]
    assert counts["塑膠中心"] == ["3", "0", "0", "0", "0"]


@pytest.mark.parametrize("value", [0.3, 0.7, 1.0, 2.9999999, 14.0, 0.0, -0.05, -0.1])
def test_both_databases_put_a_value_in_its_floor_tenth(ctx, value):
    tenth = db.session.scalar(
        text(f"SELECT {tenth_sql(':v', db.engine.dialect.name)}"), {"v": value}
    )
    assert tenth == int(value * 10 // 1)
