"""The chart's geometry and summary from plain points: no database needed."""

from decimal import Decimal
from itertools import combinations

import pytest

from indicators.charts import FONT, SMALL, Point, bar_chart, scale, summary, text_width, thinned, wrap


def point(year, value, *, reading=1, is_estimate=False):
    return Point(year, reading, Decimal(value), value, is_estimate)


def test_bars_start_at_zero_and_the_taller_bar_is_the_larger_value():
    chart = bar_chart([point(2015, "8"), point(2016, "12")])
    low, high = chart["bars"]
    assert low["y"] + low["height"] == pytest.approx(high["y"] + high["height"]) == pytest.approx(chart["zero"])
    assert high["height"] > low["height"]
    assert [year["text"] for year in chart["years"]] == [2015, 2016]


def test_a_negative_value_hangs_below_the_zero_line():
    bar = bar_chart([point(2016, "-5")])["bars"][0]
    assert bar["y"] == bar_chart([point(2016, "-5")])["zero"]


def test_two_readings_of_a_year_stand_side_by_side_with_their_numbers():
    chart = bar_chart([point(2016, "97.65"), point(2016, "97.5", reading=2)])
    first, second = chart["bars"]
    assert first["x"] + first["width"] < second["x"]
    assert (first["reading_label"], second["reading_label"]) == ("reading 1", "reading 2")
    assert chart["has_readings"]


def test_scale_uses_round_steps_past_the_extremes():
    assert scale([97.65]) == (0, 100, 50)
    assert scale([0.0]) == (0, 1, 0.5)


def test_no_points_no_chart_and_no_summary():
    assert bar_chart([]) is None
    assert summary([]) == ""


def test_summary_says_which_way_the_first_reading_moved():
    assert summary([point(2015, "8"), point(2016, "12")]) == "From 2015 to 2016 the value rose from 8 to 12."
    assert summary([point(2015, "12"), point(2016, "8")]) == "From 2015 to 2016 the value fell from 12 to 8."
    assert summary([point(2016, "97.65"), point(2016, "90", reading=2)]) == "In 2016 the value was 97.65."


def label_boxes(chart):
    """(left, top, right, bottom) of every label the chart writes, as the template places them."""
    boxes = []
    for bar in chart["bars"]:
        width = text_width(bar["point"].label, FONT)
        x, y = bar["center"], bar["label_y"]
        boxes.append((x - FONT / 2, y - width, x + FONT / 2, y) if bar["label_upright"] else (x - width / 2, y - FONT, x + width / 2, y))
        if bar["reading_label"]:
            width = text_width(bar["reading_label"], SMALL)
            x, y = bar["center"], bar["reading_y"]
            boxes.append((x - SMALL / 2, y, x + SMALL / 2, y + width) if bar["reading_upright"] else (x - width / 2, y - SMALL, x + width / 2, y))
    for year in chart["years"]:
        width = text_width(year["text"], FONT)
        boxes.append((year["x"] - width / 2, year["y"] - FONT, year["x"] + width / 2, year["y"]))
    return boxes


def overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# The data's longest labels (e-commerce-turnover in English; 超过 2.47 of e-port-documents-processed
# in Chinese), a year with three readings, and many years.

@pytest.mark.parametrize(
    "chart_points",
    [
        [point(2015, "16447.3"), point(2016, "20049.3"), Point(2016, 2, Decimal("20000"), "more than 20000", False)],
        [point(2016, "2.7"), Point(2016, 2, Decimal("2.47"), "超过 2.47", False), Point(2016, 3, Decimal("2.5"), "more than 2.5", False)],
        [point(year, "123456.78") for year in range(1990, 2030)],
    ],
    ids=["longest-english", "three-readings", "forty-years"],
)
def test_no_two_labels_overlap(chart_points):
    chart = bar_chart(chart_points, title="t", unit="u", source="s")
    boxes = label_boxes(chart)
    assert boxes
    assert not [pair for pair in combinations(boxes, 2) if overlap(*pair)]


def test_labels_that_do_not_fit_are_turned_upright_and_years_thinned():
    chart = bar_chart([point(2016, "16447.3"), Point(2016, 2, Decimal("20000"), "more than 20000", False)])
    assert all(bar["label_upright"] for bar in chart["bars"])
    assert thinned(40, 30, 14) == 3  # 30 px labels 14 px apart: every third
    assert len(bar_chart([point(year, "1") for year in range(1990, 2030)])["years"]) < 40


def test_title_and_source_wrap_inside_the_chart():
    chart = bar_chart([point(2015, "8"), point(2016, "12")], title="标题" * 40, unit="Unit: %", source="Source " * 40)
    assert len(chart["title_lines"]) > 1 and len(chart["source_lines"]) > 1
    assert all(text_width(line["text"], 16) <= chart["width"] for line in chart["title_lines"])
    assert chart["source_lines"][-1]["y"] < chart["height"]
    assert wrap("智慧城市建设", 10, 30) == ["智慧城", "市建设"]
