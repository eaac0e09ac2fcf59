"""Partners read published entries, filtered by the directory's own LandmarkFilter."""

import datetime

import pytest
from django.utils import timezone

from landmarks.models import Kind, Landmark

pytestmark = pytest.mark.django_db

LIST = "/api/v1/landmarks/"


def _slugs(response):
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


def _month(year, month):
    return {"designated_on": datetime.date(year, month, 1), "designated_precision": "month"}


def test_list_shows_published_entries_with_their_fields(empty_database, api, make_landmark, make_district, make_batch):
    pudong = make_district(slug="pudong-test", name_zh="浦东测试区")
    batch = make_batch(kind=Kind.PARK, ordinal=1, announced_on="2014-05-01")
    make_landmark(
        kind=Kind.PARK, name_zh="张江测试园", slug="zhangjiang", districts=[pudong], batch=batch,
        is_demonstration=True, **_month(2014, 5),
    )
    body = api(LIST).json()
    assert body["count"] == 1 and body["next"] is None
    [row] = body["results"]
    assert row["name_zh"] == "张江测试园"
    assert row["districts"] == ["pudong-test"]
    assert row["batch"] == "park-1"
    assert row["designated"] == "2014-05"  # the month the report prints, never the 1st
    assert row["designated_precision"] == "month"
    assert row["is_demonstration"] is True
    assert row["url"] == "http://testserver/api/v1/landmarks/park/zhangjiang/"
    assert "state" not in row and "loaded_values" not in row and "pinyin" not in row


def test_a_community_without_a_designation_date_has_null_not_an_invented_one(empty_database, api, make_landmark):
    make_landmark(kind=Kind.COMMUNITY)
    [row] = api(LIST).json()["results"]
    assert row["designated"] is None and row["designated_precision"] is None


def test_drafts_and_withdrawn_entries_never_reach_the_api(empty_database, api, make_landmark):
    make_landmark(name_zh="新华路街道", slug="xinhua")
    make_landmark(name_zh="草稿社区", slug="draft", state=Landmark.State.DRAFT)
    make_landmark(name_zh="撤回社区", slug="gone", state=Landmark.State.WITHDRAWN)
    assert [row["name_zh"] for row in api(LIST).json()["results"]] == ["新华路街道"]
    assert [row["name_zh"] for row in api("/api/v1/landmarks/sync/").json()["results"]] == ["新华路街道"]
    csv_text = api(LIST + "?format=csv").content.decode("utf-8-sig")
    assert "新华路街道" in csv_text and "草稿社区" not in csv_text and "撤回社区" not in csv_text
    assert api("/api/v1/landmarks/community/draft/").status_code == 404
    assert api("/api/v1/landmarks/community/gone/").status_code == 404
    assert api("/api/v1/landmarks/community/xinhua/").json()["name_zh"] == "新华路街道"


def test_same_place_lists_only_published_twins(api, make_landmark):
    park = make_landmark(kind=Kind.PARK, slug="hongqiao")
    town = make_landmark(kind=Kind.NEW_TOWN, slug="hongqiao")
    draft = make_landmark(kind=Kind.BUSINESS_DISTRICT, slug="hongqiao", state=Landmark.State.DRAFT)
    park.same_place.add(town, draft)
    row = api("/api/v1/landmarks/park/hongqiao/").json()
    assert row["same_place"] == ["new_town/hongqiao"]


def test_detail_is_by_registry_and_slug_since_a_slug_repeats_across_registries(api, make_landmark):
    make_landmark(kind=Kind.PARK, slug="hongqiao", name_zh="虹桥园区")
    make_landmark(kind=Kind.NEW_TOWN, slug="hongqiao", name_zh="虹桥新城")
    assert api("/api/v1/landmarks/park/hongqiao/").json()["name_zh"] == "虹桥园区"
    assert api("/api/v1/landmarks/new_town/hongqiao/").json()["name_zh"] == "虹桥新城"


def test_a_detail_asked_with_filters_is_found_only_if_they_select_it(api, make_landmark, make_district):
    make_landmark(kind=Kind.PARK, slug="hongqiao", districts=[make_district(slug="filtered-district")])
    assert api("/api/v1/landmarks/park/hongqiao/?unknown=1").status_code == 200  # not a filter
    assert api("/api/v1/landmarks/park/hongqiao/?district=filtered-district").status_code == 200
    assert api("/api/v1/landmarks/park/hongqiao/?q=虹桥&kind=new_town").status_code == 404
    refused = api("/api/v1/landmarks/park/hongqiao/?district=nowhere")
    assert refused.status_code == 400 and "district" in refused.json()


