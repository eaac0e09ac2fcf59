"""Every loaded figure is the report's: its quote occurs in data/report/report.txt and prints it."""

from decimal import Decimal

import pytest

from indicators.models import Indicator, Observation
from indicators.sourcedata import ReportText, SourceData, number_of, prints, squeeze, unit_factor


@pytest.fixture(scope="module")
def report_text():
    return ReportText()


def test_the_data_files_agree_with_the_report():
    assert SourceData().problems() == []


def test_every_loaded_quote_occurs_in_the_report_on_its_line_and_prints_its_value(figures, report_text):
    checked = 0
    for observation in Observation.objects.select_related("indicator"):
        assert observation.line in report_text.lines_where(observation.quote), observation
        assert prints(observation.quote, observation.printed, observation.printed_unit), observation
        if observation.kind != Observation.Kind.DERIVED:
            indicator = observation.indicator
            factor = unit_factor(observation.printed_unit, indicator.unit, indicator.unit_aliases) if observation.printed_unit else 1
            assert number_of(squeeze(observation.printed)) * factor == observation.value, observation
        checked += 1
    assert checked == Observation.objects.count() > 600


def test_a_derived_value_follows_from_its_base_year(figures):
    # 附表 1.1: NGB covers 744 万户 in 2016; ch.2: "比 2015 年末增加 24 万户" → 720 in 2015.
    derived = Observation.objects.get(indicator__code="ngb-households", year=2015, district=None)
    assert (derived.kind, derived.derivation, derived.base_year, derived.value) == ("derived", "minus", 2016, Decimal("720"))
    assert "24" in derived.quote


def test_at_least_150_figures_come_from_chapters_2_to_10_and_appendix_1(figures):
    chapters = Observation.objects.exclude(chapter="1").values_list("chapter", flat=True)
    assert len(chapters) >= 150
    assert {str(number) for number in range(2, 11)} | {"A1"} <= set(chapters)


def test_the_report_disagreeing_with_itself_is_kept_as_two_readings(figures):
    growth = Observation.objects.filter(indicator__code="internet-finance-revenue-growth", year=2016, district=None)
    readings = {o.reading: (o.value, o.chapter) for o in growth}
    assert readings == {1: (Decimal("28.5"), "4"), 2: (Decimal("28.8"), "8")}
    assert all(o.note_en for o in growth)
    towns = Observation.objects.filter(indicator__code="smart-new-town-pilots", year=2016, district=None)
    assert sorted(o.value for o in towns) == [Decimal("2"), Decimal("3")]


def test_qualifiers_printed_by_the_report_are_kept(figures):
    # A derived value's qualifier is worked out from its base's (tests/indicators/test_derived_bounds.py).
    qualified = Observation.objects.exclude(qualifier="").exclude(kind=Observation.Kind.DERIVED)
    assert qualified.count() > 50
    for observation in qualified:
        assert observation.qualifier in squeeze(observation.quote)


def test_every_indicator_has_names_in_both_languages_and_a_domain(figures):
    assert not Indicator.objects.filter(name_en="").exists()
    assert not Indicator.objects.filter(name_zh="").exists()
    assert Indicator.objects.filter(observations__isnull=True).count() == 2  # targets the report gives no figure for


def test_a_series_the_report_prints_is_loaded_for_all_its_years(figures):
    # Figure 4.3 (line 2890): internet-finance revenue 2014-2016; the text's 28.5% growth works
    # 2015 back to 386, which is kept beside the figure's 385 as a second reading.
    series = Observation.objects.filter(indicator__code="internet-finance-revenue", district=None)
    assert {(o.year, o.reading): (o.value, o.kind) for o in series} == {
        (2014, 1): (Decimal("260"), "reported"),
        (2015, 1): (Decimal("385"), "reported"),
        (2015, 2): (Decimal("386"), "derived"),
        (2016, 1): (Decimal("496"), "reported"),
    }
