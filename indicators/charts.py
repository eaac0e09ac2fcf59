"""An indicator's figures as pictures the portal draws itself: a bar chart of the city's series
and a choropleth of district values on the district tile map.

Small pure functions: points in, geometry out; the SVG templates (indicators/_chart.svg,
indicators/_district_map.svg) only write the shapes. The same SVG is shown in the page, served as
a download and rendered to PNG, so it carries its own title, unit and source, and its colours as
attributes rather than from the site's stylesheet.

Every bar carries its value as text; an estimate (derived or provisional) is a hollow dashed bar
and a second reading of the same year stands beside the first with its number, so neither colour
nor shape alone carries a meaning. The colours meet WCAG's 3:1 for graphics against white.

Labels never overlap: each row of labels is measured (text_width) against the room it has, and is
turned upright when it does not fit; years are thinned when even upright they would not.
"""

import math
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext

from landmarks import districtmap

WIDTH = 640
LEFT, RIGHT = 64, 16
BAR_MAX = 56
FONT = 13  # value and axis labels, px
SMALL = 11  # reading labels, the unit and the source
TITLE = 16
LINE = 1.5  # line height, in font sizes: room for a CJK font's ascent and descent (about 1.45 em)
PLOT_HEIGHT = 200
PAD = 6
ACCENT, MUTED, GRID, TEXT = "#0b3d73", "#4a5360", "#c9d1db", "#1b1f24"
FONT_FAMILY = "'Noto Sans CJK SC', 'WenQuanYi Zen Hei', 'PingFang SC', 'Microsoft YaHei', sans-serif"


@dataclass(frozen=True)
class Point:
    year: int
    reading: int
    value: Decimal
    label: str  # the value as the page writes it (display.value_phrase, without the unit)
    is_estimate: bool


def points(observations, *, label):
    """The city-wide observations as Points, by year and reading; label(observation) writes the value."""
    return sorted(
        (
            Point(o.year, o.reading, Decimal(o.value), label(o), o.is_estimate)
            for o in observations
            if o.district_id is None
        ),
        key=lambda point: (point.year, point.reading),
    )


def shape(chart_points, district_observations):
    """Which picture fits the data: "series" (two or more city-wide figures), "single" (one),
    "districts" (only district figures) or "none"."""
    if len(chart_points) > 1:
        return "series"
    if chart_points:
        return "single"
    return "districts" if district_observations else "none"


def text_width(text, size):
    """The width of text in px, near enough to keep labels apart: a CJK character is about one em,
    a Latin one about 0.6 em (the fonts the SVG names; a wider guess costs only a little room)."""
    return sum(size if unicodedata.east_asian_width(char) in "WF" else size * 0.6 for char in str(text))


def wrap(text, size, width):
    """text cut into lines no wider than width px: at spaces where there are some, else anywhere
    (Chinese has no spaces between words)."""
    lines, line = [], ""
    for token in _tokens(text):
        candidate = line + token
        if line and text_width(candidate, size) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line = candidate
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _tokens(text):
    token = ""
    for char in text:
        if unicodedata.east_asian_width(char) in "WF":
            if token:
                yield token
                token = ""
            yield char
        elif char == " ":
            yield token + char
            token = ""
        else:
            token += char
    if token:
        yield token


def label_row(texts, size, room):
    """How a row of labels, each centred in `room` px, fits: {"upright": bool, "extent": px it needs
    across the axis}. Upright (turned 90°) when a label is wider than the room around it."""
    widths = [text_width(text, size) for text in texts]
    if not widths:
        return {"upright": False, "extent": 0}
    fits = max(widths) <= room - PAD
    return {"upright": not fits, "extent": size * LINE if fits else max(widths) + PAD}


def thinned(count, widest, room):
    """Every how-many-th label to print so that labels `widest` px wide, `room` px apart, never meet."""
    return max(1, math.ceil((widest + PAD) / room)) if room > 0 else count


def nice_step(span, ticks=4):
    """A round step (1, 2 or 5 × 10ⁿ) that cuts span into about `ticks` parts."""
    raw = span / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def scale(values):
    """(low, high, step): a range from zero (bars start at zero) to past the extremes, in round steps."""
    low, high = min([0.0, *values]), max([0.0, *values])
    if low == high:
        high = low + 1
    step = nice_step(high - low)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def tick_label(number, step):
    decimals = max(0, -math.floor(math.log10(step))) if step < 1 else 0
    return f"{number:.{decimals}f}"


