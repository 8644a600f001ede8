"""The tile-grid map: every county once, no two on one square, steps and legend agree."""

from smeup.company.reference import COUNTIES
from smeup.report.tile_map import FILLS, POSITIONS, tile_map


def test_every_county_has_its_own_square():
    assert sorted(POSITIONS) == sorted(COUNTIES)
    assert len(set(POSITIONS.values())) == len(COUNTIES)


def test_colour_steps_follow_the_counts_and_the_legend():
    drawn = tile_map({"臺中市": 10, "彰化縣": 1, "臺北市": 5})
    fills = {t.county: t.fill for t in drawn.tiles}
    assert fills["連江縣"] == FILLS[0]  # none served
    assert fills["彰化縣"] != fills["臺北市"] != fills["臺中市"]
    assert fills["臺中市"] == FILLS[-1]  # the most served, darkest, with white text
    assert {t.text for t in drawn.tiles if t.county == "臺中市"} == {"#ffffff"}
    assert [s.label for s in drawn.legend] == ["0", "1–2", "3–4", "5–6", "7–8", "9–10"]
    assert {s.fill for s in drawn.legend} >= set(fills.values())


def test_two_counts_get_distinct_ends_of_the_scale():
    drawn = tile_map({"臺中市": 2, "彰化縣": 1})
    fills = {t.county: t.fill for t in drawn.tiles}
    assert fills["彰化縣"] == FILLS[1] and fills["臺中市"] == FILLS[5]
    assert [s.label for s in drawn.legend] == ["0", "1", "2"]


def test_nothing_served():
    drawn = tile_map({})
    assert {t.fill for t in drawn.tiles} == {FILLS[0]}
    assert [s.label for s in drawn.legend] == ["0"]
