"""A tile map of Shanghai's 16 districts, drawn by the portal as SVG (no map tiles from elsewhere).

Each district is one square placed roughly where it lies (north up), so the picture reads as
the city while every district gets the same room for its name and count. Shading groups the
counts into five steps; the count is also printed on the tile, so colour never carries the
meaning alone, and the page has a table with the same figures.
"""

import math

from django.utils.translation import get_language

# (column, row) of each district's tile, by slug: a layout, not a figure.
TILE_POSITIONS = {
    "chongming": (5, 0),
    "jiading": (1, 1),
    "baoshan": (3, 1),
    "qingpu": (0, 2),
    "putuo": (2, 2),
    "jingan": (3, 2),
    "hongkou": (4, 2),
    "yangpu": (5, 2),
    "changning": (2, 3),
    "huangpu": (3, 3),
    "pudong": (4, 3),
    "songjiang": (1, 4),
    "minhang": (2, 4),
    "xuhui": (3, 4),
    "jinshan": (1, 5),
    "fengxian": (3, 5),
}
TILE = 110  # pixels per tile in the SVG's coordinate system
GAP = 4
# What the English name says after the place's own name: the tile shows "Pudong", the title and
# the table "Pudong New Area". Chinese names (四个字 at most) fit the tile whole.
ENGLISH_SUFFIXES = (" New Area", " District")
# Light to dark; the last two carry white text (contrast ≥ 4.5:1 either way).
SHADES = ["#eef4fb", "#c6dbef", "#8fbde0", "#2f6fae", "#0b3d73"]
DARK_FROM = 3


def tile_label(district):
    """The district's name short enough for its tile: "Pudong" for Pudong New Area in English."""
    if not (get_language() or "").startswith("en"):
        return district.name
    name = district.name
    for suffix in ENGLISH_SUFFIXES:
        name = name.removesuffix(suffix)
    return name


def shade_step(count, highest):
    """0 for none, then 1–4 by the share of the busiest district's count."""
    if count <= 0 or highest <= 0:
        return 0
    return min(len(SHADES) - 1, max(1, math.ceil(count / highest * (len(SHADES) - 1))))


def tiles(rows):
    """Tiles for the districts in rows (dicts with district and total), placed and shaded.

    A district without a position (one added later by an editor) goes on a row below the map.
    """
    highest = max((row["total"] for row in rows), default=0)
    placed, spare_column = [], 0
    bottom = max(row for _, row in TILE_POSITIONS.values()) + 1
    for row in rows:
        district = row["district"]
        position = TILE_POSITIONS.get(district.slug)
        if position is None:
            position, spare_column = (spare_column, bottom), spare_column + 1
        column, line = position
        step = shade_step(row["total"], highest)
        placed.append(
            {
                "district": district,
                "label": tile_label(district),
                "total": row["total"],
                "x": column * TILE + GAP,
                "centre": column * TILE + TILE // 2,
                "y": line * TILE + GAP,
                "size": TILE - 2 * GAP,
                "fill": SHADES[step],
                "is_dark": step >= DARK_FROM,
                "step": step,
            }
        )
    columns = max((tile["x"] for tile in placed), default=0) // TILE + 1
    lines = max((tile["y"] for tile in placed), default=0) // TILE + 1
    return {"tiles": placed, "width": columns * TILE, "height": lines * TILE, "tile": TILE, "legend": legend(highest)}


def legend(highest):
    """The count range each shade stands for, from the same rule as shade_step; empty steps left out."""
    steps = [{"step": 0, "fill": SHADES[0], "low": 0, "high": 0, "is_dark": False}]
    parts = len(SHADES) - 1
    for step in range(1, len(SHADES)):
        low, high = math.floor((step - 1) * highest / parts) + 1, math.floor(step * highest / parts)
        if highest and low <= high:
            steps.append({"step": step, "fill": SHADES[step], "low": low, "high": high, "is_dark": step >= DARK_FROM})
    return steps
