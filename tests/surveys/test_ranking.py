import pytest

from smeup.surveys.ranking import (
    OptionScore,
    RankingCheck,
    aggregate,
    field_name,
    validate_ranking,
)

# The demo survey "數位轉型課程意願調查": 6 options, min = max = 5.
OPTIONS = {
    "brand": "企業品牌經營",
    "channels": "新媒體經營－拓展多元通路",
    "copy": "品牌行銷－熱銷文案策略",
    "social": "新媒體經營－社群媒體經營",
    "events": "活動企劃－線上線下行銷活動",
    "resources": "活動企劃－活動資源企劃",
}


def check(ranks, min_ranked=5, max_ranked=5, options=OPTIONS):
    return validate_ranking(ranks, options, min_ranked, max_ranked)


# --- validate_ranking ---------------------------------------------------------------


def test_full_valid_ranking_returns_codes_in_rank_order():
    result = check(["copy", "brand", "social", "events", "channels"])
    assert result == RankingCheck(codes=("copy", "brand", "social", "events", "channels"))
    assert result.ok
    assert result.errors == {}


def test_values_are_trimmed_and_trailing_empties_allowed():
    result = check([" brand ", "copy", "", None], min_ranked=2, max_ranked=4)
    assert result.ok
    assert result.codes == ("brand", "copy")


def test_result_is_frozen():
    result = check(["brand"], min_ranked=1, max_ranked=5)
    with pytest.raises(AttributeError):
        result.codes = ()  # type: ignore[misc]


def test_gap_is_reported_on_the_empty_rank():
    result = check(["brand", "", "copy", "social", "events"])
    assert result.errors["rank_2"] == "第 2 順位尚未選擇，請依序從第 1 順位開始填寫"
    assert result.codes == ()
    assert not result.ok


def test_empty_first_rank_is_a_gap():
    result = check([None, "brand", "copy", "social", "events"], min_ranked=4)
    assert result.errors == {"rank_1": "第 1 順位尚未選擇，請依序從第 1 順位開始填寫"}


def test_every_empty_rank_before_the_last_filled_one_is_reported():
    result = check(["brand", "", None, "copy", "social"], min_ranked=3)
    assert set(result.errors) == {"rank_2", "rank_3"}


def test_duplicate_is_reported_on_the_later_rank_with_the_label():
    result = check(["brand", "copy", "brand", "social", "events"])
    assert set(result.errors) == {"rank_3"}
    assert result.errors["rank_3"].startswith("第 3 順位重複選擇了「企業品牌經營」")
    assert "請改選其他課程" in result.errors["rank_3"]


def test_duplicate_is_reported_on_each_repeat():
    result = check(["brand", "brand", "brand", "social", "events"])
    assert set(result.errors) == {"rank_2", "rank_3"}


def test_too_few_ranked():
    result = check(["brand", "copy", "social"])
    assert result.errors == {"ranking": "請至少排序 5 項課程，目前只排了 3 項"}
    assert result.codes == ()


def test_nothing_ranked():
    result = check(["", "", "", "", ""])
    assert result.errors == {"ranking": "請至少排序 5 項課程，目前尚未排序任何課程"}


def test_nothing_submitted_at_all():
    result = check([], min_ranked=1, max_ranked=5)
    assert set(result.errors) == {"ranking"}


def test_too_many_ranked():
    result = check(["brand", "copy", "social", "events", "channels", "resources"])
    assert set(result.errors) == {"ranking"}
    assert "最多只能排序 5 項課程，目前排了 6 項" in result.errors["ranking"]


def test_exactly_min_and_max_boundaries_pass():
    assert check(["brand", "copy"], min_ranked=2, max_ranked=3).ok
    assert check(["brand", "copy", "social"], min_ranked=2, max_ranked=3).ok


def test_unknown_code():
    result = check(["nope", "brand", "copy", "social", "events"])
    assert result.errors == {"rank_1": "第 1 順位的選項不存在，請重新選擇"}


def test_unknown_code_is_not_also_called_a_duplicate():
    result = check(["brand", "nope", "nope", "social", "events"])
    assert result.errors["rank_2"] == "第 2 順位的選項不存在，請重新選擇"
    assert result.errors["rank_3"] == "第 3 順位的選項不存在，請重新選擇"


