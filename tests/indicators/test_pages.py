"""The public indicator pages through HTTP: what they show comes from the database, only published."""

import csv
import io
import itertools
import json
import re

import pytest
from django.db.models import Q

from indicators.models import ActionPlan, Domain, Indicator, Observation

pytestmark = pytest.mark.django_db

INDEX = "/en/indicators/smart-city-development-index/"
PLAN = "/en/action-plan/2014-2016/"


@pytest.fixture
def make_indicator(figures, make_indicator):
    """conftest's builder, counting 个 in a section of the loaded report (smart health)."""

    def make(**overrides):
        domain = Domain.objects.get(slug="smart-health")
        return make_indicator(**{"domain": domain, "unit": "个", "unit_en": "items", **overrides})

    return make


@pytest.fixture
def make_observation(figures, make_observation):
    def make(indicator, **overrides):
        citation = {"chapter": "3", "section": "二、智慧健康", "page_first": 30, "page_last": 32, "line": 1234}
        values = {"value": "12", "printed": "12", "quote": "测试引文 12", **citation, **overrides}
        return make_observation(indicator=indicator, **values)

    return make


def text(response):
    return response.text if not response.streaming else b"".join(response.streaming_content).decode()


def csv_rows(response):
    body = text(response)
    assert body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body[1:])))


def linked_codes(page):
    return re.findall(r'href="/en/indicators/([a-z0-9-]+)/"', page)


# --- The list -----------------------------------------------------------------------------------


def all_pages(client, query=""):
    """Every page of the list for a query, from the first to the last, as text."""
    pages = []
    for number in itertools.count(1):
        response = client.get(f"/en/indicators/?{query}&page={number}")
        if response.status_code == 404:
            return pages
        assert response.status_code == 200
        pages.append(response.text)


def test_list_shows_each_published_indicator_with_its_latest_value_from_the_data(client, figures):
    page = client.get("/en/indicators/").text
    assert "Smart city development level index" in page and "97.65" in page
    assert '<h3 id="overview">Overall development</h3>' in page
    observation = Observation.objects.get(indicator__code="smart-city-development-index", year=2016)
    observation.value = "98.12"
    observation.save()
    page = client.get("/en/indicators/").text
    assert '<span class="figure">98.12</span>' in page
    assert '<span class="figure">97.65</span>' not in page  # the quote still says what the report prints


def test_list_shows_the_latest_year_and_a_qualifier_in_words(client, make_indicator, make_observation):
    indicator = make_indicator()
    make_observation(indicator, year=2015, value="8", printed="8")
    make_observation(indicator, year=2016, value="20", printed="20", qualifier=Observation.Qualifier.MORE_THAN)
    english = client.get(f"/en/indicators/?q={indicator.code}").text
    assert "more than 20 items" in english and '<span class="figure">8 items</span>' not in english
    assert "超过 20 个" in client.get(f"/indicators/?q={indicator.code}").text


