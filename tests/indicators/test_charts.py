"""The chart's geometry and summary from plain points: no database needed."""

from decimal import Decimal

from indicators.charts import Point, bar_chart, scale, summary


def point(year, value, *, reading=1, is_estimate=False):
    return Point(year, reading, Decimal(value), value, is_estimate)


def test_bars_start_at_zero_and_the_taller_bar_is_the_larger_value():
    chart = bar_chart([point(2015, "8"), point(2016, "12")])
    low, high = chart["bars"]
    assert low["y"] + low["height"] == high["y"] + high["height"] == chart["zero"]
    assert high["height"] > low["height"]
    assert [year["text"] for year in chart["years"]] == [2015, 2016]


def test_a_negative_value_hangs_below_the_zero_line():
    bar = bar_chart([point(2016, "-5")])["bars"][0]
    assert bar["y"] == bar_chart([point(2016, "-5")])["zero"]


def test_two_readings_of_a_year_stand_side_by_side_with_their_numbers():
    chart = bar_chart([point(2016, "97.65"), point(2016, "97.5", reading=2)])
    first, second = chart["bars"]
    assert first["x"] + first["width"] < second["x"]
    assert (first["reading_label"], second["reading_label"]) == (1, 2)
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
