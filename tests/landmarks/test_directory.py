"""The public directory, /landmarks/ and /landmarks/<kind>/: facets, search, sort, paging, downloads."""

import csv
import io
import json

import pytest
from django.utils import timezone

from landmarks.models import Kind, Landmark

pytestmark = pytest.mark.django_db

DIRECTORY = "/en/landmarks/"


def listed(response):
    """Chinese names on the page, in order."""
    return [landmark.name_zh for landmark in response.context["page"]]


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff"), "CSV needs a byte-order mark for spreadsheet programs"
    return list(csv.DictReader(io.StringIO(text[1:])))


def facet(response, name):
    return {option.value: option for facet in response.context["facets"] if facet.name == name for option in facet.options}


def test_directory_lists_only_published_entries(empty_database, client, make_landmark):
    make_landmark(name_zh="新华路街道")
    make_landmark(name_zh="草稿社区", state=Landmark.State.DRAFT)
    make_landmark(name_zh="撤回社区", state=Landmark.State.WITHDRAWN)
    response = client.get("/landmarks/")
    assert response.status_code == 200
    assert listed(response) == ["新华路街道"]
    assert "草稿社区" not in response.text and "撤回社区" not in response.text
    downloaded = [row["name_zh"] for row in csv_rows(client.get("/landmarks/?format=csv"))]
    assert downloaded == ["新华路街道"]
    assert [row["name_zh"] for row in client.get("/landmarks/?format=json").json()["results"]] == ["新华路街道"]


def test_directory_shows_the_whole_report_in_registry_order(client, report):
    response = client.get(DIRECTORY)
    assert response.context["page"].paginator.count == 109
    assert listed(response)[:2] == ["陆家嘴街道", "南码头路街道"]
    kinds = facet(response, "kind")
    assert {kind: kinds[kind].count for kind in Kind.values} == {
        "community": 50,
        "village": 14,
        "park": 30,
        "business_district": 12,
        "new_town": 3,
    }


def test_registry_page_lists_one_registry(client, report):
    response = client.get("/en/landmarks/new_town/")
    assert listed(response) == ["金山新城", "嘉定新城", "虹桥商务区"]  # 附表 2.5's order
    assert "<h1>Smart new town</h1>" in response.text
    # The registry is fixed by the address: no registry facet, and ?kind= cannot widen it.
    assert "kind" not in {facet.name for facet in response.context["facets"]}
    assert {landmark.kind for landmark in client.get("/en/landmarks/new_town/?kind=park").context["page"]} == {
        "new_town"
    }


def test_unknown_registry_is_a_404(client):
    assert client.get("/landmarks/museum/").status_code == 404


def test_district_facet_counts_a_former_district_under_todays(client, report):
    response = client.get(DIRECTORY + "?district=jingan")
    names = listed(response)
    # 附表 2.3 prints 闸北区 for these two parks; 闸北区 is part of 静安区 since 2015.
    assert {"上海多媒体谷", "市北高新技术服务业园区"} <= set(names)
    assert listed(client.get(DIRECTORY + "?district=zhabei")) == names
    districts = facet(response, "district")
    assert "zhabei" not in districts  # only today's 16 districts are offered
    assert len(districts) == 16 and districts["jingan"].selected


def test_facets_combine_and_count_against_the_other_filters(client, report):
    response = client.get(DIRECTORY + "?kind=park&district=jinshan")
    names = listed(response)
    assert names and all(landmark.kind == "park" for landmark in response.context["page"])
    assert "上海金山工业区" in names
    kinds = facet(response, "kind")
    # The registry facet counts entries in 金山区 (the district filter applies), per registry.
    assert kinds["park"].selected and kinds["park"].count == len(names)
    assert kinds["village"].count > 0 and not kinds["village"].selected
    districts = facet(response, "district")
    # The district facet counts parks (the registry filter applies) in each district.
    assert districts["jinshan"].count == len(names)
    assert districts["pudong"].count == len(listed(client.get(DIRECTORY + "?kind=park&district=pudong")))