def test_list_shows_fifty_indicators_a_page_in_the_reports_order_under_their_headings(client, figures):
    pages = all_pages(client)
    published = Indicator.objects.published().count()
    assert len(pages) == -(-published // 50) > 1
    assert [len(linked_codes(page)) for page in pages[:-1]] == [50] * (len(pages) - 1)
    codes = [code for page in pages for code in linked_codes(page)]
    assert sorted(codes) == sorted(Indicator.objects.published().values_list("code", flat=True))
    text = "".join(pages)
    slugs = ["overview", "infrastructure", "infrastructure-networks", "smart-economy", "environment"]
    positions = [text.index(f'id="{slug}"') for slug in slugs]
    assert positions == sorted(positions)
    assert "Page 1 of" in pages[0] and 'rel="next"' in pages[0] and 'rel="next"' not in pages[-1]


def test_a_page_that_continues_a_section_repeats_its_headings(client, make_indicator):
    for _ in range(51):
        make_indicator()
    second = client.get("/en/indicators/?domain=smart-health&page=2").text
    assert '<h3 id="smart-living">Smart living</h3>' in second
    assert '<h4 id="smart-health">' in second and len(linked_codes(second)) > 0


def test_list_chinese_page_cites_the_quote_in_chinese(client, figures):
    page = client.get("/indicators/").text
    assert '<html lang="zh-hans">' in page
    assert '<q lang="zh-Hans">2016 上海智慧城市发展水平指数为 97.65</q>' in page


def test_domain_navigation_counts_each_chapter_with_its_sections_and_marks_the_current_one(client, figures):
    page = client.get("/en/indicators/?domain=infrastructure").text
    nav = page[page.index('<nav class="facets"') :]
    chapter = Indicator.objects.published().filter(Q(domain__slug="infrastructure") | Q(domain__parent__slug="infrastructure"))
    section = Indicator.objects.published().filter(domain__slug="infrastructure-networks").count()
    assert (
        f'<a href="?domain=infrastructure" class="selected" aria-current="true"><span aria-hidden="true">✓ </span>'
        f'Information infrastructure <span class="count">{chapter.count()}</span></a>'
    ) in nav
    assert f'<a href="?domain=infrastructure-networks">Information networks <span class="count">{section}</span></a>' in nav
    assert nav.count('aria-current="true"') == 1
    chapters = [nav.index(f'href="?domain={slug}"') for slug in ("overview", "infrastructure", "smart-living", "environment")]
    assert chapters == sorted(chapters)
    listed = [code for page in all_pages(client, "domain=infrastructure") for code in linked_codes(page)]
    assert sorted(listed) == sorted(chapter.values_list("code", flat=True))
    assert f"{chapter.count()} indicators" in page


def test_domain_links_keep_the_search_and_counts_follow_it(client, make_indicator):
    make_indicator(name_en="Quokka beds")
    make_indicator(name_en="Quokka visits online")
    page = client.get("/en/indicators/?q=quokka&page=1").text
    assert '<a href="?q=quokka&amp;domain=smart-health">Smart health <span class="count">2</span></a>' in page
    assert '<span class="empty">Information infrastructure <span class="count">0</span>' in page
    assert "2 indicators" in page


@pytest.mark.parametrize(
    "query",
    ["", "domain=infrastructure", "domain=infrastructure-networks", "q=index", "domain=smart-economy&q=e-", "q=nothing-like-this"],
)
def test_page_download_and_api_select_the_same_indicators(client, figures, query):
    pages = all_pages(client, query)
    listed = [code for page in pages for code in linked_codes(page)]
    assert [row["code"] for row in csv_rows(client.get(f"/en/indicators/?{query}&format=csv"))] == listed
    data = json.loads(text(client.get(f"/en/indicators/?{query}&format=json")))
    assert [row["code"] for row in data["results"]] == listed and data["count"] == len(listed)
    api, url = [], f"/api/v1/indicators/?{query}&page_size=500"
    while url:
        body = client.get(url).json()
        api, url = api + [row["code"] for row in body["results"]], body["next"]
    assert sorted(api) == sorted(listed)


def test_a_page_past_the_end_is_a_404_that_links_to_the_last_page(client, figures):
    last = len(all_pages(client, "domain=infrastructure"))
    response = client.get(f"/en/indicators/?domain=infrastructure&page={last + 1}")
    assert response.status_code == 404
    assert f"There is no page {last + 1}" in response.text
    assert f'href="?domain=infrastructure&amp;page={last}">Go to the last page</a>' in response.text


# --- One indicator --------------------------------------------------------------------------------


def test_indicator_page_gives_definition_unit_direction_and_every_value_with_its_source(client, figures):
    page = client.get("/en/indicators/ftth-household-rate/").text
    assert "<h1>Share of households with fibre to the home</h1>" in page
    assert '<a href="/en/indicators/?domain=infrastructure">Information infrastructure</a>' in page  # its area, filtered
    assert "Households connected by fibre, as a share of all households" in page
    assert "higher is better" in page
    assert "≥ 68 %" in page  # the qualifier stays with the value
    assert "appendix 1, 一、发展目标完成情况, pp. 141–148, line 7237" in page
    assert '<q lang="zh-Hans">（3）家庭光纤入户率达到 60% √ ≥ 68%</q>' in page


def test_indicator_page_draws_a_chart_with_a_table_twin_and_a_summary(client, make_indicator, make_observation):
    indicator = make_indicator()
    make_observation(indicator, year=2015, value="8", printed="8")
    make_observation(indicator, year=2016, value="12", printed="12", kind=Observation.Kind.PROVISIONAL)
    page = client.get(f"/en/indicators/{indicator.code}/").text
    assert 'role="img" aria-labelledby="chart-title chart-desc"' in page
    assert page.count('<rect class="bar"') == 2  # one reported bar, one legend key
    assert page.count('<rect class="bar estimate"') == 2  # the provisional bar, its legend key
    assert "From 2015 to 2016 the value rose from 8 to 12." in page
    table = page[page.index('id="values-table"') :]
    assert table.count("<tr>") == 3  # header and two values


def test_two_readings_of_one_year_are_shown_as_the_report_disagreeing(client, figures):
    index = Indicator.objects.get(code="smart-city-development-index")
    Observation.objects.create(
        indicator=index, year=2016, reading=2, value="97.5", printed="97.5", quote="另一处 97.5", line=5000
    )
    page = client.get(INDEX).text
    assert "The report disagrees with itself" in page
    assert "Reading 1: 97.65" in page and "Reading 2: 97.5" in page
    assert "另一处 97.5" in page and "2016 上海智慧城市发展水平指数为 97.65" in page
    assert "reading 2</text>" in page  # and the chart labels both bars


def test_composite_lists_its_components_and_a_component_links_back(client, figures):
    page = client.get(INDEX).text
    assert "Components of this index" in page
    for code, value in [("network-readiness-index", "92.9"), ("smart-applications-index", "105.7")]:
        assert f'href="/en/indicators/{code}/"' in page and value in page
    component = client.get("/en/indicators/network-readiness-index/").text
    assert f'<dt>Part of</dt><dd><a href="{INDEX}">' in component


def test_indicator_page_shows_the_targets_it_measures_with_both_verdicts(client, figures):
    page = client.get("/en/indicators/e-commerce-turnover/").text
    assert f'href="{PLAN}#target-2"' in page
    assert "<td>met</td>" in page


@pytest.mark.parametrize("code", ["no-such-indicator", "e-commerce-turnover"])
def test_unknown_or_unpublished_indicator_is_a_404(client, figures, code):
    Indicator.objects.filter(code="e-commerce-turnover").update(state=Indicator.State.DRAFT)
    assert client.get(f"/en/indicators/{code}/").status_code == 404
    assert client.get(f"/en/indicators/{code}/?format=csv").status_code == 404


# --- Unpublished indicators and plans, everywhere ------------------------------------------------


def test_an_unpublished_indicator_is_in_no_page_or_download(client, figures):
    Indicator.objects.filter(code__in=["e-commerce-turnover", "network-readiness-index"]).update(
        state=Indicator.State.DRAFT
    )
    listing = client.get("/en/indicators/?q=e-commerce").text
    assert "E-commerce turnover" not in listing and "20049.3" not in listing
    assert "e-commerce-turnover" not in [row["code"] for row in csv_rows(client.get("/en/indicators/?format=csv"))]
    assert '"e-commerce-turnover"' not in text(client.get("/en/indicators/?format=json"))
    plan = client.get(PLAN).text
    assert "/en/indicators/e-commerce-turnover/" not in plan and "20049.3 (100 million" not in plan
    assert "e-commerce-turnover" not in linked_codes(client.get(INDEX).text)
    home = client.get("/en/").text
    assert "92.9" not in home and "105.7" in home


def test_an_unpublished_plan_is_a_404_and_leaves_the_home_page(client, figures):
    ActionPlan.objects.update(state=ActionPlan.State.DRAFT)
    assert client.get(PLAN).status_code == 404
    assert client.get(PLAN + "?format=json").status_code == 404
    assert PLAN not in client.get("/en/").text
    assert PLAN not in client.get("/en/indicators/").text


# --- Bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/en/indicators/", INDEX, PLAN])
@pytest.mark.parametrize("value", ["xml", "CSV", "csv,json"])
def test_an_unknown_format_is_a_400_naming_the_parameter(client, figures, path, value):
    response = client.get(path, {"format": value})
    assert response.status_code == 400
    assert "<code>format</code>" in response.text


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("domain=no-such-area", "domain"),
        ("domain=", None),
        ("page=0", "page"),
        ("page=two", "page"),
        ("page=99999999999999999999", None),  # past the end: a 404, not a 400 or a 500
        ("q=" + "x" * 101, "q"),
        ("domain=nowhere&page=-1", "domain"),
    ],
)
def test_bad_list_parameters_re_render_the_page_with_a_400_naming_them(client, figures, query, parameter):
    response = client.get(f"/en/indicators/?{query}")
    if parameter is None:
        assert response.status_code in (200, 404)
        return
    assert response.status_code == 400
    assert f"<code>{parameter}</code>" in response.text
    assert "<h1>Indicators</h1>" in response.text


