"""A request costs the same number of queries whatever the page size."""

import pytest

from landmarks.models import Landmark

pytestmark = pytest.mark.django_db


@pytest.fixture
def twins(make_landmark, make_district):
    """count parks in the district "shared" (designated 2014-05), each with a twin new town (undated)."""
    shared = make_district(slug="shared")

    def make(count):
        for _ in range(count):
            park = make_landmark(kind="park", districts=[shared], designated_on="2014-05-01", designated_precision="month")
            park.same_place.add(make_landmark(kind="new_town", districts=[shared]))

    return make


@pytest.mark.parametrize(
    "path, queries",
    [
        # freshness (max updated_at, newest tombstone, count), page count, page, districts, same_place
        ("/api/v1/landmarks/?page_size={size}", 5),
        # freshness, district slugs validated, page count, page, districts, same_place
        ("/api/v1/landmarks/?page_size={size}&district={district}&kind=park&q=测试", 6),
        # freshness, page, districts, same_place (no count: the cursor needs none)
        ("/api/v1/landmarks/sync/?page_size={size}", 4),
        ("/api/v1/landmarks/?page_size={size}&format=csv", 5),
        # freshness, page count, page, districts, same_place, entries left out (undated)
        ("/api/v1/landmarks/?page_size={size}&as_of=2015-12-31", 6),
        ("/api/v1/landmarks/?page_size={size}&as_of=2015-12-31&format=csv", 6),
        # freshness, page count, page (one query for all three kinds of event)
        ("/api/v1/landmarks/changes/?page_size={size}", 3),
        ("/api/v1/landmarks/changes/?page_size={size}&from=2014-01-01&to=2014-12-31&format=csv", 3),
        # freshness, withdrawn entries, tombstones
        ("/api/v1/landmarks/removed/?page_size={size}", 3),
    ],
)
def test_query_count_does_not_grow_with_the_page(empty_database, api, twins, django_assert_num_queries, path, queries):
    for added in (1, 39):  # one entry per registry, then forty
        twins(added)
        with django_assert_num_queries(queries):
            response = api(path.format(size=added * 2, district="shared"))
        assert response.status_code == 200


def test_detail_and_reference_lists_cost_a_fixed_number_of_queries(api, twins, report, django_assert_num_queries):
    twins(1)
    park = Landmark.objects.filter(kind="park", same_place__isnull=False).first()
    with django_assert_num_queries(4):  # freshness, the entry, districts, same_place
        assert api(f"/api/v1/landmarks/park/{park.slug}/").json()["same_place"]
    with django_assert_num_queries(1):  # districts with merged_into joined
        assert api("/api/v1/districts/").status_code == 200
    with django_assert_num_queries(1):
        assert api("/api/v1/batches/").status_code == 200


def test_a_304_costs_one_query(api, twins, django_assert_num_queries):
    twins(3)
    etag = api("/api/v1/landmarks/")["ETag"]
    with django_assert_num_queries(1):
        assert api("/api/v1/landmarks/", HTTP_IF_NONE_MATCH=etag).status_code == 304
