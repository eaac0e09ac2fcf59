"""The API, the directory page's downloads and LandmarkFilter give the same entries, in the same
order, for the same query string. (tests/landmarks/test_directory.py shows the page's own pages
list what its CSV and JSON downloads hold.)"""

import csv
import io

import pytest
from django.http import QueryDict

from landmarks.filters import LandmarkFilter
from landmarks.models import Landmark

pytestmark = pytest.mark.django_db

QUERIES = [
    "",
    "kind=community",
    "kind=park,village",
    "kind=community&district=pudong",
    "district=zhabei",
    "district=jingan&kind=park",
    "district=huangpu,xuhui",
    "batch=park-2",
    "batch=village-1,village-2",
    "is_demonstration=true",
    "is_demonstration=false&kind=community",
    "designated_after=2015",
    "designated_after=2014&designated_before=2014",
    "designated_on__gte=2014-06&designated_on__lte=2015-12-31",
    "kind=community&district=pudong&designated_after=2014&designated_before=2014",
    "q=街道",
    "q=lujiazui",
    "q=ljz",
    "q=Town",
    "ordering=name",
    "ordering=-designated",
    "ordering=name_en&kind=park",
    "updated_since=2000-01-01T00:00:00Z",
    "as_of=2015-12-31",
    "as_of=2014-10-31&kind=park&ordering=-designated",
]


def _directory_slugs(query):
    filterset = LandmarkFilter(QueryDict(query), queryset=Landmark.objects.published())
    assert filterset.is_valid(), filterset.errors
    return [(landmark.kind, landmark.slug) for landmark in filterset.qs]


@pytest.mark.parametrize("query", QUERIES)
def test_api_gives_the_directorys_entries_in_its_order(api, report, query):
    # A draft and a withdrawn entry must not change the answer on either side.
    Landmark.objects.filter(kind="community", sequence=1).update(state=Landmark.State.DRAFT)
    Landmark.objects.filter(kind="park", sequence=1).update(state=Landmark.State.WITHDRAWN)
    response = api(f"/api/v1/landmarks/?{query}&page_size=500&fields=kind,slug")
    assert response.status_code == 200
    from_api = [(row["kind"], row["slug"]) for row in response.json()["results"]]
    download = client_csv(api(f"/en/landmarks/?{query}&format=csv"))
    assert from_api == [(row["kind"], row["slug"]) for row in download] == _directory_slugs(query)
    api_csv = client_csv(api(f"/api/v1/landmarks/?{query}&page_size=500&format=csv"))
    assert [(row["kind"], row["slug"]) for row in api_csv] == from_api


def client_csv(response):
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_communities_in_pudong_designated_in_2014_are_none_since_the_report_dates_no_community(api, report):
    response = api("/api/v1/landmarks/?kind=community&district=pudong&designated_after=2014&designated_before=2014")
    assert response.json()["count"] == 0
    assert api("/api/v1/landmarks/?kind=community&district=pudong").json()["count"] > 0