def test_a_list_with_two_bad_parameters_names_both(client, figures):
    response = client.get("/en/indicators/?domain=nowhere&page=-1")
    assert response.status_code == 400
    assert "<code>domain</code>" in response.text and "<code>page</code>" in response.text


@pytest.mark.parametrize("path", ["/en/indicators/", INDEX, PLAN])
def test_an_empty_format_is_the_page(client, figures, path):
    assert client.get(path + "?format=").status_code == 200


# --- Downloads ----------------------------------------------------------------------------------


def test_list_downloads_hold_every_listed_indicator_not_one_page(client, make_indicator, make_observation):
    empty = make_indicator()  # no value yet: listed, and in the files with empty cells
    make_indicator(state=Indicator.State.DRAFT)
    for _ in range(55):
        make_observation(make_indicator(), value="7", printed="7")
    listed = [code for page in all_pages(client, "domain=smart-health") for code in linked_codes(page)]
    assert len(listed) == Indicator.objects.published().filter(domain__slug="smart-health").count() > 50
    rows = csv_rows(client.get("/en/indicators/?domain=smart-health&format=csv"))
    assert [row["code"] for row in rows] == listed
    values = {row["code"]: row["value"] for row in rows}
    assert values[empty.code] == "" and values[listed[-1]] == "7"


