"""The directory as people scan it: the compact table view sorted by its headers, downloads above
the list, English names first on /en/, and "this view in the API" on every listing page."""

import csv
import html
import io
import re

import pytest
from django.core.cache import cache

from landmarks.models import District, Landmark

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_counters():
    cache.clear()  # the API's rate counters live in the cache
    yield
    cache.clear()


def api_link(page):
    return html.unescape(re.search(r'<li class="api-link"><a href="([^"]+)">', page).group(1))


def test_the_table_view_lists_a_row_per_entry_with_sortable_headers(client, report):
    page = client.get("/en/landmarks/community/?view=table").text
    table = page[page.index('<table class="compact">') : page.index("</table>")]
    communities = Landmark.objects.published().filter(kind="community").count()
    assert table.count('<th scope="row">') == min(communities, 50)
    # Each sortable header is a plain link with the same filters, from the first page.
    assert '<a href="?view=table&amp;ordering=name_en">Name</a>' in table
    assert '<a href="?view=table&amp;ordering=designated">Designated</a>' in table
    assert "<script" not in page


def test_a_sorted_header_says_so_and_links_to_the_other_direction(client, report):
    page = client.get("/en/landmarks/?view=table&ordering=name_en").text
    assert '<th scope="col" aria-sort="ascending"><a href="?view=table&amp;ordering=-name_en">Name</a></th>' in page
    names = re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>', page)
    expected = list(Landmark.objects.published().order_by("name_en", "registry_position", "sequence").values_list("name_en", flat=True)[:50])
    assert [html.unescape(name) for name in names] == expected


def test_a_bad_sort_key_is_a_400_naming_the_field(client, report):
    response = client.get("/en/landmarks/?view=table&ordering=population")
    assert response.status_code == 400
    assert "<code>ordering</code>" in response.text


def test_a_bad_view_is_a_400_naming_the_field(client, report):
    response = client.get("/en/landmarks/?view=grid")
    assert response.status_code == 400
    assert "<code>view</code>" in response.text


def test_downloads_come_before_the_list(client, report):
    page = client.get("/en/landmarks/").text
    assert page.index("format=csv") < page.index('<ol class="cards"')
    table = client.get("/en/landmarks/?view=table").text
    assert table.index("format=csv") < table.index('<table class="compact">')


def test_one_districts_communities_download_from_the_registry_page_in_one_form(client, report):
    """From the home page: the registry's link, then this form: two page loads to the CSV."""
    home = client.get("/en/").text
    assert 'href="/en/landmarks/community/"' in home
    page = client.get("/en/landmarks/community/").text
    form = page[page.index('<form method="get" action="/en/landmarks/community/" class="download-district">') :]
    pudong = District.objects.get(slug="pudong")
    assert f'<option value="pudong">{pudong.name_en} (' in form
    assert '<button type="submit" name="format" value="csv">' in form
    response = client.get("/en/landmarks/community/", {"district": "pudong", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    expected = Landmark.objects.published().filter(kind="community", districts=pudong).count()
    assert len(rows) == expected > 0
    assert {row["kind"] for row in rows} == {"community"}


def test_english_names_lead_on_the_english_directory(client, report):
    landmark = Landmark.objects.published().filter(kind="community").order_by("sequence").first()
    english = client.get("/en/landmarks/community/").text
    assert f'<h3><a href="{landmark.get_absolute_url()}"><span lang="en">{html.escape(landmark.name_en)}</span></a></h3>' in english
    chinese = client.get("/landmarks/community/").text
    assert f'<span lang="zh-Hans">{landmark.name_zh}</span></a></h3>' in chinese


@pytest.mark.parametrize(
    "query",
    ["", "district=pudong", "kind=park&ordering=-designated", "q=lujiazui&view=table", "page=2", "is_demonstration=true"],
)
def test_this_view_in_the_api_gives_the_entries_the_directory_shows(client, report, query):
    response = client.get(f"/en/landmarks/?{query}")
    address = api_link(response.text)
    assert "view=" not in address and "format=" not in address
    rows = client.get(address).json()["results"]
    assert [(row["kind"], row["slug"]) for row in rows] == [(entry.kind, entry.slug) for entry in response.context["page"]]


def test_a_registry_page_names_its_registry_in_the_api_address(client, report):
    assert api_link(client.get("/en/landmarks/village/?district=jinshan").text) == "/api/v1/landmarks/?district=jinshan&kind=village"


def test_every_page_filter_is_an_api_filter_of_the_same_name(client):
    """The one place names could differ: publishing.listing.api_address drops only PAGE_ONLY."""
    from indicators.api import IndicatorViewSet
    from indicators.filters import IndicatorFilter
    from landmarks.api import LandmarkViewSet
    from landmarks.filters import LandmarkFilter
    from publishing.listing import PAGE_ONLY

    assert LandmarkViewSet.filterset_class is LandmarkFilter
    assert IndicatorViewSet.filterset_class is IndicatorFilter
    assert set(PAGE_ONLY) == {"format", "view"}


def test_the_district_page_links_its_entries_in_the_api_and_as_csv(client, report):
    page = client.get("/en/districts/pudong/").text
    address = re.search(r'<p class="api-link"><a href="([^"]+)">', page).group(1)
    assert address == "/api/v1/landmarks/?district=pudong"
    count = client.get(address).json()["count"]
    assert count == Landmark.objects.published().filter(districts__slug="pudong").distinct().count()
    assert 'href="/en/landmarks/community/?district=pudong&amp;format=csv"' in page


def test_the_indicator_list_links_the_same_view_in_the_api(client, figures):
    response = client.get("/en/indicators/?domain=infrastructure&page=2")
    assert api_link(response.text) == "/api/v1/indicators/?domain=infrastructure&page=2"
    # The same indicators: the API lists them in its own order (by code), the page in the report's.
    listed = client.get("/en/indicators/?domain=infrastructure&format=json").json()
    rows = client.get("/api/v1/indicators/?domain=infrastructure&page_size=500").json()["results"]
    assert sorted(row["code"] for row in rows) == sorted(row["code"] for row in listed["results"])
