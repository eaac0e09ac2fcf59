"""One search for everything: /search/ and /api/v1/search/ over entries, indicators, figures and
the report's text, published records only."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.models import Indicator
from landmarks.models import Landmark

KINDS = ["landmarks", "indicators", "observations", "report"]


def api(client, query):
    return client.get("/api/v1/search/", {"q": query})


def counts(client, query):
    body = api(client, query).json()
    return {kind: body[kind]["count"] for kind in KINDS}


def test_each_kind_is_found(client, figures):
    """宽带 (broadband) is in indicators' names, figures' quotes and the report; 陆家嘴 is an entry."""
    broadband = counts(client, "宽带")
    assert broadband["indicators"] > 0 and broadband["observations"] > 0 and broadband["report"] > 0
    assert counts(client, "陆家嘴")["landmarks"] > 0
    page = client.get("/search/", {"q": "宽带"}).text
    assert "家庭<mark>宽带</mark>平均接入带宽" in page
    assert 'href="/indicators/household-broadband-average-bandwidth/"' in page


def test_the_2016_household_bandwidth_is_one_search_away_from_its_sentence(client, figures):
    """Done when: home → search → the report's sentence around the figure, in both languages."""
    for prefix in ("", "/en"):
        home = client.get(f"{prefix}/").text
        assert f'action="{prefix}/search/"' in home
        page = client.get(f"{prefix}/search/", {"q": "家庭宽带平均接入带宽"}).text
        link = re.search(r'href="([^"]*/report/1/\?lines=241[^"]*)"', page)
        assert link, "a report result links to line 241"
        chapter = client.get(link.group(1).replace("&amp;", "&")).text
        assert re.search(r'<span class="line cited" id="L241">[^<]*<a[^>]*>515.74</a> 万户，家庭宽带平均接入带宽达', chapter)


def test_a_one_character_query_finds_something(client, figures):
    found = counts(client, "网")
    assert found["report"] > 0 and found["indicators"] > 0 and found["observations"] > 0


def test_pinyin_and_initials_match_entry_names(client, figures):
    for query in ("lujiazui", "ljz"):
        body = api(client, query).json()["landmarks"]
        assert "陆家嘴街道" in [row["name_zh"] for row in body["results"]]
    page = client.get("/search/", {"q": "lujiazui"}).text
    assert "<mark>陆家嘴</mark>街道" in page


def test_english_matches_indicator_names(client, figures):
    body = api(client, "broadband").json()["indicators"]
    assert body["count"] > 0
    assert all("broadband" in (row["excerpt"].lower()) for row in body["results"])
    # The excerpt is marked as English, for screen readers on the Chinese page too.
    assert re.search(r'<span class="why" lang="en">[^<]*<mark>broadband</mark>', client.get("/search/", {"q": "broadband"}).text)


def test_drafts_never_appear(empty_database, client, make_landmark, make_indicator, make_observation):
    make_landmark(name_zh="公开草稿测试街道")
    make_landmark(name_zh="草稿测试街道甲", state=Landmark.State.DRAFT)
    draft = make_indicator(name_zh="草稿测试指标", definition_zh="草稿测试定义", state=Indicator.State.DRAFT)
    make_observation(indicator=draft, quote="草稿测试引文 12.5")
    body = api(client, "草稿测试").json()
    assert [row["name_zh"] for row in body["landmarks"]["results"]] == ["公开草稿测试街道"]
    assert body["indicators"]["count"] == body["observations"]["count"] == 0
    page = client.get("/search/", {"q": "草稿测试"}).text
    assert "公开" in page and "街道甲" not in page and "测试指标" not in page and "测试引文" not in page


def test_highlights_are_escaped(empty_database, client, make_landmark):
    make_landmark(name_zh="测试<b>社区", name_en="<script>alert(1)</script> Park")
    page = client.get("/search/", {"q": "script"}).text
    assert "<script>alert" not in page
    assert "&lt;<mark>script</mark>&gt;alert(1)" in page


def test_a_too_long_or_empty_query(client, db):
    too_long = "宽" * 101
    assert api(client, too_long).status_code == 400 and "q" in api(client, too_long).json()
    assert api(client, "").json().keys() == {"q"} and api(client, "").status_code == 400
    assert client.get("/api/v1/search/").status_code == 400
    page = client.get("/en/search/", {"q": too_long})
    assert page.status_code == 400 and "<code>q</code>" in page.text
    assert client.get("/en/search/", {"q": "  "}).status_code == 200
    assert client.get("/en/search/").status_code == 200


def test_one_kind_paged_and_bad_paging(client, figures):
    first = client.get("/en/search/", {"q": "网", "kind": "report"})
    assert first.status_code == 200 and "Page 1 of" in first.text
    assert client.get("/en/search/", {"q": "网", "kind": "report", "page": "9999"}).status_code == 404
    bad = client.get("/en/search/", {"q": "网", "kind": "everything"})
    assert bad.status_code == 400 and "<code>kind</code>" in bad.text


def test_each_group_links_to_its_kinds_own_list_with_the_same_count(client, figures):
    body = api(client, "宽带").json()
    for kind in ("landmarks", "indicators", "observations"):
        listing = client.get(body[kind]["url"]).json()
        assert listing["count"] == body[kind]["count"], kind
    assert body["report"]["url"] is None
    assert body["report"]["results"][0]["page"].startswith("http://testserver/report/")


def test_the_query_count_does_not_depend_on_the_results(client, figures):
    numbers = []
    for query in ("宽带", "没有这种东西的查询", "网"):
        with CaptureQueriesContext(connection) as queries:
            assert api(client, query).status_code == 200
        numbers.append(len(queries))
    # Per kind of the database (entries, indicators, figures): its count and its first rows.
    assert numbers[0] == numbers[1] == numbers[2]


def test_the_search_is_in_the_api_schema(client, db):
    schema = client.get("/api/v1/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/search/"]["get"]
    assert [parameter["name"] for parameter in operation["parameters"]] == ["q"]
    assert operation["parameters"][0]["required"] is True