def test_indicator_download_holds_the_tables_rows_with_their_sources(client, figures):
    rows = csv_rows(client.get(INDEX + "?format=csv"))
    # The API's columns (one row definition): the citation's fields are citation_*.
    assert [(row["year"], row["geography"], row["value"], row["citation_line"]) for row in rows] == [
        ("2016", "shanghai", "97.65", "217")
    ]
    assert rows[0]["citation_quote"] == "2016 上海智慧城市发展水平指数为 97.65"


def test_csv_cells_that_a_spreadsheet_would_run_are_made_text(client, make_indicator, make_observation):
    indicator = make_indicator()
    make_observation(indicator, quote="=HYPERLINK(1)")
    assert csv_rows(client.get(f"/en/indicators/{indicator.code}/?format=csv"))[0]["citation_quote"] == "'=HYPERLINK(1)"


def test_plan_downloads_hold_the_thirteen_targets_of_the_page(client, figures):
    page = client.get(PLAN).text
    numbers = [int(number) for number in re.findall(r'<tr id="target-(\d+)"', page)]
    rows = csv_rows(client.get(PLAN + "?format=csv"))
    assert [int(row["number"]) for row in rows] == numbers == list(range(1, 14))
    data = json.loads(text(client.get(PLAN + "?format=json")))
    # The API's rows (one row definition): each measure with its achieved values, as JSON in CSV.
    [achieved, *_others] = data["results"][2]["measures"][0]["achieved"]
    assert (achieved["qualifier"], achieved["value"]) == ("≥", "68") and data["results"][2]["status"] == "met"
    measures = [(m["indicator"], m["comparator"], m["value"]) for m in json.loads(rows[8]["measures"])]
    assert measures == [("new-it-industry-scale", ">=", "10000"), ("new-it-industry-share", ">", "70")]


# --- The action plan ----------------------------------------------------------------------------


def test_plan_table_gives_target_achieved_value_both_verdicts_and_source(client, figures):
    page = client.get(PLAN).text
    row = page[page.index('<tr id="target-7"') : page.index('<tr id="target-8"')]
    assert "200,000 wireless access points in public places" in row
    assert "＞ 20 (10,000 access points)" in row  # the achieved value keeps its qualifier
    assert 'href="/en/indicators/public-wifi-access-points/"' in row
    assert "met (<span lang=\"zh-Hans\">已经完成</span>)" in row
    assert "line 7241" in row and "（7）公共场所无线接入点达到 20 万个 √ ＞ 20 万个" in row
    ten = page[page.index('<tr id="target-10"') : page.index('<tr id="target-11"')]
    assert "no figure" in ten and "no figure in the report" in ten


