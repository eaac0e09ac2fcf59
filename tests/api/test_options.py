"""OPTIONS on every endpoint of /api/v1/ answers as DRF does: 200, the methods in Allow, JSON."""

import pytest
from django.urls import URLPattern, reverse

from portal import api_urls

# A value for each path parameter; OPTIONS describes the view and reads no row, so any will do.
SAMPLE_KWARGS = {"kind": "park", "slug": "no-such-slug", "code": "no-such-code"}
# Every named route in portal/api_urls.py (the unnamed catch-all is a 404 by design).
ENDPOINTS = {
    pattern.name: list(pattern.pattern.converters)
    for pattern in api_urls.urlpatterns
    if isinstance(pattern, URLPattern) and pattern.name
}


def test_every_kind_of_endpoint_is_covered():
    assert {"root", "landmark-list", "landmark-detail", "landmark-sync", "schema", "docs"} <= set(ENDPOINTS)


@pytest.mark.parametrize("name", ENDPOINTS)
def test_options_answers_200_with_allow_on_every_endpoint(client, db, name):
    path = reverse(f"api:{name}", kwargs={key: SAMPLE_KWARGS[key] for key in ENDPOINTS[name]})
    response = client.options(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert {method.strip() for method in response["Allow"].split(",")} == {"GET", "HEAD", "OPTIONS"}


def test_options_on_the_docs_describes_the_view_instead_of_failing(client, db):
    response = client.options("/api/v1/docs/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["name"] == "Api Docs"
    # GET sends the reader to the site's documentation page, in the language they ask for.
    assert client.get("/api/v1/docs/").headers["Location"] == "/api-docs/"
    assert client.get("/api/v1/docs/", HTTP_ACCEPT_LANGUAGE="en").headers["Location"] == "/en/api-docs/"


def test_options_on_the_schema_answers_200(client, db):
    response = client.options("/api/v1/schema/")
    assert response.status_code == 200
    assert "OPTIONS" in response["Allow"]
