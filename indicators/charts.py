"""An indicator's city-wide values over the years as an SVG bar chart, drawn by the portal.

Small pure functions: points in, geometry out; the template only writes the shapes. Every bar
carries its value as text, an estimate (derived or provisional) is a hollow dashed bar and a
second reading of the same year stands beside the first with its number, so neither colour nor
shape alone carries a meaning. The colours (portal/static/portal/site.css) meet WCAG's 3:1 for
graphics against white.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 28, 56
BAR_MAX = 56


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


def bar_chart(chart_points):
    """The geometry of a bar per point, years along x; None when there is nothing to draw."""
    if not chart_points:
        return None
    years = sorted({point.year for point in chart_points})
    low, high, step = scale([float(point.value) for point in chart_points])
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y_of(number):
        return TOP + plot_height * (high - number) / (high - low)

    zero = y_of(0)
    slot = plot_width / len(years)
    bars, year_labels = [], []
    for index, year in enumerate(years):
        in_year = [point for point in chart_points if point.year == year]
        width = min(BAR_MAX, slot * 0.7 / len(in_year))
        start = LEFT + slot * index + (slot - width * len(in_year)) / 2
        center = LEFT + slot * (index + 0.5)
        year_labels.append({"x": round(center, 1), "y": HEIGHT - BOTTOM + (34 if len(in_year) > 1 else 20), "text": year})
        for position, point in enumerate(in_year):
            top = y_of(float(point.value))
            x = start + position * width
            bars.append(
                {
                    "point": point,
                    "x": round(x + 1, 1),
                    "y": round(min(top, zero), 1),
                    "width": round(width - 2, 1),
                    "height": round(max(abs(zero - top), 1), 1),
                    "center": round(x + width / 2, 1),
                    "label_y": round(min(top, zero) - 6, 1),
                    # Only where a year has several readings does each bar need its number.
                    "reading_label": point.reading if len(in_year) > 1 else None,
                    "reading_y": HEIGHT - BOTTOM + 16,
                }
            )
    ticks = []
    number = low
    while number <= high + step / 2:
        ticks.append({"y": round(y_of(number), 1), "text": tick_label(number, step)})
        number += step
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "zero": round(zero, 1),
        "bars": bars,
        "years": year_labels,
        "ticks": ticks,
        "has_estimates": any(point.is_estimate for point in chart_points),
        "has_readings": any(point.reading > 1 for point in chart_points),
    }


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
