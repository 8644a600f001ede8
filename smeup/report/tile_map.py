"""A tile-grid map of Taiwan's 22 counties: one square each, placed roughly where it lies.

No geometry file: positions are (column, row) data below. Colour by a count in five steps;
text colour follows the fill so every label keeps 4.5:1 contrast; the same numbers go in a
table beside the map (the map is never the only way to read them).
"""

from __future__ import annotations

from dataclasses import dataclass

# (column, row) from the north-west; islands to the west (連江, 金門, 澎湖).
POSITIONS: dict[str, tuple[int, int]] = {
    "連江縣": (0, 0),
    "臺北市": (4, 0),
    "基隆市": (5, 0),
    "桃園市": (3, 1),
    "新北市": (4, 1),
    "宜蘭縣": (5, 1),
    "新竹市": (2, 2),
    "新竹縣": (3, 2),
    "金門縣": (0, 3),
    "苗栗縣": (2, 3),
    "臺中市": (3, 3),
    "彰化縣": (2, 4),
    "南投縣": (3, 4),
    "花蓮縣": (4, 4),
    "澎湖縣": (0, 5),
    "雲林縣": (2, 5),
    "嘉義縣": (3, 5),
    "嘉義市": (2, 6),
    "臺南市": (3, 6),
    "臺東縣": (4, 6),
    "高雄市": (3, 7),
    "屏東縣": (3, 8),
}
TILE = 58  # SVG units; 6 columns × 60 = 360 wide, so at 390 px text stays ≥ 12 px
GAP = 2
FONT = 13
# Light to dark (ColorBrewer Blues); text black on the light three, white on the dark two.
FILLS = ("#f0f0f0", "#c6dbef", "#9ecae1", "#4292c6", "#08519c", "#08306b")
TEXT = ("#1a1a1a", "#1a1a1a", "#1a1a1a", "#ffffff", "#ffffff", "#ffffff")


@dataclass(frozen=True)
class Tile:
    county: str
    x: int
    y: int
    count: int
    fill: str
    text: str


@dataclass(frozen=True)
class Step:
    label: str
    fill: str


@dataclass(frozen=True)
class TileMap:
    width: int
    height: int
    tile: int
    font: int
    tiles: list[Tile]
    legend: list[Step]


def _bounds(top: int) -> list[int]:
    """Upper bounds of the four non-zero steps (1..top split into near-equal whole ranges)."""
    if top <= 0:
        return []
    steps = min(5, top)
    return sorted({max(1, round(top * (i + 1) / steps)) for i in range(steps)})


def tile_map(counts: dict[str, int]) -> TileMap:
    """The map's geometry for companies served per county."""
    top = max([counts.get(c, 0) for c in POSITIONS] + [0])
    bounds = _bounds(top)

    # With fewer than five steps their colours spread over the scale, so two steps differ.
    shades = [
        1 + round(i * 4 / (len(bounds) - 1)) if len(bounds) > 1 else 3 for i in range(len(bounds))
    ]

    def step(n: int) -> int:
        if n <= 0:
            return 0
        return shades[next(i for i, b in enumerate(bounds) if n <= b)]

    tiles = [
        Tile(
            county,
            col * (TILE + GAP),
            row * (TILE + GAP),
            counts.get(county, 0),
            FILLS[step(counts.get(county, 0))],
            TEXT[step(counts.get(county, 0))],
        )
        for county, (col, row) in POSITIONS.items()
    ]
    legend = [Step("0", FILLS[0])]
    low = 1
    for i, b in enumerate(bounds):
        legend.append(Step(f"{low}" if low == b else f"{low}–{b}", FILLS[shades[i]]))
        low = b + 1
    columns = 1 + max(c for c, _r in POSITIONS.values())
    rows = 1 + max(r for _c, r in POSITIONS.values())
    return TileMap(
        columns * (TILE + GAP) - GAP, rows * (TILE + GAP) - GAP, TILE, FONT, tiles, legend
    )