def test_values_of_one_facet_are_any_of(client, report):
    parks = len(listed(client.get(DIRECTORY + "?kind=park")))
    new_towns = len(listed(client.get(DIRECTORY + "?kind=new_town")))
    combined = client.get(DIRECTORY + "?kind=park,new_town")
    assert combined.context["page"].paginator.count == parks + new_towns
    repeated = client.get(DIRECTORY + "?kind=park&kind=new_town")
    assert listed(repeated) == listed(combined)


def test_facet_value_with_no_result_says_so_instead_of_linking(client, report):
    response = client.get(DIRECTORY + "?kind=new_town")
    districts = facet(response, "district")
    assert districts["chongming"].count == 0
    assert "(no entry with the other choices)" in response.text
    assert f'href="{districts["chongming"].url}"' not in response.text


def test_a_combination_with_no_result_explains_and_offers_to_remove_filters(client, report):
    response = client.get(DIRECTORY + "?kind=new_town&district=chongming")
    assert response.status_code == 200
    assert listed(response) == []
    assert "No published entry matches all of these choices" in response.text
    assert "Remove filter: Chongming District" in response.text


def test_batch_and_demonstration_facets(client, report):
    second_parks = listed(client.get(DIRECTORY + "?batch=park-2"))
    assert len(second_parks) == 10 and "上海虹桥临空经济园区" in second_parks
    demonstration = client.get(DIRECTORY + "?is_demonstration=true")
    assert demonstration.context["page"].paginator.count == 5
    assert all(landmark.is_demonstration for landmark in demonstration.context["page"])
    assert client.get(DIRECTORY + "?is_demonstration=false").context["page"].paginator.count == 104


@pytest.mark.parametrize("query", ["陆家嘴", "家嘴", "lujiazui", "LuJiaZui", "ljz", "Lujiazui Subdistrict"])
def test_search_finds_lujiazui_by_chinese_pinyin_initials_and_english(client, report, query):
    assert "陆家嘴街道" in listed(client.get(DIRECTORY, {"q": query}))


def test_search_highlights_what_matched(client, report):
    page = client.get(DIRECTORY, {"q": "lujiazui"}).text
    assert "<mark>陆家嘴</mark>街道" in page
    assert "<mark>Lujiazui</mark> Subdistrict" in page
    assert "<mark>嘴</mark>" in client.get(DIRECTORY, {"q": "嘴"}).text


def test_search_keeps_the_other_filters(client, report):
    response = client.get(DIRECTORY, {"q": "ljz", "kind": "community"})
    assert listed(response) == ["陆家嘴街道"]  # 罗泾镇洋桥村 (also ljz…) is a village
    assert '<input type="hidden" name="kind" value="community">' in response.text


def test_sort_by_name_and_designation_date(client, report):
    by_name = listed(client.get(DIRECTORY + "?kind=new_town&ordering=name"))
    assert by_name == ["虹桥商务区", "嘉定新城", "金山新城"]  # hongqiao, jiading, jinshan
    newest = client.get(DIRECTORY + "?kind=park&ordering=-designated").context["page"]
    dates = [landmark.designated_on for landmark in newest]
    assert dates == sorted(dates, reverse=True)
    oldest = [landmark.designated_on for landmark in client.get(DIRECTORY + "?kind=park&ordering=designated").context["page"]]
    assert oldest == sorted(oldest)


def test_sort_by_name_follows_pinyin(empty_database, client, make_landmark):
    for name in ("中华村", "八字村", "塘北村"):
        make_landmark(name_zh=name, kind=Kind.VILLAGE)
    assert listed(client.get(DIRECTORY + "?ordering=name")) == ["八字村", "塘北村", "中华村"]
    assert listed(client.get(DIRECTORY + "?ordering=-name")) == ["中华村", "塘北村", "八字村"]


