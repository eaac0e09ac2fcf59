"""No input gives a 500: odd values are a 400, 404 or 401, on SQLite and PostgreSQL alike."""

from urllib.parse import quote

import pytest

# One entry of the test's own, not the report: each test sends hundreds of requests, and listing
# 109 entries for every one of them would make this module one of the slowest.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unthrottled", "empty_database")]

ODD_VALUES = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "'; DROP TABLE landmarks_landmark; --",
    "%",
    "_",
    "\\",
    "😀" * 30,
    "长" * 5000,
    "9" * 5000,
    "-1",
    "1e309",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-14:00",
    "9999-12-31",
    "0000-00-00",
    "2014-02-30",
    "2014-1-1",
    "NaN",
    "true,false",
    ",,,",
    "\ud800",
]
PARAMETERS = [
    "q", "kind", "district", "batch", "is_demonstration", "designated_after", "designated_before",
    "designated_on__gte", "designated_on__lte", "updated_since", "ordering", "page", "page_size", "fields",
    "format", "cursor", "since", "as_of", "from", "to",
]
PATHS = ["/api/v1/landmarks/", "/api/v1/landmarks/sync/", "/api/v1/landmarks/removed/", "/api/v1/landmarks/changes/"]


@pytest.mark.parametrize("parameter", PARAMETERS)
def test_odd_values_never_give_a_500(client, make_landmark, parameter):
    make_landmark()
    for path in PATHS:
        for value in ODD_VALUES:
            query = f"{parameter}={quote(value, errors='surrogatepass')}"
            response = client.get(f"{path}?{query}", HTTP_ACCEPT_LANGUAGE="en")
            assert response.status_code in (200, 400, 404), (path, query, response.content[:200])
            assert response["Content-Type"].startswith(("application/json", "text/csv")), (path, query)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/landmarks/park/%00/",
        "/api/v1/landmarks/%E5%9B%AD/x/",
        "/api/v1/landmarks/park/" + "x" * 5000 + "/",
        "/api/v1/districts/%00/",
        "/api/v1/batches/park-99999999999999999999/",
        "/api/v1/landmarks/../../etc/passwd",
        "/api/v1/%F0%9F%98%80",
        "/api/v1/batches/a%0Ab/",  # a newline: once an HTML 404 from outside the API's URLs
    ],
)
def test_odd_paths_are_json_404s(client, make_landmark, path):
    make_landmark()
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("header", ["\x00", "Api-Key \x00", "Api-Key " + "k" * 10000, "api-key   spaced  "])
def test_odd_authorization_headers_are_401(client, header):
    response = client.get("/api/v1/landmarks/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401


@pytest.mark.parametrize("header", ["HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH"])
def test_odd_conditional_headers_never_give_a_500(client, make_landmark, header):
    make_landmark()
    for value in ["*", "garbage", '"x", W/"y"', "Mon, 32 Foo 2014 25:61:61 GMT", "\x00"]:
        assert client.get("/api/v1/landmarks/", **{header: value}).status_code in (200, 304, 412), (header, value)
