"""Entry pages (/landmarks/<kind>/<slug>/) and district pages (/districts/…)."""

import json
import re

import pytest

from landmarks.models import Kind, Landmark

pytestmark = pytest.mark.django_db


def structured_data(response):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S)
    return json.loads(match.group(1))


def test_entry_page_shows_what_the_report_says(client, report):
    response = client.get("/en/landmarks/park/hongqiao-business-district/")
    assert response.status_code == 200
    page = response.text
    assert '<span lang="zh-Hans">虹桥商务区</span>' in page
    assert "Hongqiao Business District" in page
    assert '<time datetime="2014-05">' in page  # the report gives the month only
    # The same place is also a smart new town (附表 2.5): linked both ways.
    assert 'href="/en/landmarks/new_town/hongqiao-business-district/"' in page
    back = client.get("/en/landmarks/new_town/hongqiao-business-district/").text
    assert 'href="/en/landmarks/park/hongqiao-business-district/"' in back
    # City-level, in every district the report names, each linked to its district page.
    assert "city-level" in page and 'href="/en/districts/minhang/"' in page
    assert "附录 2, 附表 2.3" in page


def test_entry_page_links_others_of_its_batch(client, report):
    response = client.get("/en/landmarks/park/hongqiao-business-district/")
    others = response.context["same_batch"]
    assert others and all(other.batch.slug == "park-1" for other in others)
    assert response.context["landmark"] not in others
    assert 'href="/en/landmarks/?batch=park-1"' in response.text


def test_entry_page_marks_a_former_district_as_printed(client, report):
    page = client.get("/en/landmarks/park/").context["page"]
    multimedia = next(landmark for landmark in page if landmark.name_zh == "上海多媒体谷")
    response = client.get(multimedia.get_absolute_url())
    assert "printed as 闸北区" in response.text
    assert 'href="/en/districts/jingan/"' in response.text


def test_entry_page_shows_where_the_report_disagrees(client, report):
    response = client.get("/en/landmarks/village/")
    village = next(landmark for landmark in response.context["page"] if landmark.name_zh == "金山卫镇八字村")
    page = client.get(village.get_absolute_url()).text
    assert "Where the report disagrees with itself" in page
    assert "Shown here:" in page and "Also printed:" in page


def test_entry_page_structured_data(client, report):
    response = client.get("/en/landmarks/community/lujiazui-subdistrict/")
    data = structured_data(response)
    assert data["@type"] == "Place"
    assert data["name"] == "Lujiazui Subdistrict" and data["alternateName"] == "陆家嘴街道"
    assert data["url"] == "http://testserver/en/landmarks/community/lujiazui-subdistrict/"
    assert [place["name"] for place in data["containedInPlace"]] == ["Pudong New Area"]
    assert '<link rel="canonical" href="http://testserver/en/landmarks/community/lujiazui-subdistrict/">' in response.text
    chinese = structured_data(client.get("/landmarks/community/lujiazui-subdistrict/"))
    assert chinese["name"] == "陆家嘴街道"


def test_structured_data_cannot_close_its_script(client, make_landmark):
    landmark = make_landmark(name_zh="</script><b>街道", slug="tricky")
    page = client.get(landmark.get_absolute_url()).text
    assert "</script><b>" not in page.split("</title>")[1].split("</head>")[0]


@pytest.mark.parametrize("state", [Landmark.State.DRAFT, Landmark.State.WITHDRAWN])
def test_unpublished_entry_is_a_404(client, make_landmark, state):
    landmark = make_landmark(state=state, slug="hidden")
    response = client.get(landmark.get_absolute_url())
    assert response.status_code == 404
    assert landmark.name_zh not in response.text


def test_unknown_slug_or_wrong_registry_is_a_404(client, make_landmark):
    landmark = make_landmark(kind=Kind.COMMUNITY, slug="xinhua")
    assert client.get("/landmarks/community/nowhere/").status_code == 404
    assert client.get("/landmarks/park/xinhua/").status_code == 404
    assert client.get(landmark.get_absolute_url()).status_code == 200


def test_same_place_link_hides_an_unpublished_twin(client, make_landmark):
    park = make_landmark(kind=Kind.PARK, slug="twin")
    town = make_landmark(kind=Kind.NEW_TOWN, slug="twin", state=Landmark.State.DRAFT)
    park.same_place.add(town)
    assert "/landmarks/new_town/twin/" not in client.get(park.get_absolute_url()).text


def test_entry_page_query_count_does_not_grow(client, make_landmark, make_batch, django_assert_num_queries):
    batch = make_batch(kind=Kind.PARK)
    first = make_landmark(kind=Kind.PARK, batch=batch, designated_on=batch.announced_on, designated_precision="month")
    for added in (1, 30):
        for _ in range(added):
            make_landmark(kind=Kind.PARK, batch=batch, designated_on=batch.announced_on, designated_precision="month")
        # entry + batch; district links; same place; notes; batch notes; others of the batch.
        with django_assert_num_queries(6):
            assert client.get(first.get_absolute_url()).status_code == 200


