"""Scoring, the first-attempt rule, matching and the figures, on classes computed by hand."""

from datetime import datetime
from fractions import Fraction

import pytest

from smeup.prepost.figures import figures, hake_band, shown
from smeup.prepost.matching import person_key
from smeup.prepost.scoring import AttemptRow, ItemKey, counted_attempts, score_attempt, score_item

SINGLE = ItemKey(1, "single", 2, frozenset({"b"}))
TRUE_FALSE = ItemKey(2, "truefalse", 1, frozenset({"F"}))
ALL_OR_NOTHING = ItemKey(3, "multiple", 3, frozenset({"a", "c", "d"}))
PARTIAL = ItemKey(4, "multiple", 3, frozenset({"a", "c", "d"}), partial_credit=True)


def test_single_choice_earns_its_points_only_for_the_right_option():
    assert score_item(SINGLE, ["b"]) == 2
    assert score_item(SINGLE, ["a"]) == 0
    assert score_item(SINGLE, []) == 0
    assert score_item(SINGLE, ["a", "b"]) == 0  # a forged second choice earns nothing


def test_true_false():
    assert score_item(TRUE_FALSE, ["F"]) == 1
    assert score_item(TRUE_FALSE, ["T"]) == 0


def test_multiple_choice_without_partial_credit_needs_the_exact_set():
    assert score_item(ALL_OR_NOTHING, ["a", "c", "d"]) == 3
    assert score_item(ALL_OR_NOTHING, ["a", "c"]) == 0
    assert score_item(ALL_OR_NOTHING, ["a", "b", "c", "d"]) == 0


def test_multiple_choice_with_partial_credit_when_the_definition_says_so():
    assert score_item(PARTIAL, ["a", "c", "d"]) == 3
    assert score_item(PARTIAL, ["a", "c"]) == 2  # two of three right, 1 point each
    assert score_item(PARTIAL, ["a", "c", "b"]) == 1  # a wrong tick takes one back
    assert score_item(PARTIAL, ["a", "b", "c", "d", "e"]) == 1
    assert score_item(PARTIAL, ["b", "e"]) == 0  # never below zero


def test_partial_credit_can_be_a_fraction():
    item = ItemKey(5, "multiple", 2, frozenset({"a", "b", "c"}), partial_credit=True)
    assert score_item(item, ["a"]) == Fraction(2, 3)


def test_attempt_scores_every_item_and_unanswered_earns_zero():
    scores = score_attempt([SINGLE, TRUE_FALSE, PARTIAL], {1: ["b"], 4: ["a"]})
    assert scores == {1: 2, 2: 0, 4: 1}


def test_first_sent_attempt_of_each_kind_counts_per_person():
    t = datetime(2026, 11, 30, 9)
    rows = [
        AttemptRow(1, "p1", "pre", (t.replace(minute=5), 1)),
        AttemptRow(2, "p1", "pre", (t.replace(minute=1), 2)),  # sent earlier, stored later
        AttemptRow(3, "p1", "post", (t.replace(hour=15), 3)),
        AttemptRow(4, "p2", "pre", (t, 4)),
        AttemptRow(5, "p1", "post", (t.replace(hour=16), 5)),
    ]
    assert counted_attempts(rows) == {2, 3, 4}


def test_matching_by_shop_or_ubn_and_phone_digits():
    same = person_key(shop_id=7, ubn=None, phone="0912-345-678")
    assert same == person_key(shop_id=7, ubn="12345675", phone="+886 912 345 678")
    assert same != person_key(shop_id=8, ubn=None, phone="0912345678")
    assert person_key(shop_id=None, ubn="12345675", phone="0912345678") == (
        person_key(shop_id=None, ubn="12345675", phone="0912 345678")
    )
    assert person_key(shop_id=None, ubn="12345675", phone="0912345678") != same


def test_figures_on_a_hand_computed_class():
    # max 10; A, B, C took both; D only the 前測, E only the 後測.
    pre = {"A": 4, "B": 6, "C": 2, "D": 8}
    post = {"A": 8, "B": 7, "C": 6, "E": 9}
    f = figures(pre, post, 10)
    assert (f.n_pre, f.n_post, f.n_matched) == (4, 4, 3)
    assert f.mean_pre_all == 5 and f.mean_post_all == 7.5
    assert f.mean_pre == 4 and f.mean_post == 7 and f.mean_gain == 3
    assert f.hake_g == pytest.approx(0.5)  # 3 / (10 − 4)
    assert f.hake_band == "中"
    # individual g: 4/6, 1/4, 4/8
    assert f.mean_individual_g == pytest.approx((4 / 6 + 1 / 4 + 4 / 8) / 3)
    assert f.n_at_max_pre == 0
    # gains 4, 1, 4: SD = sqrt(6 / 2) = sqrt(3); d_z = 3 / sqrt(3)
    assert f.d_z == pytest.approx(3**0.5)
    assert [p.person for p in f.pairs] == ["A", "B", "C"]


def test_a_maximum_pre_score_is_left_out_of_individual_g_and_counted():
    f = figures({"A": 10, "B": 5}, {"A": 10, "B": 9}, 10)
    assert f.n_at_max_pre == 1
    assert f.mean_individual_g == pytest.approx(0.8)  # B alone: 4 / 5
    assert f.hake_g == pytest.approx(0.8)  # class means 7.5 → 9.5: 2 / 2.5
    assert f.hake_band == "高"
    assert f.d_z == pytest.approx(2 / 8**0.5)


def test_everyone_at_the_maximum_leaves_g_undefined():
    f = figures({"A": 10}, {"A": 10}, 10)
    assert f.hake_g is None and f.hake_band is None and f.mean_individual_g is None
    assert f.n_at_max_pre == 1


def test_one_matched_pair_has_no_d_z_and_shows_a_dash():
    f = figures({"A": 3, "B": 5}, {"A": 7}, 10)
    assert f.n_matched == 1 and f.mean_gain == 4
    assert f.d_z is None
    assert shown(f.d_z) == "—"


def test_equal_gains_have_no_d_z():
    assert figures({"A": 3, "B": 5}, {"A": 5, "B": 7}, 10).d_z is None


def test_no_one_matched():
    f = figures({"A": 3}, {"B": 7}, 10)
    assert f.n_matched == 0 and f.mean_gain is None and f.hake_g is None and f.d_z is None
    assert f.mean_pre_all == 3 and f.mean_post_all == 7


@pytest.mark.parametrize(
    ("g", "band"),
    [
        (-0.2, "低"),
        (0.0, "低"),
        (0.29, "低"),
        (0.2999, "低"),
        (0.3, "中"),
        (0.6999, "中"),
        (0.7, "高"),  # Hake 1998: high is ⟨g⟩ ≥ 0.7 (issue 24)
        (0.1 * 7, "高"),  # 0.7000000000000001
        (7 / 10, "高"),
        (0.71, "高"),
    ],
)
def test_hake_bands(g, band):
    assert hake_band(g) == band


def test_a_class_at_exactly_0_7_is_high():
    # max 10; class means 5 → 8.5: ⟨g⟩ = 3.5 / 5 = 0.70, Hake's 高 band starts there
    f = figures({"A": 4, "B": 6}, {"A": 8, "B": 9}, 10)
    assert shown(f.hake_g) == "0.70" and f.hake_band == "高"