@pytest.mark.parametrize(
    "path", ["/api/v1/landmarks/park/nothing/", "/api/v1/landmarks/castle/hongqiao/", "/api/v1/landmarks/park/虹桥/"]
)
def test_unknown_entry_is_a_json_404(api, make_landmark, path):
    make_landmark(kind=Kind.PARK, slug="hongqiao")
    response = api(path)
    assert response.status_code == 404
    assert set(response.json()) == {"detail"}


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", [LIST, "/api/v1/landmarks/park/hongqiao/", "/api/v1/districts/", "/api/v1/"])
def test_writes_are_405(empty_database, client, make_landmark, method, path):
    make_landmark(kind=Kind.PARK, slug="hongqiao")
    response = getattr(client, method)(path, data="{}", content_type="application/json")
    assert response.status_code == 405
    assert "detail" in response.json()
    assert Landmark.objects.count() == 1


# --- every filter --------------------------------------------------------------------------


def test_kind_filter_takes_one_registry_or_any_of_several(empty_database, api, make_landmark):
    make_landmark(kind=Kind.COMMUNITY, slug="c")
    make_landmark(kind=Kind.PARK, slug="p")
    make_landmark(kind=Kind.VILLAGE, slug="v")
    assert _slugs(api(LIST + "?kind=park")) == ["p"]
    assert _slugs(api(LIST + "?kind=park,village")) == ["v", "p"]
    assert _slugs(api(LIST + "?kind=park&kind=village")) == ["v", "p"]


def test_district_filter_counts_a_former_district_as_the_one_that_absorbed_it(api, make_landmark, make_district):
    jingan = make_district(slug="jingan-t")
    make_district(slug="zhabei-t", merged_into=jingan, merged_in=2015)
    huangpu = make_district(slug="huangpu-t")
    make_landmark(slug="in-jingan", districts=[jingan])
    make_landmark(slug="in-both", districts=[jingan, huangpu])
    make_landmark(slug="in-huangpu", districts=[huangpu])
    assert _slugs(api(LIST + "?district=jingan-t")) == ["in-jingan", "in-both"]
    assert _slugs(api(LIST + "?district=zhabei-t")) == ["in-jingan", "in-both"]
    assert _slugs(api(LIST + "?district=huangpu-t,jingan-t")) == ["in-jingan", "in-both", "in-huangpu"]


def test_batch_filter(empty_database, api, make_landmark, make_batch):
    first = make_batch(kind=Kind.PARK, ordinal=1, announced_on="2014-05-01")
    second = make_batch(kind=Kind.PARK, ordinal=2, announced_on="2015-04-01")
    make_landmark(kind=Kind.PARK, slug="one", batch=first, **_month(2014, 5))
    make_landmark(kind=Kind.PARK, slug="two", batch=second, **_month(2015, 4))
    assert _slugs(api(LIST + "?batch=park-2")) == ["two"]
    assert _slugs(api(LIST + "?batch=park-1,park-2")) == ["one", "two"]


def test_is_demonstration_filter(empty_database, api, make_landmark):
    make_landmark(slug="star", is_demonstration=True)
    make_landmark(slug="plain")
    assert _slugs(api(LIST + "?is_demonstration=true")) == ["star"]
    assert _slugs(api(LIST + "?is_demonstration=false")) == ["plain"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("designated_after=2015", ["may-2015", "dec-2016"]),
        ("designated_before=2014", ["day-2014"]),
        ("designated_after=2014-12-04&designated_before=2015-05", ["may-2015"]),
        ("designated_on__gte=2015-06&designated_on__lte=2016", ["dec-2016"]),
        ("designated_after=2014&designated_before=2014", ["day-2014"]),
    ],
)
def test_designation_date_ranges_read_years_and_months_as_whole_periods(empty_database, api, make_landmark, query, expected):
    make_landmark(kind=Kind.VILLAGE, slug="day-2014", designated_on=datetime.date(2014, 12, 3), designated_precision="day")
    make_landmark(kind=Kind.VILLAGE, slug="may-2015", **_month(2015, 5))
    make_landmark(kind=Kind.VILLAGE, slug="dec-2016", **_month(2016, 12))
    make_landmark(kind=Kind.COMMUNITY, slug="undated")  # no date: outside every range
    assert _slugs(api(f"{LIST}?{query}")) == expected


def test_updated_since_filter(empty_database, api, make_landmark):
    old = make_landmark(slug="old")
    make_landmark(slug="new")
    Landmark.objects.filter(pk=old.pk).update(updated_at=timezone.now() - datetime.timedelta(days=2))
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat().replace("+00:00", "Z")
    assert _slugs(api(LIST, data={"updated_since": since})) == ["new"]


@pytest.mark.parametrize("q", ["陆家嘴", "lujiazui", "ljz", "Lujiazui Sub"])
def test_q_searches_chinese_pinyin_initials_and_english(empty_database, api, make_landmark, q):
    make_landmark(name_zh="陆家嘴街道", name_en="Lujiazui Subdistrict", slug="lujiazui")
    make_landmark(name_zh="外滩街道", name_en="Waitan Subdistrict", slug="waitan")
    assert _slugs(api(LIST, data={"q": q})) == ["lujiazui"]