def heading_lines(*, title, unit, source, width=WIDTH):
    """The chart's own title (wrapped), unit line and source lines (wrapped), with their heights."""
    inner = width - 2 * PAD
    return {
        "title": wrap(title, TITLE, inner),
        "unit": unit,
        "source": wrap(source, SMALL, inner),
    }


def _stack(lines, size, top):
    """[{"text", "y"}] for lines of text starting with a baseline under `top`; and the next free y."""
    placed = []
    y = top
    for text in lines:
        y += size * LINE
        placed.append({"text": text, "y": round(y - size * 0.4, 1)})
    return placed, y


def bar_chart(chart_points, *, title="", unit="", source="", reading_label=None):
    """The geometry of a bar per point, years along x, with title, unit and source; None when
    there is nothing to draw. reading_label(n) words a reading's number ("reading 2")."""
    if not chart_points:
        return None
    reading_label = reading_label or (lambda number: gettext("reading %(number)s") % {"number": number})
    years = sorted({point.year for point in chart_points})
    plot_width = WIDTH - LEFT - RIGHT
    slot = plot_width / len(years)
    in_year = {year: [point for point in chart_points if point.year == year] for year in years}
    bar_width = {year: min(BAR_MAX, slot * 0.7 / len(in_year[year])) for year in years}

    heading = heading_lines(title=title, unit=unit, source=source)
    title_lines, y = _stack(heading["title"], TITLE, 0)
    unit_lines, y = _stack([heading["unit"]] if heading["unit"] else [], SMALL, y)
    # Each bar's value stands above it, in the room of one bar (its neighbour's label is next to it).
    value_row = label_row(
        [point.label for point in chart_points],
        FONT,
        min(bar_width[point.year] if len(in_year[point.year]) > 1 else slot for point in chart_points),
    )
    multi = [point for point in chart_points if len(in_year[point.year]) > 1]
    reading_row = label_row(
        [reading_label(point.reading) for point in multi], SMALL,
        min((bar_width[point.year] for point in multi), default=slot),
    )
    top = y + PAD + value_row["extent"]
    low, high, step = scale([float(point.value) for point in chart_points])

    def y_of(number):
        return top + PLOT_HEIGHT * (high - number) / (high - low)

    zero = y_of(0)
    plot_bottom = top + PLOT_HEIGHT
    reading_top = plot_bottom + PAD
    year_top = reading_top + (reading_row["extent"] if multi else 0)
    widest_year = max(text_width(year, FONT) for year in years)
    every = thinned(len(years), widest_year, slot)

    bars, year_labels = [], []
    for index, year in enumerate(years):
        group = in_year[year]
        width = bar_width[year]
        start = LEFT + slot * index + (slot - width * len(group)) / 2
        centre = LEFT + slot * (index + 0.5)
        if index % every == 0:
            year_labels.append({"x": round(centre, 1), "y": round(year_top + FONT, 1), "text": year})
        for position, point in enumerate(group):
            bar_top = y_of(float(point.value))
            x = start + position * width
            middle = round(x + width / 2, 1)
            label_y = round(min(bar_top, zero) - PAD, 1)
            bars.append(
                {
                    "point": point,
                    "x": round(x + 1, 1),
                    "y": round(min(bar_top, zero), 1),
                    "width": round(width - 2, 1),
                    # From the rounded ends, so every bar meets the rounded zero line exactly.
                    "height": max(round(round(max(bar_top, zero), 1) - round(min(bar_top, zero), 1), 1), 1),
                    "center": middle,
                    "label_y": label_y,
                    "label_upright": value_row["upright"],
                    "label_width": round(text_width(point.label, FONT), 1),
                    # Only where a year has several readings does each bar need its number.
                    "reading_label": reading_label(point.reading) if len(group) > 1 else None,
                    "reading_upright": reading_row["upright"],
                    "reading_y": round(reading_top + (0 if reading_row["upright"] else SMALL), 1),
                }
            )
    ticks = []
    number = low
    while number <= high + step / 2:
        ticks.append({"y": round(y_of(number), 1), "text": tick_label(number, step)})
        number += step
    source_lines, height = _stack(heading["source"], SMALL, year_top + FONT * LINE + PAD)
    return {
        "width": WIDTH,
        "height": math.ceil(height + PAD),
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "zero": round(zero, 1),
        "bars": bars,
        "years": year_labels,
        "ticks": ticks,
        "title_lines": title_lines,
        "unit_lines": unit_lines,
        "source_lines": source_lines,
        "has_estimates": any(point.is_estimate for point in chart_points),
        "has_readings": any(point.reading > 1 for point in chart_points),
        **colours(),
    }


