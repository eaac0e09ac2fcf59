"""Loose ends of the figures (issue 15, item 3): one family of codes per concept, the old codes kept
as permanent addresses, and parts and totals that disagree noted on both sides."""

import pytest
from django.test import Client

from indicators.loading import load_indicators
from indicators.models import Indicator, IndicatorTombstone, Observation
from indicators.sourcedata import SourceData

pytestmark = pytest.mark.django_db

OLD, NEW = "information-services-revenue", "software-info-services-revenue"


@pytest.fixture
def public():
    return Client()


def test_each_retired_code_leads_to_an_indicator_in_use():
    source = SourceData()
    codes = {row["code"] for row in source.indicators}
    assert source.renamed_codes == {
        "information-services-revenue": "software-info-services-revenue",
        "information-services-gdp-share": "software-info-services-gdp-share",
    }
    assert not set(source.renamed_codes) & codes
    assert not [code for code in codes if code.startswith("information-services-")]


def test_the_gdp_share_of_chapter_1_is_a_figure_of_the_merged_indicator(figures):
    share = Observation.objects.get(indicator__code="software-info-services-gdp-share", year=2016, district=None)
    # Printed again in chapter 1 (line 575) and twice in chapter 8 (lines 5471 and 5760).
    assert (share.printed, share.line, share.printed_again_at) == ("7.1", 7255, [575, 5471, 5760])


def test_an_old_code_redirects_for_good_on_the_page_and_in_the_api(figures, public):
    page = public.get(f"/en/indicators/{OLD}/")
    assert page.status_code == 301 and page["Location"].endswith(f"/en/indicators/{NEW}/")
    api = public.get(f"/api/v1/indicators/{OLD}/?format=json")
    assert api.status_code == 301 and api["Location"].endswith(f"/api/v1/indicators/{NEW}/?format=json")
    assert public.get(f"/api/v1/indicators/{NEW}/").status_code == 200
    assert public.get("/api/v1/indicators/no-such-code/").status_code == 404


def test_an_old_code_is_an_alias_in_the_indicator_filter(figures, public):
    by_new = public.get(f"/api/v1/observations/?indicator={NEW}").json()["results"]
    by_old = public.get(f"/api/v1/observations/?indicator={OLD}").json()["results"]
    assert by_new and by_old == by_new
    mixed = public.get(f"/api/v1/observations/?indicator={OLD},ftth-coverage-households").json()["results"]
    assert {row["indicator"] for row in mixed} == {NEW, "ftth-coverage-households"}
    bad = public.get("/api/v1/observations/?indicator=no-such-code")
    assert bad.status_code == 400 and "indicator" in bad.json()


def test_a_code_loaded_before_the_merge_leaves_for_the_removed_feed(figures, public):
    # A database loaded before the merge holds the indicator under its old code, public.
    merged = Indicator.objects.get(code=NEW)
    values = list(merged.observations.all())
    merged.pk, merged.code = None, OLD
    merged.save()
    for value in values:
        value.pk, value.indicator = None, merged
        value.save()
    old_pk = merged.pk
    load_indicators()
    assert not Indicator.objects.filter(code=OLD).exists()
    assert IndicatorTombstone.objects.filter(indicator_id=old_pk, code=OLD).exists()
    removed = public.get("/api/v1/indicators/removed/").json()["results"]
    assert [row["code"] for row in removed if row["state"] == "deleted"] == [OLD]
    assert {row["indicator"] for row in public.get("/api/v1/observations/removed/").json()["results"]} == {OLD}
    page = public.get(f"/en/indicators/{OLD}/")
    assert page.status_code == 301 and page["Location"].endswith(f"/en/indicators/{NEW}/")


NOTED = {
    # 3G + 4G for 2015 against the 3G/4G total for 2015: all three worked back from 2016.
    ("mobile-3g-subscribers", 2015): ["1136.4 + 1229.6", "2211.27"],
    ("mobile-4g-subscribers", 2015): ["1136.4 + 1229.6", "2211.27"],
    ("mobile-3g4g-users", 2015): ["1136.4 + 1229.6", "2211.27"],
    # the hotline's website + app: 92 422 + 29 580 = 12.2 万 against "11.5 万件".
    ("hotline-12345-web-app-cases", 2016): ["122 002", "11.5"],
    ("hotline-12345-app-requests", 2016): ["122 002", "11.5"],
    ("hotline-12345-web-requests", 2016): ["122 002", "11.5"],
    # calls answered 272 万 against requests by phone 2 874 801.
    ("hotline-12345-calls-answered", 2016): ["272", "2 874 801"],
    ("hotline-12345-phone-requests", 2016): ["272", "2 874 801"],
}


@pytest.mark.parametrize(("code", "year"), NOTED)
def test_parts_and_totals_that_disagree_are_noted_on_both_sides(figures, code, year):
    observation = Observation.objects.get(indicator__code=code, year=year, district=None, reading=1)
    for figure in NOTED[(code, year)]:
        assert figure in observation.note_zh, (code, figure)
    assert observation.note_en


def test_the_parts_do_disagree_as_noted(figures):
    def value(code, year):
        return Observation.objects.get(indicator__code=code, year=year, district=None, reading=1).value

    assert value("mobile-3g-subscribers", 2015) + value("mobile-4g-subscribers", 2015) != value("mobile-3g4g-users", 2015)
    assert value("hotline-12345-app-requests", 2016) + value("hotline-12345-web-requests", 2016) == 122002
    assert value("hotline-12345-web-app-cases", 2016) == 11.5


def test_the_page_says_where_a_figure_is_printed_again(figures, public):
    english = public.get("/en/indicators/software-info-services-gdp-share/")
    assert "Also printed at lines 575, 5471, 5760." in english.text
    chinese = public.get("/indicators/software-info-services-gdp-share/")
    assert "另见于第 575, 5471, 5760 行。" in chinese.text
    api = public.get("/api/v1/indicators/software-info-services-gdp-share/").json()
    assert [row["printed_again_at"] for row in api["observations"]] == [[575, 5471, 5760]]
