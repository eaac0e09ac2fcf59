import pytest

from landmarks.models import Kind, Landmark

pytestmark = pytest.mark.django_db


def test_home_counts_only_published_entries_per_registry(empty_database, client, make_landmark):
    make_landmark(kind=Kind.PARK)
    make_landmark(kind=Kind.PARK)
    make_landmark(kind=Kind.PARK, state=Landmark.State.DRAFT)
    make_landmark(kind=Kind.VILLAGE, state=Landmark.State.WITHDRAWN)
    response = client.get("/")
    assert response.status_code == 200
    registries = {str(row["label"]): row["count"] for row in response.context["registries"]}
    assert registries[str(Kind.PARK.label)] == 2
    assert registries[str(Kind.VILLAGE.label)] == 0
    assert response.context["total"] == 2
    assert '<html lang="zh-hans">' in response.text


def test_home_shows_the_reports_109_entries(client, report):
    response = client.get("/")
    assert response.context["total"] == 109
    counts = [row["count"] for row in response.context["registries"]]
    assert counts == [50, 14, 30, 12, 3]


def test_home_in_english(client, report):
    response = client.get("/en/")
    assert response.status_code == 200
    assert '<html lang="en">' in response.text


def test_home_query_count_does_not_grow(empty_database, client, make_landmark, django_assert_num_queries):
    for added in (1, 20):
        for _ in range(added):
            make_landmark()
        # No figures loaded: the index and the action plan are one query each, finding none
        # (tests/indicators/test_pages.py counts the home page with them).
        with django_assert_num_queries(4):  # data version; the counts per registry; index; plan
            client.get("/")
        with django_assert_num_queries(3):  # data version (the counts come from the cache); index; plan
            client.get("/")


def test_health_check(client, db):
    response = client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"database": "ok", "cache": "ok"})
