"""Page numbers with a total for people; a (updated_at, id) cursor for sync clients."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from landmarks.models import Landmark

pytestmark = pytest.mark.django_db

LIST = "/api/v1/landmarks/"
SYNC = "/api/v1/landmarks/sync/"


def _walk(api, url):
    """Every row of every page, following next links."""
    rows = []
    while url:
        response = api(url)
        assert response.status_code == 200, response.content
        body = response.json()
        rows += body["results"]
        url = body["next"]
    return rows


def test_pages_carry_the_total_and_links(empty_database, api, make_landmark):
    for _ in range(5):
        make_landmark()
    first = api(LIST + "?page_size=2").json()
    assert first["count"] == 5 and len(first["results"]) == 2 and first["previous"] is None
    assert parse_qs(urlsplit(first["next"]).query) == {"page": ["2"], "page_size": ["2"]}
    last = api(LIST + "?page_size=2&page=3").json()
    assert len(last["results"]) == 1 and last["next"] is None


def test_pages_together_hold_every_entry_once_in_order(empty_database, api, make_landmark):
    made = [make_landmark().slug for _ in range(7)]
    assert [row["slug"] for row in _walk(api, LIST + "?page_size=3")] == made


@pytest.mark.parametrize("page", ["0", "-1", "4", "abc", "1.5", "99999999999999999999999"])
def test_a_bad_or_past_the_end_page_is_a_json_404(empty_database, api, make_landmark, page):
    make_landmark()
    response = api(f"{LIST}?page={page}&page_size=1")
    assert response.status_code == 404
    assert set(response.json()) == {"detail"}


def test_page_size_is_capped(empty_database, api, make_landmark):
    make_landmark()
    response = api(LIST + "?page_size=100000")
    assert response.status_code == 200 and response.json()["count"] == 1


def test_sync_walks_every_entry_by_update_time_then_id(empty_database, api, make_landmark):
    made = [make_landmark() for _ in range(5)]
    now = timezone.now()
    # Two share one updated_at, as after a bulk withdrawal: the cursor must not skip either.
    stamps = [now - datetime.timedelta(minutes=minutes) for minutes in (1, 5, 3, 3, 2)]
    for landmark, stamp in zip(made, stamps, strict=True):
        Landmark.objects.filter(pk=landmark.pk).update(updated_at=stamp)
    rows = _walk(api, SYNC + "?page_size=2")
    expected = sorted(made, key=lambda landmark: (stamps[made.index(landmark)], landmark.pk))
    assert [row["id"] for row in rows] == [landmark.pk for landmark in expected]


def test_sync_cursor_survives_more_ties_than_a_page(empty_database, api, make_landmark):
    made = [make_landmark() for _ in range(7)]
    Landmark.objects.update(updated_at=timezone.now())
    assert sorted(row["id"] for row in _walk(api, SYNC + "?page_size=2")) == sorted(landmark.pk for landmark in made)


def test_sync_takes_the_list_filters(empty_database, api, make_landmark):
    make_landmark(kind="park", slug="p")
    make_landmark(kind="community", slug="c")
    assert [row["slug"] for row in _walk(api, SYNC + "?kind=park")] == ["p"]


def test_sync_has_no_count_and_ends_with_null_next(empty_database, api, make_landmark):
    make_landmark()
    body = api(SYNC).json()
    assert set(body) == {"next", "results"} and body["next"] is None


@pytest.mark.parametrize(
    "cursor",
    ["garbage", "!!!", "bm90LWEtY3Vyc29y", "MjAxNC0wMS0wMXwx", "eHx5", "MjAyNi0wMS0wMVQwMDowMDowMCswMDowMHwtMQ=="],
)
def test_a_cursor_that_does_not_decode_is_a_json_404(api, make_landmark, cursor):
    make_landmark()
    response = api(SYNC, data={"cursor": cursor})
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid cursor."}
