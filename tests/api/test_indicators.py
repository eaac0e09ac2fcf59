"""/api/v1/indicators/, /observations/, /domains/ and /targets/: the report's figures for partners."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from indicators.models import Indicator, Observation

pytestmark = pytest.mark.django_db


def _csv_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


@pytest.fixture
def infrastructure(make_domain):
    """The chapter domain "infrastructure", a section of it, and another chapter."""
    chapter = make_domain(slug="infrastructure", name_zh="信息基础设施", name_en="Information infrastructure")
    section = make_domain(slug="infrastructure-networks", parent=chapter, name_en="Information networks")
    other = make_domain(slug="smart-economy", chapter="4", name_en="Smart economy")
    return chapter, section, other


def test_a_partner_gets_one_domains_values_for_2015_and_2016_as_csv(
    empty_database, api, infrastructure, make_indicator, make_observation
):
    """Issue 6's "done when": every value of one domain (sections included) for 2015–2016, as CSV."""
    chapter, section, other = infrastructure
    broadband = make_indicator(code="ftth-households", domain=section, unit="万户")
    towers = make_indicator(code="base-stations", domain=chapter, unit="个")
    trade = make_indicator(code="e-commerce", domain=other)
    for year, value in [(2014, "500"), (2015, "700.5"), (2016, "941")]:
        make_observation(indicator=broadband, year=year, value=value, printed=value, quote=f"{year} 年 {value} 万户")
    make_observation(indicator=towers, year=2016, value="0.1", printed="0.1", qualifier="约")
    make_observation(indicator=trade, year=2015, value="16000")

    response = api("/api/v1/observations/?domain=infrastructure&year_min=2015&year_max=2016&format=csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="observations.csv"' in response["Content-Disposition"]
    rows = _csv_rows(response)
    assert [(row["indicator"], row["year"], row["value"]) for row in rows] == [
        ("ftth-households", "2015", "700.5"),
        ("ftth-households", "2016", "941"),
        ("base-stations", "2016", "0.1"),
    ]
    assert rows[0]["unit"] == "万户" and rows[0]["geography"] == "shanghai"
    assert rows[0]["citation_quote"] == "2015 年 700.5 万户" and rows[0]["citation_line"] == "1"
    assert rows[2]["qualifier"] == "约"


def test_the_aliases_year__gte_and_year__lte_mean_year_min_and_year_max(empty_database, api, make_observation):
    for year in (2014, 2015, 2016, 2017):
        make_observation(year=year)
    named = api("/api/v1/observations/?year_min=2015&year_max=2016").json()["results"]
    aliases = api("/api/v1/observations/?year__gte=2015&year__lte=2016").json()["results"]
    assert [row["year"] for row in named] == [2015, 2016]
    assert aliases == named
    assert [row["year"] for row in api("/api/v1/observations/?year=2017").json()["results"]] == [2017]


def test_an_observation_carries_its_value_as_a_decimal_string_and_its_source(empty_database, api, make_observation):
    make_observation(
        value="20049.300000", printed="20049.3", qualifier="超过", kind=Observation.Kind.PROVISIONAL, note_en="Rounded.",
        chapter="4", section="三、智慧商贸", page_first=60, page_last=62, line=3120, quote="电子商务交易额超过 20049.3 亿元",
    )
    row = api("/api/v1/observations/").json()["results"][0]
    assert row["value"] == "20049.3"  # a string, never a float, without the column's trailing zeros
    assert (row["qualifier"], row["kind"], row["reading"], row["printed"]) == ("超过", "provisional", 1, "20049.3")
    assert row["citation"] == {
        "chapter": "4", "section": "三、智慧商贸", "page_first": 60, "page_last": 62, "line": 3120,
        "quote": "电子商务交易额超过 20049.3 亿元", "url": "http://testserver/report/line/3120/",
    }
    assert row["note_en"] == "Rounded." and row["unit"] == "万户"


def test_geography_selects_the_city_or_a_district(empty_database, api, make_observation, make_district):
    huangpu = make_district(slug="huangpu")
    city = make_observation(value="1")
    make_observation(indicator=city.indicator, district=huangpu, value="2")
    assert [row["value"] for row in api("/api/v1/observations/?geography=shanghai").json()["results"]] == ["1"]
    district_rows = api("/api/v1/observations/?geography=huangpu").json()["results"]
    assert [(row["value"], row["geography"]) for row in district_rows] == [("2", "huangpu")]


def test_indicator_takes_any_of_several_codes(api, make_observation):
    first, second, _third = (make_observation().indicator for _ in range(3))
    rows = api(f"/api/v1/observations/?indicator={first.code},{second.code}").json()["results"]
    assert [row["indicator"] for row in rows] == [first.code, second.code]
    repeated = api(f"/api/v1/observations/?indicator={first.code}&indicator={second.code}").json()["results"]
    assert repeated == rows


def test_kind_updated_since_and_ordering_filter_and_sort(empty_database, api, make_observation):
    old = make_observation(year=2015)
    # Both the value and its indicator unchanged since 2020: a value also counts as changed when
    # its indicator does (it shows the indicator's unit, and is public with it).
    Observation.objects.filter(pk=old.pk).update(updated_at="2020-01-01T00:00:00Z")
    Indicator.objects.filter(pk=old.indicator_id).update(updated_at="2020-01-01T00:00:00Z")
    make_observation(year=2016, kind=Observation.Kind.DERIVED, derivation="minus", base_year=2016)
    assert [row["year"] for row in api("/api/v1/observations/?kind=derived").json()["results"]] == [2016]
    recent = api("/api/v1/observations/?updated_since=2021-01-01T00:00:00Z").json()["results"]
    assert [row["year"] for row in recent] == [2016]
    assert [row["year"] for row in api("/api/v1/observations/?ordering=-year").json()["results"]] == [2016, 2015]


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("year=abc", "year"),
        ("year=0", "year"),
        ("year=99999999999999999999", "year"),
        ("year_min=2015.5", "year_min"),
        ("year_max=-1", "year_max"),
        ("year__gte=x", "year__gte"),
        ("domain=no-such-domain", "domain"),
        ("geography=atlantis", "geography"),
        ("geography=Shanghai", "geography"),
        ("kind=guessed", "kind"),
        ("indicator=no-such-code", "indicator"),
        ("ordering=value", "ordering"),
        ("updated_since=yesterday", "updated_since"),
        ("fields=colour", "fields"),
        ("page_size=0", "page_size"),
    ],
)
def test_observations_reject_bad_values_with_400_naming_the_parameter(api, make_observation, query, parameter):
    make_observation()
    response = api(f"/api/v1/observations/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [parameter]


@pytest.mark.parametrize("query, parameter", [("domain=nowhere", "domain"), ("q=" + "x" * 101, "q")])
def test_indicators_reject_bad_values_with_400_naming_the_parameter(api, make_indicator, query, parameter):
    make_indicator()
    response = api(f"/api/v1/indicators/?{query}")
    assert response.status_code == 400 and list(response.json()) == [parameter]


def test_a_draft_indicator_and_its_values_are_nowhere(empty_database, api, make_observation):
    public = make_observation(value="1").indicator
    draft = make_observation(value="2").indicator
    Indicator.objects.filter(pk=draft.pk).update(state=Indicator.State.DRAFT)
    assert [row["code"] for row in api("/api/v1/indicators/").json()["results"]] == [public.code]
    assert [row["value"] for row in api("/api/v1/observations/").json()["results"]] == ["1"]
    assert api(f"/api/v1/indicators/{draft.code}/").status_code == 404
    assert api(f"/api/v1/observations/?indicator={draft.code}").status_code == 400  # not a choice: unknown
    assert draft.code not in api("/api/v1/observations/?format=csv").content.decode()


def test_indicator_detail_lists_its_published_components_and_every_value(api, make_indicator, make_observation):
    index = make_indicator(code="an-index", unit="", unit_en="")
    component = make_indicator(code="a-sub-index", parent=index, unit="", unit_en="")
    make_indicator(code="a-draft-sub-index", parent=index, state=Indicator.State.DRAFT)
    make_observation(indicator=index, year=2016, value="97.65")
    make_observation(indicator=index, year=2015, value="90")
    body = api("/api/v1/indicators/an-index/").json()
    assert body["components"] == [component.code]
    assert [(row["year"], row["value"]) for row in body["observations"]] == [(2015, "90"), (2016, "97.65")]
    assert api("/api/v1/indicators/a-sub-index/").json()["parent"] == "an-index"


def test_indicators_filter_by_domain_with_its_sections_and_by_search(empty_database, api, infrastructure, make_indicator):
    chapter, section, other = infrastructure
    make_indicator(code="ftth-households", domain=section, name_zh="光纤到户", name_en="FTTH households")
    make_indicator(code="base-stations", domain=chapter, name_zh="基站", name_en="Base stations")
    make_indicator(code="e-commerce", domain=other, name_zh="电子商务交易额", name_en="E-commerce turnover")

    def codes(query):
        return [row["code"] for row in api(f"/api/v1/indicators/?{query}").json()["results"]]

    assert codes("domain=infrastructure") == ["ftth-households", "base-stations"]
    assert codes("domain=infrastructure-networks") == ["ftth-households"]
    assert codes("q=光纤") == codes("q=ftth") == codes("q=FTTH-house") == ["ftth-households"]
    assert codes("q=turnover") == ["e-commerce"]


def test_names_follow_accept_language_and_both_are_always_there(empty_database, client, make_indicator):
    make_indicator(name_zh="光纤到户", name_en="FTTH households")
    english = client.get("/api/v1/indicators/", HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]
    chinese = client.get("/api/v1/indicators/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()["results"][0]
    assert (english["name"], chinese["name"]) == ("FTTH households", "光纤到户")
    assert english["name_zh"] == chinese["name_zh"] == "光纤到户"
    assert english["name_en"] == chinese["name_en"] == "FTTH households"


def test_domains_are_a_tree_of_chapters_and_their_sections(empty_database, api, infrastructure):
    tree = api("/api/v1/domains/").json()
    assert [(domain["slug"], [child["slug"] for child in domain["children"]]) for domain in tree] == [
        ("infrastructure", ["infrastructure-networks"]),
        ("smart-economy", []),
    ]
    assert api("/api/v1/domains/infrastructure-networks/").json()["name_en"] == "Information networks"


def test_the_thirteen_targets_with_measures_values_status_and_the_reports_tick(api, figures):
    targets = api("/api/v1/targets/").json()
    assert [target["number"] for target in targets] == list(range(1, 14))
    first = targets[0]
    assert first["text_zh"] == "信息化与工业化融合指数达到 86.5"
    assert first["deadline_year"] == 2016 and first["report_achieved"] is True and first["report_remark"] == "87（e）"
    assert first["citation"] == {
        "line": 7231, "quote": "（1）信息化与工业化融合指数达到 86.5 √ 87（e）", "url": "http://testserver/report/line/7231/"
    }
    measure = first["measures"][0]
    assert (measure["comparator"], measure["value"], measure["printed"]) == (">=", "86.5", "86.5")
    assert [(value["year"], value["value"], value["kind"]) for value in measure["achieved"]] == [(2016, "87", "provisional")]
    assert measure["status"] == first["status"] == first["report_status"] == "met"
    assert first["disagrees"] is False
    assert all(target["status"] in {"met", "not_met", "undetermined", "no_data", "not_measurable"} for target in targets)


def test_targets_as_csv_keep_the_citation_in_columns(api, figures):
    rows = _csv_rows(api("/api/v1/targets/?format=csv"))
    assert len(rows) == 13
    assert rows[1]["citation_quote"] == "（2）电子商务交易额达到 1.8 万亿元 √ 20049.3 亿元"
    assert '"value": "18000"' in rows[1]["measures"]


def test_the_index_and_its_sub_indices_come_from_the_report(api, figures):
    rows = api("/api/v1/observations/?indicator=smart-city-development-index").json()["results"]
    assert [(row["year"], row["value"], row["citation"]["line"]) for row in rows] == [(2016, "97.65", 217)]


@pytest.mark.parametrize(
    "path", ["/api/v1/indicators/", "/api/v1/observations/", "/api/v1/domains/", "/api/v1/targets/"]
)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_are_refused_with_405(client, path, method):
    assert getattr(client, method)(path).status_code == 405


def test_observations_page_with_a_count_and_cap_page_size(empty_database, api, unthrottled, make_observation):
    indicator = make_observation(year=1000).indicator
    Observation.objects.bulk_create(
        Observation(indicator=indicator, year=year, value=1, printed="1", quote="q") for year in range(1001, 1502)
    )
    body = api("/api/v1/observations/?page_size=100000").json()
    assert body["count"] == 502 and len(body["results"]) == 500 and body["next"]
    assert api("/api/v1/observations/?page=3&page_size=500").status_code == 404


def test_the_api_root_links_the_figures(api):
    root = api("/api/v1/").json()
    for name in ("domains", "indicators", "observations", "targets"):
        assert root[name] == f"http://testserver/api/v1/{name}/"


@pytest.mark.parametrize(
    "path, queries",
    [
        # freshness, page count, page (indicator, domain and district joined)
        ("/api/v1/observations/?page_size={size}", 3),
        ("/api/v1/observations/?page_size={size}&format=csv", 3),
        # freshness, indicator codes, domain slug, page count, page ("shanghai" needs no query)
        ("/api/v1/observations/?page_size={size}&domain=shared&indicator={codes}&geography=shanghai&year_min=2000", 5),
        # freshness, page count, page (domain and parent joined)
        ("/api/v1/indicators/?page_size={size}&q=test", 3),
    ],
)
def test_query_count_does_not_grow_with_the_page(empty_database, api, make_domain, make_indicator, make_observation,
                                                 django_assert_num_queries, path, queries):
    shared = make_domain(slug="shared")
    first = make_indicator(domain=shared)
    codes = []
    for added in (1, 39):
        for _ in range(added):
            observation = make_observation(indicator=make_indicator(domain=shared, parent=first), year=2000 + added)
            codes.append(observation.indicator.code)
        with django_assert_num_queries(queries):
            response = api(path.format(size=added * 2, codes=",".join(codes)))
        assert response.status_code == 200
        if "csv" not in path:
            body = response.json()
            assert len(body["results"]) == body["count"] >= len(codes)


def test_detail_domains_and_targets_cost_a_fixed_number_of_queries(api, figures, django_assert_num_queries):
    with django_assert_num_queries(4):  # freshness, the indicator, its values, its components
        assert api("/api/v1/indicators/smart-city-development-index/").json()["observations"]
    with django_assert_num_queries(2):  # chapters, their sections
        assert api("/api/v1/domains/").status_code == 200
    with django_assert_num_queries(3):  # targets with the plan, measures with indicators, their values
        assert len(api("/api/v1/targets/").json()) == 13


@pytest.fixture
def an_hour_old(make_observation):
    observation = make_observation()
    # An hour back, so that a change now moves Last-Modified by more than its one-second grain.
    past = timezone.now() - datetime.timedelta(hours=1)
    Observation.objects.update(updated_at=past)
    Indicator.objects.update(updated_at=past)
    return observation


@pytest.mark.parametrize("path", ["/api/v1/observations/", "/api/v1/indicators/", "/api/v1/indicators/{code}/"])
def test_etag_and_last_modified_give_304_until_a_value_changes(api, an_hour_old, path):
    path = path.format(code=an_hour_old.indicator.code)
    first = api(path)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    assert api(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert api(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    an_hour_old.value = "13"
    an_hour_old.save()
    assert api(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    assert api(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 200


def test_a_deleted_value_changes_the_etag(api, an_hour_old, make_observation):
    make_observation(indicator=an_hour_old.indicator, year=2015)
    etag = api("/api/v1/observations/")["ETag"]
    an_hour_old.delete()
    assert api("/api/v1/observations/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_304_costs_one_query(api, an_hour_old, django_assert_num_queries):
    etag = api("/api/v1/observations/")["ETag"]
    with django_assert_num_queries(1):
        assert api("/api/v1/observations/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_targets_and_domains_answer_304_by_their_content(api, figures):
    for path in ["/api/v1/targets/", "/api/v1/domains/"]:
        etag = api(path)["ETag"]
        assert api(path, HTTP_IF_NONE_MATCH=etag).status_code == 304, path


def test_an_unknown_place_is_told_what_a_place_is(api, make_observation):
    make_observation()
    response = api("/api/v1/observations/?geography=atlantis")
    assert response.json() == {"geography": ["Give shanghai for the whole city, or a district's slug such as huangpu."]}


def test_the_citations_url_is_the_last_csv_column_so_the_others_keep_their_places(api, figures):
    """v1 grows at the end: citation_url, added later, comes after every column that was there."""
    observations = list(csv.reader(io.StringIO(api("/api/v1/observations/?format=csv").content.decode("utf-8-sig"))))[0]
    assert observations[-1] == "citation_url"
    assert observations[observations.index("citation_quote") + 1] == "note_zh"
    targets = list(csv.reader(io.StringIO(api("/api/v1/targets/?format=csv").content.decode("utf-8-sig"))))
    assert targets[0][-2:] == ["figures_differ", "citation_url"]
    assert targets[1][-1] == "http://testserver/report/line/7231/"