def test_pages_hold_fifty_entries_and_keep_the_query(client, report):
    first = client.get(DIRECTORY + "?ordering=name")
    assert len(first.context["page"]) == 50
    assert 'href="?ordering=name&amp;page=2" rel="next"' in first.text
    third = client.get(DIRECTORY + "?ordering=name&page=3")
    assert len(third.context["page"]) == 9
    assert set(listed(first)).isdisjoint(listed(third))


def test_page_past_the_end_is_a_friendly_404(client, report):
    response = client.get(DIRECTORY + "?kind=park&page=9")
    assert response.status_code == 404
    assert "There is no page 9" in response.text
    assert 'href="?kind=park&amp;page=1"' in response.text  # 30 parks fit on one page


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("district=atlantis", "district"),
        ("kind=museum", "kind"),
        ("batch=park-9", "batch"),
        ("is_demonstration=maybe", "is_demonstration"),
        ("designated_after=2014-13", "designated_after"),
        ("designated_before=yesterday", "designated_before"),
        ("updated_since=soon", "updated_since"),
        ("ordering=price", "ordering"),
        ("page=0", "page"),
        ("page=two", "page"),
        ("format=xml", "format"),
        ("q=" + "x" * 101, "q"),
        ("q=%00", "q"),
    ],
)
def test_bad_parameters_give_a_400_page_naming_the_field(client, make_landmark, query, field):
    make_landmark()
    response = client.get(DIRECTORY + "?" + query)
    assert response.status_code == 400
    assert f"<code>{field}</code>" in response.text
    assert "Start again with every entry" in response.text


def test_several_bad_parameters_are_all_reported(client, make_landmark):
    response = client.get(DIRECTORY + "?district=atlantis&page=x")
    names = [error["name"] for error in response.context["errors"]]
    assert names == ["district", "page"]


def test_designation_range_by_year_or_month(client, report):
    in_2014 = client.get(DIRECTORY + "?designated_after=2014&designated_before=2014")
    assert in_2014.status_code == 200
    assert {landmark.designated_on.year for landmark in in_2014.context["page"]} == {2014}
    alias = client.get(DIRECTORY + "?designated_on__gte=2014-01-01&designated_on__lte=2014-12-31")
    assert listed(alias) == listed(in_2014)
    may = listed(client.get(DIRECTORY + "?designated_after=2014-05&designated_before=2014-05"))
    assert "虹桥商务区" in may  # park, first batch: 2014-05