def test_plan_flags_a_target_where_the_figures_contradict_the_reports_tick(client, figures):
    assert "the figures say “not met”" not in client.get(PLAN).text
    Observation.objects.filter(indicator__code="e-commerce-turnover").update(value="15000")
    page = client.get(PLAN).text
    assert '<tr id="target-2" class="flagged">' in page
    assert "the figures say “not met”, the report's tick says “met”." in page


def test_plan_shows_the_workstreams_and_explains_the_slash(client, figures):
    page = client.get(PLAN).text
    row = page[page.index("New-generation IT industry</th>") :].split("</tr>")[0]
    assert "/<span class=\"visually-hidden\"> (printed as a slash: no key projects)</span>" in row
    assert "<td class=\"number\">19</td>" in row


# --- Home and sitemap ---------------------------------------------------------------------------


def test_home_shows_the_index_and_the_plans_summary_from_the_data(client, figures):
    page = client.get("/en/").text
    for value in ("97.65", "92.9", "105.7", "88.43"):
        assert value in page
    assert f'<a href="{INDEX}">Smart city development level index</a>, 2016' in page
    assert "The report marks 13 of its 13 targets achieved." in page
    # Targets 9 and 10 lack a figure and 13 is not a number: the other ten are confirmed.
    assert "The figures it prints confirm 10 of them." in page
    Observation.objects.filter(indicator__code="smart-city-development-index").update(value="99.1")
    assert "99.1" in client.get("/en/").text


def test_sitemap_lists_indicator_pages_and_the_plan_in_both_languages(client, figures):
    index = client.get("/sitemap.xml").text
    assert "sitemap-indicators.xml" in index and "sitemap-action-plans.xml" in index
    indicators = client.get("/sitemap-indicators.xml").text
    assert "/indicators/smart-city-development-index/" in indicators
    assert "/en/indicators/smart-city-development-index/" in indicators
    assert "/en/action-plan/2014-2016/" in client.get("/sitemap-action-plans.xml").text


# --- Query counts ---------------------------------------------------------------------------------


def test_query_counts_do_not_grow_with_indicators_and_observations(
    client, make_indicator, make_observation, django_assert_num_queries
):
    # The list: indicators' version; domain counts (GROUP BY, cached per version and search);
    # domains; the page's indicators; their latest values; plans.
    listing = 6
    pages = {
        "/en/indicators/": listing,
        # the domain's slug (the filter's check), and the counts cached by the page above
        "/en/indicators/?domain=smart-health&page=2": listing,
        "/en/indicators/?q=test&page=2": listing,  # another search: its own counts
        INDEX: 5,  # indicator; observations; components; their values; targets (none, so no prefetch)
        "/en/indicators/e-commerce-turnover/": 7,  # the same five; the targets' measures, observations
        PLAN: 5,  # plan; targets; measures with indicators; observations; workstreams
        "/en/": 7,  # data version (registry counts cached); index; components; plan; targets, measures, observations
    }
    client.get("/en/")  # caches the registry counts, which tests/portal/test_pages.py counts
    turnover = Indicator.objects.get(code="e-commerce-turnover")
    years = itertools.count(1900)  # before the report's years
    for added in (60, 10):  # past a page of smart health, then more
        for _ in range(added):
            make_observation(turnover, year=next(years))
            indicator = make_indicator(parent=Indicator.objects.get(code="smart-city-development-index"))
            for year in (2014, 2015, 2016):
                make_observation(indicator, year=year)
            make_observation(indicator, year=2016, reading=2)
        for path, count in pages.items():
            with django_assert_num_queries(count):
                assert client.get(path).status_code == 200
    with django_assert_num_queries(listing - 1):  # the same data: the domain counts come from the cache
        assert client.get("/en/indicators/").status_code == 200


def test_plan_gives_a_target_as_the_report_prints_it_in_chinese_and_in_the_unit_in_english(client, figures):
    chinese = client.get("/action-plan/2014-2016/").text
    row = chinese[chinese.index('<tr id="target-2"') : chinese.index('<tr id="target-3"')]
    assert "≥ 1.8 万亿元" in row
    assert row.count("已经完成") == 2  # our verdict and the report's tick, each once
    english = client.get(PLAN).text
    row = english[english.index('<tr id="target-2"') : english.index('<tr id="target-3"')]
    assert "≥ 18000 (100 million yuan)" in row