def test_districts_page_draws_sixteen_districts_with_a_table_twin(client, report):
    response = client.get("/en/districts/")
    assert response.status_code == 200
    tiles = response.context["map"]["tiles"]
    assert len(tiles) == 16
    rows = {row["district"].slug: row for row in response.context["rows"]}
    assert {tile["district"].slug: tile["total"] for tile in tiles} == {slug: row["total"] for slug, row in rows.items()}
    # 静安区 counts the parks the report prints under 闸北区.
    jingan = rows["jingan"]
    assert jingan["counts"][list(Kind.values).index("park")] >= 2
    # Each tile is a link with a text alternative that states its count.
    assert f'aria-label="Jing&#x27;an District: {jingan["total"]} entries"' in response.text
    assert "<caption>Entries per district and registry</caption>" in response.text
    assert sum(row["counts"][0] for row in rows.values()) == 50  # every community has one district


def test_map_shading_is_not_the_only_carrier_of_the_count(client, report):
    page = client.get("/en/districts/").text
    for tile in client.get("/en/districts/").context["map"]["tiles"]:
        assert f'class="tile-count{" on-dark" if tile["is_dark"] else ""}">{tile["total"]}</text>' in page


def test_district_page_lists_entries_by_registry(client, report):
    response = client.get("/en/districts/jinshan/")
    assert response.status_code == 200
    registries = {registry["kind"]: registry for registry in response.context["registries"]}
    assert "上海金山工业区" in [landmark.name_zh for landmark in registries["park"]["landmarks"]]
    assert response.context["total"] == sum(registry["count"] for registry in registries.values())
    assert 'href="/en/landmarks/park/?district=jinshan"' in response.text


def test_former_district_address_leads_to_todays_district(client, report):
    response = client.get("/en/districts/zhabei/")
    assert (response.status_code, response["Location"]) == (301, "/en/districts/jingan/")
    assert "which became part of this district in 2015" in client.get("/en/districts/jingan/").text


def test_district_pages_hide_unpublished_entries(client, make_landmark, make_district):
    district = make_district(slug="testing")
    make_landmark(name_zh="公开社区", districts=[district])
    make_landmark(name_zh="草稿社区", districts=[district], state=Landmark.State.DRAFT)
    assert "公开社区" in client.get("/districts/testing/").text
    assert "草稿社区" not in client.get("/districts/testing/").text
    assert client.get("/districts/atlantis/").status_code == 404


def test_district_page_shows_the_first_entries_and_links_the_rest(client, make_landmark, make_district, django_assert_num_queries):
    district = make_district(slug="busy")
    for added in (1, 30):
        for _ in range(added):
            make_landmark(districts=[district])
        # district + former names; data version; counts per registry; ids of the first
        # entries; those entries; their districts. Then the counts and ids come from the cache.
        with django_assert_num_queries(7):
            response = client.get("/en/districts/busy/")
        with django_assert_num_queries(5):
            client.get("/en/districts/busy/")
    registry = response.context["registries"][0]
    assert registry["count"] == 31 and len(registry["landmarks"]) == 20
    assert "All 31 in the directory" in response.text


def test_districts_page_query_count_does_not_grow(client, make_landmark, make_district, django_assert_num_queries):
    district = make_district()
    for added in (1, 30):
        for _ in range(added):
            make_landmark(districts=[district])
        with django_assert_num_queries(3):  # data version; counts per district and registry; districts
            client.get("/districts/")
        with django_assert_num_queries(2):  # the counts from the cache
            client.get("/districts/")


def test_entry_page_tells_the_reports_story_with_its_lines(client, report):
    response = client.get("/en/landmarks/new_town/hongqiao-business-district/")
    page = response.text
    assert "What the report says" in page
    assert "积极开展虹桥商务区申报智慧新城准备工作" in page  # data/report/report.txt line 545
    assert "Printed in the report's text at" in page
    assert "lines 545–547" in page
    assert (
        '<span lang="zh-Hans">专栏 7.3 虹桥商务区“智慧新城”试点建设</span>, '
        '<a href="/en/report/line/5411/?to=5425" class="citation-link">lines 5411–5425</a>'
    ) in page


def test_entry_without_a_story_has_no_story_section(client, report):
    page = client.get("/en/landmarks/community/").context["page"]
    quiet = next(landmark for landmark in page if landmark.name_zh == "南码头路街道")
    assert "What the report says" not in client.get(quiet.get_absolute_url()).text
