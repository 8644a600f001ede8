"""Every figure of the report over the hand-computed programme (programme.py), and its edges."""

from datetime import date

import pytest

from smeup.report.build import build
from smeup.report.period import from_code

from .programme import NOW

Q3 = "q:2026-3"


def values(report, table: str) -> dict:
    return {row.key: row.value for row in report.table(table).rows}


def previous(report, table: str) -> dict:
    return {row.key: row.previous for row in report.table(table).rows}


@pytest.fixture
def report(programme):
    return build(from_code(Q3), None, NOW)


def test_period_and_previous(report):
    assert report.period.label == "115年第3季"
    assert report.previous.label == "115年第2季"
    assert report.period.start == date(2026, 7, 1) and report.period.last_day == date(2026, 9, 30)


def test_netzero_checks_levels_and_tonnes(report):
    # Checks 1–4: the first Taipei hour and the last Taipei evening of the quarter count.
    assert values(report, "nz_checks") == {"checks": 4, "companies": 3, "tonnes": 115.75}
    assert previous(report, "nz_checks") == {"checks": 1, "companies": 1, "tonnes": 3.0}
    assert values(report, "nz_levels") == {"高": 2, "中": 1, "低": 1}
    change = {row.key: row.change for row in report.table("nz_checks").rows}
    assert change == {"checks": 3, "companies": 2, "tonnes": 112.75}


def test_referrals_by_unit_and_status(report):
    # Only combinations with a referral in either quarter are listed.
    assert values(report, "nz_referrals") == {
        "itri|待轉介": 1,
        "itri|已聯繫": 1,
        "itri|不需要": 1,
        "pidc|已完成": 1,
    }
    assert previous(report, "nz_referrals")["itri|已聯繫"] == 1


def test_contact_within_14_days_counts_day_14(report):
    figures = values(report, "nz_contact")
    assert figures["referrals"] == 3  # 不需要 is left out
    assert figures["contacted"] == 2  # 已聯繫 and 已完成 (contacted before it was done)
    assert figures["within"] == 1  # Taipei day 14 (14.54 days later) counts; day 15 does not
    assert figures["within_share"] == pytest.approx(1 / 3)
    day14 = 14 + 13 / 24  # 10:00 → 23:00 fourteen days later
    day15 = 14 + 14.5 / 24
    assert figures["median_days"] == round((day14 + day15) / 2, 1)
    assert figures["done"] == 1
    assert previous(report, "nz_contact")["median_days"] == 3.0


def test_course_survey(report):
    figures = values(report, "dg_survey")
    assert figures["responses"] == 3
    firsts = {k.split("|")[2]: v for k, v in figures.items() if k.startswith("first|")}
    assert firsts == {"brand": 2, "social": 1}


def test_sessions_and_attendance_leave_cancelled_sessions_out(report):
    assert values(report, "dg_training") == {
        "sessions": 1,
        "cancelled": 1,
        "registrations": 4,  # 3 seats and 1 waitlisted; the cancelled one and S2's are out
        "expected": 3,  # the waitlisted person who never had a seat is no no-show
        "attended": 2,
        "rate": pytest.approx(2 / 3),
    }


def test_shops_reporting_and_growth(report):
    shops = values(report, "dg_shops")
    assert shops["all"] == 4  # 四號店 enrolled after the quarter
    assert sorted(v for k, v in shops.items() if k.startswith("site|")) == [2, 2]
    rates = [row.value for row in report.table("dg_reporting").rows]
    # July 3/4, August 2/4, September 1/4 (a visit alone is not a report); quarter 6/12.
    assert rates == [0.5, 0.75, 0.5, 0.25]
    # A shop without a baseline (三號店) or with a baseline of 0 (丁行) is out of the share;
    # exactly 5 % counts, 4.9 % does not.
    assert values(report, "dg_growth") == {"comparable": 2, "grew": 1, "share": 0.5}


def test_prepost_matched_and_normalised_gain(report):
    figures = values(report, "dg_prepost")
    assert figures["matched"] == 2
    assert figures["pre"] == pytest.approx(0.5)
    assert figures["post"] == pytest.approx(0.85)
    assert figures["g"] == pytest.approx(0.7)


def test_navigator_verdicts(report):
    assert values(report, "in_results") == {"results": 2}
    figures = values(report, "in_verdicts")
    assert figures["sbir_general|符合"] == 1 and figures["sbir_general|不符合"] == 1
    assert figures["sbir_local|不符合"] == 2 and figures["sbir_local|符合"] == 0
    assert figures["cocreation|可能符合"] == 1 and figures["cocreation|不符合"] == 1
    assert figures["accelerator|符合"] == 1 and figures["accelerator|不符合"] == 1


def test_sbtr_by_class_and_status(report):
    assert values(report, "lc_classes") == {"A": 1, "B_PLUS": 1}
    assert previous(report, "lc_classes") == {"A": 1, "B_PLUS": 0}
    assert values(report, "lc_status") == {"A|已收件": 1, "B_PLUS|資格審查中": 1}


def test_companies_served_count_once_across_strategies(report):
    # A (net-zero, SBTR), B (five strategies), C, and D (a monthly record only): 4, not 11.
    assert values(report, "ac_served") == {"served": 4, "new": 2, "returning": 2}
    assert previous(report, "ac_served")["served"] == 2  # E's forms, D's baseline month
    assert values(report, "ac_size") == {"small": 1, "sme": 1, "large": 1, "unknown": 1}
    assert values(report, "ac_county") == {"臺中市": 2, "彰化縣": 1, "臺東縣": 1, "臺北市": 0}
    assert report.served_by_county == {"臺中市": 2, "彰化縣": 1, "臺東縣": 1}


def test_channels_offline_share_and_events(report):
    figures = values(report, "ac_channels")
    assert figures == {
        "all": 11,
        "web": 9,
        "roadshow": 1,
        "phone": 1,
        "offline": 1,
        "offline_share": pytest.approx(1 / 11),
    }
    assert values(report, "ac_events") == {"roadshows": 1, "briefings": 1}


def test_county_filter(programme):
    report = build(from_code(Q3), "臺中市", NOW)
    assert values(report, "nz_checks") == {"checks": 3, "companies": 2, "tonnes": 15.75}
    assert values(report, "ac_served")["served"] == 2
    assert values(report, "dg_shops")["all"] == 2
    assert values(report, "lc_classes") == {"A": 1, "B_PLUS": 1}


def test_month_and_range_periods(programme):
    from smeup.report.period import from_range

    july = build(from_code("m:2026-7"), None, NOW)
    assert values(july, "nz_checks")["checks"] == 2  # C's (07-01 01:00 Taipei) and A's first
    assert july.previous.label == "115年6月"
    ranged = build(from_range(date(2026, 9, 30), date(2026, 9, 30)), None, NOW)
    assert values(ranged, "nz_checks")["checks"] == 1  # B's, at 23:30 Taipei
    assert ranged.previous.start == date(2026, 9, 29)
    year = build(from_code("y:2026"), None, NOW)
    assert values(year, "nz_checks")["checks"] == 5
