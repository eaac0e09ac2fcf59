"""Anonymous answers are kept per data version (publishing.api.cache_per_data_version): a kept
answer costs one query (the data state), and any public change is seen at once."""

import pytest

from landmarks.models import Landmark
from portal.models import ApiKey

pytestmark = pytest.mark.django_db


def test_a_repeated_request_is_answered_from_the_cache_with_one_query(
    empty_database, api, make_landmark, django_assert_num_queries
):
    make_landmark(name_zh="缓存测试社区")
    first = api("/api/v1/landmarks/")
    with django_assert_num_queries(1):  # the data state, for the ETag and the key
        again = api("/api/v1/landmarks/")
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]


def test_a_withdrawal_is_seen_at_once(empty_database, api, make_landmark):
    kept, withdrawn = make_landmark(), make_landmark()
    assert api("/api/v1/landmarks/").json()["count"] == 2
    assert api(f"/api/v1/landmarks/{withdrawn.kind}/{withdrawn.slug}/").status_code == 200

    Landmark.objects.filter(pk=withdrawn.pk).set_state(Landmark.State.WITHDRAWN)

    listed = api("/api/v1/landmarks/").json()
    assert listed["count"] == 1
    assert [entry["slug"] for entry in listed["results"]] == [kept.slug]
    assert api(f"/api/v1/landmarks/{withdrawn.kind}/{withdrawn.slug}/").status_code == 404


def test_each_format_and_language_is_kept_apart(empty_database, api, make_landmark):
    make_landmark()
    json_answer = api("/api/v1/landmarks/")
    csv_answer = api("/api/v1/landmarks/?format=csv")
    assert csv_answer["Content-Type"].startswith("text/csv")
    assert api("/api/v1/landmarks/")["Content-Type"] == json_answer["Content-Type"]
    assert api("/api/v1/landmarks/?format=csv").content == csv_answer.content


def test_a_partner_key_is_never_answered_from_the_cache(
    empty_database, api, make_landmark, django_user_model, django_assert_max_num_queries
):
    make_landmark()
    _key, raw_key = ApiKey.issue(name="partner", created_by=None)
    api("/api/v1/landmarks/")
    api("/api/v1/landmarks/", HTTP_AUTHORIZATION=f"Api-Key {raw_key}")
    with django_assert_max_num_queries(10) as captured:
        assert api("/api/v1/landmarks/", HTTP_AUTHORIZATION=f"Api-Key {raw_key}").status_code == 200
    assert len(captured) > 1  # the key, the state, the total or page: not a kept answer


def count_queries(captured):
    return [query["sql"] for query in captured if query["sql"].startswith("SELECT COUNT(*)")]


def test_the_total_is_counted_once_per_data_version_and_filters(
    empty_database, api, make_landmark, make_district, clock, django_assert_max_num_queries
):
    """A list's total is kept under the data version and the chosen filters, not under its SQL:
    published() puts the present moment in the SQL, so a key of SQL would never be met again."""
    district = make_district(slug="counted")
    make_landmark(districts=[district]), make_landmark(districts=[district]), make_landmark()
    assert api("/api/v1/landmarks/?district=counted").json()["count"] == 2
    clock.shift(60)
    # A new address (page_size) misses the kept answers, and a minute later the moment differs.
    with django_assert_max_num_queries(10) as captured:
        again = api("/api/v1/landmarks/?district=counted&page_size=1").json()
    assert again["count"] == 2 and not count_queries(captured)
    with django_assert_max_num_queries(10) as captured:
        everything = api("/api/v1/landmarks/?page_size=1").json()
    assert everything["count"] == 3 and count_queries(captured)  # other filters, another count
    make_landmark(districts=[district])
    assert api("/api/v1/landmarks/?district=counted&page_size=1").json()["count"] == 3