def test_label_is_not_accepted_in_place_of_code():
    result = check(["企業品牌經營"], min_ranked=1, max_ranked=5)
    assert set(result.errors) == {"rank_1"}


def test_several_rules_broken_at_once():
    result = check(["brand", "", "brand", "nope"])
    assert set(result.errors) == {"rank_2", "rank_3", "rank_4", "ranking"}
    assert "目前只排了 3 項" in result.errors["ranking"]


def test_field_name():
    assert field_name(1) == "rank_1"


# --- aggregate ----------------------------------------------------------------------

SMALL = {"a": "甲", "b": "乙", "c": "丙", "d": "丁"}


def test_aggregate_hand_computed_k3():
    # K = 3: rank 1 earns 3, rank 2 earns 2, rank 3 earns 1.
    #   R1: a b c    R2: b a c    R3: a c
    # a: ranks 1,2,1 -> first 2, times 3, mean 4/3, borda 3+2+3 = 8
    # b: ranks 2,1   -> first 1, times 2, mean 3/2, borda 2+3   = 5
    # c: ranks 3,3,2 -> first 0, times 3, mean 8/3, borda 1+1+2 = 4
    # d: never       -> 0, 0, None, 0
    rankings = [("a", "b", "c"), ("b", "a", "c"), ("a", "c")]
    results = aggregate(rankings, SMALL, k=3)

    assert results.response_count == 3
    assert [s.code for s in results] == ["a", "b", "c", "d"]
    a, b, c, d = results
    assert (a.label, a.first_choices, a.times_ranked, a.borda) == ("甲", 2, 3, 8)
    assert a.mean_rank == pytest.approx(4 / 3)
    assert (b.first_choices, b.times_ranked, b.borda) == (1, 2, 5)
    assert b.mean_rank == pytest.approx(1.5)
    assert (c.first_choices, c.times_ranked, c.borda) == (0, 3, 4)
    assert c.mean_rank == pytest.approx(8 / 3)
    assert d == OptionScore("d", "丁", 0, 0, None, 0)


def test_aggregate_tie_breaks_first_choices_then_option_order():
    # K = 3.  R1: x y z   R2: y z
    # y: 2+3 = 5 (first 1); x: 3 (first 1); z: 1+2 = 3 (first 0); v, w: 0.
    options = {"z": "Z", "x": "X", "y": "Y", "v": "V", "w": "W"}
    results = aggregate([("x", "y", "z"), ("y", "z")], options, k=3)
    assert [(s.code, s.borda, s.first_choices) for s in results] == [
        ("y", 5, 1),
        ("x", 3, 1),
        ("z", 3, 0),
        ("v", 0, 0),
        ("w", 0, 0),
    ]


def test_aggregate_full_tie_keeps_option_order():
    # K = 2.  R1: p q   R2: q p -> both 2+1 = 3 with one first choice each.
    results = aggregate([("p", "q"), ("q", "p")], {"q": "Q", "p": "P"}, k=2)
    assert [(s.code, s.borda, s.first_choices) for s in results] == [("q", 3, 1), ("p", 3, 1)]


def test_aggregate_no_responses():
    results = aggregate([], SMALL, k=3)
    assert results.response_count == 0
    assert [s.code for s in results] == ["a", "b", "c", "d"]
    assert all(s.mean_rank is None and s.borda == 0 for s in results)


def test_aggregate_accepts_a_generator_and_is_a_list():
    results = aggregate((r for r in [("a",)]), SMALL, k=3)
    assert isinstance(results, list)
    assert results[0].code == "a"
    assert results.response_count == 1


def test_aggregate_ignores_codes_no_longer_in_the_survey_and_repeats():
    # "gone" still takes rank 1 in R1, so "a" sits at rank 2 there (2 points).
    results = aggregate([("gone", "a", "a")], SMALL, k=3)
    a = next(s for s in results if s.code == "a")
    assert (a.times_ranked, a.borda, a.mean_rank) == (1, 2, 2.0)
    assert results.response_count == 1


def test_aggregate_never_gives_negative_points_beyond_k():
    results = aggregate([("a", "b", "c")], SMALL, k=2)
    c = next(s for s in results if s.code == "c")
    assert c.borda == 0
    assert c.times_ranked == 1