def test_csv_download_is_what_the_page_shows(client, report):
    response = client.get(DIRECTORY + "?kind=park&district=jinshan&format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="landmarks-')
    rows = csv_rows(response)
    page = listed(client.get(DIRECTORY + "?kind=park&district=jinshan"))
    assert [row["name_zh"] for row in rows] == page
    first = rows[0]
    assert first["kind"] == "park" and "jinshan" in first["districts"].split(";")
    assert first["url"].startswith("http://testserver/")
    # The API's columns (one row definition): the source is its table, row and line.
    assert first["source_table"].startswith("附表 2.") and first["source_line"]


def test_csv_keeps_the_reports_precision_and_printed_names(client, report):
    rows = {row["name_zh"]: row for row in csv_rows(client.get(DIRECTORY + "?format=csv"))}
    assert rows["虹桥商务区"]["designated"] in ("2014-05", "2017-01")
    assert rows["上海多媒体谷"]["districts"] == "jingan"
    assert "闸北" in rows["上海多媒体谷"]["districts_as_printed"]
    assert rows["陆家嘴街道"]["designated"] == ""  # the report dates no community


def test_json_download(client, report):
    response = client.get("/landmarks/park/?format=json")
    body = json.loads(response.content)
    assert body["count"] == 30 == len(body["results"])
    assert {row["kind"] for row in body["results"]} == {"park"}


@pytest.mark.parametrize(
    "query",
    ["", "kind=village", "district=pudong,jingan", "batch=park-1&ordering=-name", "q=jd&is_demonstration=false"],
)
def test_page_and_downloads_list_the_same_entries(client, report, query):
    on_pages = []
    number = 1
    while True:
        response = client.get(f"{DIRECTORY}?{query}&page={number}")
        on_pages += [landmark.slug for landmark in response.context["page"]]
        if not response.context["page"].has_next():
            break
        number += 1
    in_csv = [row["slug"] for row in csv_rows(client.get(f"{DIRECTORY}?{query}&format=csv"))]
    in_json = [row["slug"] for row in client.get(f"{DIRECTORY}?{query}&format=json").json()["results"]]
    assert on_pages == in_csv == in_json


def test_language_switch_keeps_the_page_and_its_query(client, report):
    chinese = client.get("/landmarks/park/?district=jinshan")
    assert 'href="/en/landmarks/park/?district=jinshan" hreflang="en" lang="en"' in chinese.text
    english = client.get("/en/landmarks/park/?district=jinshan")
    assert 'href="/landmarks/park/?district=jinshan" hreflang="zh-hans"' in english.text
    assert '<html lang="en">' in english.text and "Smart park" in english.text


def test_directory_query_count_does_not_grow(empty_database, client, make_landmark, django_assert_num_queries):
    for added in (1, 39):
        for _ in range(added):
            make_landmark()
        # The data changed, so the counts are counted: data version; registry, district, batch
        # and demonstration counts; district and batch names; the page; its districts.
        with django_assert_num_queries(9):
            assert client.get(DIRECTORY).status_code == 200
        # Unchanged data: the counts (and the total) come from the cache.
        with django_assert_num_queries(5):
            assert client.get(DIRECTORY).status_code == 200


def test_filtered_directory_query_count_does_not_grow(empty_database, client, make_landmark, make_district, django_assert_num_queries):
    district = make_district(slug="pudong")
    for added in (1, 39):
        for _ in range(added):
            make_landmark(districts=[district])
        # + reading the district slug; a registry page counts registries too, for its total.
        with django_assert_num_queries(10):
            assert client.get("/en/landmarks/community/?district=pudong&q=ce").status_code == 200
        with django_assert_num_queries(6):
            assert client.get("/en/landmarks/community/?district=pudong&q=ce").status_code == 200


def test_cached_counts_follow_every_change(empty_database, client, make_landmark):
    """Counts are cached per data version: a publication, a withdrawal or a deletion shows at once."""
    first = make_landmark(kind=Kind.PARK)
    draft = make_landmark(kind=Kind.PARK, state=Landmark.State.DRAFT)

    def parks():
        return facet(client.get(DIRECTORY), "kind")["park"].count

    assert parks() == 1
    draft.state = Landmark.State.PUBLISHED
    draft.save()
    assert parks() == 2
    Landmark.objects.filter(pk=first.pk).update(state=Landmark.State.WITHDRAWN, updated_at=timezone.now())
    assert parks() == 1
    draft.delete()
    assert parks() == 0
    assert client.get(DIRECTORY).context["page"].paginator.count == 0


def test_download_query_count_does_not_grow(client, make_landmark, django_assert_num_queries):
    for added in (1, 39):
        for _ in range(added):
            make_landmark()
        with django_assert_num_queries(3):  # the entries, their districts, the same place's entries
            b"".join(client.get(DIRECTORY + "?format=csv").streaming_content)


def test_csv_download_writes_cells_as_the_api_does(empty_database, client, make_landmark):
    make_landmark(name_zh="=HYPERLINK(1)", name_en="@risky", is_demonstration=True)
    [row] = csv_rows(client.get(DIRECTORY + "?format=csv"))
    assert row["name_zh"] == "'=HYPERLINK(1)" and row["name_en"] == "'@risky"  # text, not a formula
    assert (row["is_demonstration"], row["is_city_level"]) == ("true", "false")