def colours():
    return {"accent": ACCENT, "muted": MUTED, "grid": GRID, "text": TEXT, "font": FONT_FAMILY}


def summary(chart_points):
    """One sentence for screen readers (and everyone): the first and last reading-1 values."""
    first_readings = [point for point in chart_points if point.reading == 1]
    if not first_readings:
        return ""
    first, last = first_readings[0], first_readings[-1]
    if first.year == last.year:
        return gettext("In %(year)s the value was %(value)s.") % {"year": first.year, "value": first.label}
    values = {"first": first.year, "last": last.year, "start": first.label, "end": last.label}
    if last.value > first.value:
        return gettext("From %(first)s to %(last)s the value rose from %(start)s to %(end)s.") % values
    if last.value < first.value:
        return gettext("From %(first)s to %(last)s the value fell from %(start)s to %(end)s.") % values
    return gettext("From %(first)s to %(last)s the value stayed at %(start)s.") % values


def ranked(district_observations):
    """The district figures from highest to lowest (reading 1 of the latest year each), with rank."""
    latest = {}
    for observation in district_observations:
        kept = latest.get(observation.district_id)
        if kept is None or (observation.year, -observation.reading) > (kept.year, -kept.reading):
            latest[observation.district_id] = observation
    ordered = sorted(latest.values(), key=lambda o: (-o.value, o.district.code))
    return [{"rank": rank, "observation": o} for rank, o in enumerate(ordered, start=1)]


def district_map(ranked_rows, districts, *, label, title="", unit="", source=""):
    """The tile map (landmarks.districtmap's layout and shades) with each district shaded by its
    figure; a district without one is left blank and says so. label(observation) writes a value."""
    by_district = {row["observation"].district_id: row["observation"] for row in ranked_rows}
    rows = [
        {"district": district, "total": float(by_district[district.pk].value) if district.pk in by_district else 0}
        for district in districts
    ]
    layout = districtmap.tiles(rows)
    heading = heading_lines(title=title, unit=unit, source=source, width=layout["width"])
    title_lines, y = _stack(heading["title"], TITLE, 0)
    unit_lines, y = _stack([heading["unit"]] if heading["unit"] else [], SMALL, y)
    offset = math.ceil(y + PAD)
    size = layout["tile"] - 2 * districtmap.GAP
    for tile in layout["tiles"]:
        observation = by_district.get(tile["district"].pk)
        tile["y"] += offset
        tile["observation"] = observation
        tile["value"] = label(observation) if observation else "–"
        if observation is None:
            tile.update(fill="#ffffff", is_dark=False, step=0)
        tile["name"] = short_name(tile["district"].name, size - 2 * PAD)
        tile["name_size"] = fitting_size(tile["name"], size - 2 * PAD, FONT)
        tile["value_size"] = fitting_size(tile["value"], size - 2 * PAD, TITLE)
    source_lines, height = _stack(heading["source"], SMALL, offset + layout["height"])
    return {
        **layout,
        "height": math.ceil(height + PAD),
        "map_height": layout["height"],
        "offset": offset,
        "title_lines": title_lines,
        "unit_lines": unit_lines,
        "source_lines": source_lines,
        **colours(),
    }


def short_name(name, room):
    """A district's name as it fits a tile: "Pudong New Area" → "Pudong", "Changning District" →
    "Changning"; the full name is in the table beside the map and in the tile's title."""
    if text_width(name, FONT) <= room:
        return name
    return name.split(" ")[0]


def fitting_size(text, room, size):
    """The largest font size up to `size` at which text fits room px."""
    width = text_width(text, size)
    return size if width <= room else max(8, math.floor(size * room / width))
