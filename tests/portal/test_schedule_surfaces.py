"""Scheduled publication and expiry on the site's pages, feed, sitemap, downloads and counts.

Nothing is written when the moment comes; the cached counts and the cached sitemap key on the
data version (publishing.caching.data_state), which counts the scheduled moments already
passed, so they change at that second too. The clock fixture moves between the moments of
tests/scheduling.py (time_machine; no sleeping). The API's side: tests/api/test_schedule.py.
"""

import pytest

from indicators.models import Indicator
from landmarks.models import Kind
from tests.scheduling import SECOND, T2, T, schedule_rename

pytestmark = pytest.mark.django_db

SEARCH = "名街道"  # in every name below, old and new


def page_names(response):
    return [landmark.name_zh for landmark in response.context["page"]]


def landmark_surfaces(client, name, *, slug, kind=Kind.COMMUNITY):
    """Where the site shows an entry named name (at /landmarks/<kind>/<slug>/): True or False."""
    entry = client.get(f"/en/landmarks/{kind}/{slug}/")
    download = b"".join(client.get("/en/landmarks/", {"format": "csv"}).streaming_content).decode("utf-8")
    return {
        "directory": name in page_names(client.get("/en/landmarks/")),
        "search": name in page_names(client.get("/en/landmarks/", {"q": SEARCH})),
        "registry": name in page_names(client.get(f"/en/landmarks/{kind}/")),
        "entry page": entry.status_code == 200 and entry.context["landmark"].name_zh == name,
        "feed": name in client.get("/feeds/landmarks/").text,  # Chinese: the titles are name_zh
        "download": name in download,
        "data package": name in client.get("/data/landmarks.csv").text,
    }


def landmark_counts(client, kind=Kind.COMMUNITY):
    """The cached counts: the home page's total, the directory's total and its registry facet."""
    directory = client.get("/en/landmarks/")
    facet = {option.value: option.count for f in directory.context["facets"] if f.name == "kind" for option in f.options}
    return {
        "home": client.get("/en/").context["total"],
        "directory": directory.context["page"].paginator.count,
        "facet": facet[kind],
    }


def in_sitemap(client, path):
    return f"<loc>http://testserver{path}</loc>" in client.get("/sitemap-landmarks.xml").text


def test_an_entry_scheduled_for_t_shows_everywhere_from_t(empty_database, clock, client, make_landmark):
    make_landmark(name_zh="定时名街道", slug="scheduled", publish_at=T)
    # Visit everything before T, so every cache holds its answer without the entry.
    assert not any(landmark_surfaces(client, "定时名街道", slug="scheduled").values())
    assert landmark_counts(client) == {"home": 0, "directory": 0, "facet": 0}
    assert not in_sitemap(client, "/landmarks/community/scheduled/")
    clock.move_to(T - SECOND)
    assert not any(landmark_surfaces(client, "定时名街道", slug="scheduled").values())
    clock.move_to(T)
    assert all(landmark_surfaces(client, "定时名街道", slug="scheduled").values())
    assert landmark_counts(client) == {"home": 1, "directory": 1, "facet": 1}
    assert in_sitemap(client, "/landmarks/community/scheduled/")
    assert "<published>2030-01-01T09:00:00" in client.get("/feeds/landmarks/").text.replace("+00:00", "")


def test_an_entry_expiring_at_t2_leaves_everywhere_at_t2(empty_database, clock, client, make_landmark):
    make_landmark(name_zh="到期名街道", slug="expiring", expire_at=T2)
    assert all(landmark_surfaces(client, "到期名街道", slug="expiring").values())
    assert landmark_counts(client) == {"home": 1, "directory": 1, "facet": 1}
    assert in_sitemap(client, "/landmarks/community/expiring/")
    clock.move_to(T2)
    assert not any(landmark_surfaces(client, "到期名街道", slug="expiring").values())
    assert landmark_counts(client) == {"home": 0, "directory": 0, "facet": 0}
    assert not in_sitemap(client, "/landmarks/community/expiring/")


def test_a_scheduled_replacement_swaps_names_at_t_never_both_never_absent(
    empty_database, clock, client, make_landmark, landmark_author, landmark_publisher
):
    record = make_landmark(name_zh="旧名街道", slug="renamed")
    schedule_rename(record, author=landmark_author, publisher=landmark_publisher, name_zh="新名街道", publish_at=T)
    for moment, shown, hidden in ((T - SECOND, "旧名街道", "新名街道"), (T, "新名街道", "旧名街道")):
        clock.move_to(moment)
        assert all(landmark_surfaces(client, shown, slug="renamed").values()), moment
        assert not any(landmark_surfaces(client, hidden, slug="renamed").values()), moment
        assert landmark_counts(client) == {"home": 1, "directory": 1, "facet": 1}
        assert in_sitemap(client, "/landmarks/community/renamed/")
    feed = client.get("/feeds/landmarks/").text
    assert feed.count("<entry>") == 1 and "新名街道" in feed


# ---- the figures ------------------------------------------------------------------------------


def indicator_surfaces(client, indicator):
    detail = client.get(f"/en/indicators/{indicator.code}/")
    return {
        "list": indicator.code in client.get("/en/indicators/").text,
        "search": indicator.code in client.get("/en/indicators/", {"q": indicator.name_en}).text,
        "detail": detail.status_code == 200,
        "sitemap": f"/indicators/{indicator.code}/</loc>" in client.get("/sitemap-indicators.xml").text,
        "data package": indicator.code in client.get("/data/indicators.csv").text,
        "values in the data package": indicator.code in client.get("/data/observations.csv").text,
    }


def indicator_count(client):
    """The list's total, from its cached domain counts."""
    return client.get("/en/indicators/").context["page"].paginator.count


def test_an_indicator_scheduled_for_t_shows_everywhere_from_t(empty_database, clock, client, make_observation):
    indicator = make_observation().indicator
    Indicator.objects.filter(pk=indicator.pk).update(publish_at=T, published_at=T)
    assert not any(indicator_surfaces(client, indicator).values())
    assert indicator_count(client) == 0
    clock.move_to(T)
    assert all(indicator_surfaces(client, indicator).values())
    assert indicator_count(client) == 1


def test_an_indicator_expiring_at_t2_leaves_everywhere_at_t2(empty_database, clock, client, make_observation):
    indicator = make_observation().indicator
    Indicator.objects.filter(pk=indicator.pk).update(expire_at=T2)
    assert all(indicator_surfaces(client, indicator).values())
    assert indicator_count(client) == 1
    clock.move_to(T2)
    assert not any(indicator_surfaces(client, indicator).values())
    assert indicator_count(client) == 0
