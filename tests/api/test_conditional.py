"""ETag and Last-Modified let a partner ask "anything new?" and get a 304 for one cheap query."""

import datetime

import pytest
from django.utils import timezone

from landmarks.models import Landmark

pytestmark = pytest.mark.django_db

LIST = "/api/v1/landmarks/?kind=community"


@pytest.fixture
def landmark(make_landmark):
    landmark = make_landmark()
    # An hour back, so that a change now moves Last-Modified by more than its one-second grain.
    Landmark.objects.update(updated_at=timezone.now() - datetime.timedelta(hours=1))
    return landmark


def test_same_etag_gives_304_until_something_changes(api, landmark):
    first = api(LIST)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    again = api(LIST, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    landmark.name_en = "Changed"
    landmark.save()
    changed = api(LIST, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_if_modified_since_gives_304_until_something_changes(api, landmark):
    first = api(LIST)
    assert api(LIST, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    landmark.state = Landmark.State.WITHDRAWN
    landmark.save()
    assert api(LIST, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 200


def test_a_deletion_changes_etag_and_last_modified(api, landmark, make_landmark):
    make_landmark()
    Landmark.objects.update(updated_at=timezone.now() - datetime.timedelta(hours=1))
    first = api(LIST)
    landmark.delete()
    assert api(LIST, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    assert api(LIST, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 200


def test_each_query_string_and_format_has_its_own_etag(api, landmark):
    etags = {api(path)["ETag"] for path in [LIST, LIST + "&page_size=5", LIST + "&format=csv"]}
    assert len(etags) == 3
    assert api(LIST, HTTP_ACCEPT="text/csv")["ETag"] != api(LIST, HTTP_ACCEPT="application/json")["ETag"]


def test_detail_sync_and_removed_answer_304(api, landmark):
    for path in [f"/api/v1/landmarks/community/{landmark.slug}/", "/api/v1/landmarks/sync/", "/api/v1/landmarks/removed/"]:
        etag = api(path)["ETag"]
        assert api(path, HTTP_IF_NONE_MATCH=etag).status_code == 304, path


def test_districts_and_batches_answer_304_from_their_content(api, report):
    for path in ["/api/v1/districts/", "/api/v1/batches/park-1/"]:
        etag = api(path)["ETag"]
        assert api(path, HTTP_IF_NONE_MATCH=etag).status_code == 304, path


def test_successes_may_be_cached_errors_may_not(api, landmark):
    ok = api(LIST)
    assert "public" in ok["Cache-Control"] and "max-age=60" in ok["Cache-Control"]
    assert "Accept" in ok["Vary"] and "Accept-Language" in ok["Vary"]
    assert "no-store" in api(LIST + "&kind=castle")["Cache-Control"]