def test_filters_combine(api, make_landmark, make_district):
    pudong = make_district(slug="pudong-t")
    other = make_district(slug="other-t")
    make_landmark(kind=Kind.COMMUNITY, slug="hit", districts=[pudong], is_demonstration=True)
    make_landmark(kind=Kind.COMMUNITY, slug="not-demo", districts=[pudong])
    make_landmark(kind=Kind.COMMUNITY, slug="elsewhere", districts=[other], is_demonstration=True)
    make_landmark(kind=Kind.PARK, slug="a-park", districts=[pudong], is_demonstration=True)
    assert _slugs(api(LIST + "?kind=community&district=pudong-t&is_demonstration=true")) == ["hit"]


@pytest.mark.parametrize(
    "ordering, expected",
    [
        ("", ["c2", "c10", "park"]),
        ("registry", ["c2", "c10", "park"]),
        ("-registry", ["park", "c10", "c2"]),
        ("name", ["c10", "park", "c2"]),  # pinyin: an, bei, cai
        ("-name", ["c2", "park", "c10"]),
        ("name_en", ["c10", "c2", "park"]),
        ("designated", ["park", "c2", "c10"]),  # undated entries last, in registry order
        ("-designated", ["park", "c2", "c10"]),
    ],
)
def test_orderings_are_stable_and_documented(empty_database, api, make_landmark, ordering, expected):
    make_landmark(kind=Kind.COMMUNITY, sequence=10, slug="c10", name_zh="安街道", name_en="A")
    make_landmark(kind=Kind.COMMUNITY, sequence=2, slug="c2", name_zh="菜街道", name_en="B")
    make_landmark(kind=Kind.PARK, sequence=1, slug="park", name_zh="北园", name_en="C", **_month(2014, 5))
    assert _slugs(api(LIST, data={"ordering": ordering} if ordering else {})) == expected


def test_ordering_by_update_time(empty_database, api, make_landmark):
    first = make_landmark(slug="first")
    second = make_landmark(slug="second")
    Landmark.objects.filter(pk=first.pk).update(updated_at=timezone.now() + datetime.timedelta(minutes=1))
    assert _slugs(api(LIST + "?ordering=updated")) == ["second", "first"]
    assert _slugs(api(LIST + "?ordering=-updated")) == ["first", "second"]
    assert second  # both exist


@pytest.mark.parametrize(
    "query, field",
    [
        ("kind=castle", "kind"),
        ("district=atlantis", "district"),
        ("batch=park-99", "batch"),
        ("is_demonstration=maybe", "is_demonstration"),
        ("designated_after=2014-13", "designated_after"),
        ("designated_before=yesterday", "designated_before"),
        ("designated_on__gte=2014-02-30", "designated_on__gte"),
        ("designated_on__lte=0000", "designated_on__lte"),
        ("updated_since=last-week", "updated_since"),
        ("updated_since=0001-01-01T00:00:00%2B14:00", "updated_since"),  # before UTC's year 1: was a 500
        ("ordering=price", "ordering"),
        ("q=" + "长" * 101, "q"),
        ("page_size=ten", "page_size"),
        ("page_size=0", "page_size"),
        ("fields=slug,price", "fields"),
    ],
)
def test_bad_values_are_400_naming_the_parameter(api, make_landmark, query, field):
    make_landmark()
    response = api(f"{LIST}?{query}")
    assert response.status_code == 400
    body = response.json()
    assert list(body) == [field]
    assert isinstance(body[field], list) and all(isinstance(message, str) and message for message in body[field])


def test_two_bad_values_give_a_message_for_each(api, make_landmark):
    make_landmark()
    body = api(LIST + "?kind=castle&is_demonstration=maybe").json()
    assert set(body) == {"kind", "is_demonstration"}
    assert "castle" in body["kind"][0]


def test_errors_follow_accept_language(client, make_landmark):
    make_landmark()
    english = client.get(LIST + "?page=99", HTTP_ACCEPT_LANGUAGE="en").json()
    chinese = client.get(LIST + "?page=99", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert english["detail"] == "Invalid page."
    assert chinese["detail"] != english["detail"]  # DRF ships its messages in Chinese


def test_head_answers_like_get_without_a_body(client, make_landmark):
    make_landmark()
    get, head = client.get(LIST), client.head(LIST)
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == get["ETag"] and head["Content-Type"] == "application/json"


def test_an_entry_cites_the_lines_its_story_comes_from(api, report):
    body = api("/api/v1/landmarks/new_town/hongqiao-business-district/").json()
    assert body["body"].startswith("积极开展虹桥商务区申报智慧新城准备工作")
    assert body["story_lines"][:2] == ["545-547", "5372-5376"]
    assert body["story_lines"][2] == "专栏 7.3 虹桥商务区“智慧新城”试点建设: 5411-5425"
    assert api("/api/v1/landmarks/community/nanmatou-road-subdistrict/").json()["story_lines"] == []
