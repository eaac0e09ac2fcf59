"""The OpenAPI description is complete and warning-free; its docs page needs no CDN."""

import io

import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(api):
    response = api("/api/v1/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def _parameters(schema, path):
    return {parameter["name"]: parameter for parameter in schema["paths"][path]["get"]["parameters"]}


def test_schema_generates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "schema.yaml", stdout=io.StringIO())
    assert (tmp_path / "schema.yaml").read_text().startswith("openapi: 3")


def test_every_filter_is_documented_with_type_enum_and_description(schema):
    parameters = _parameters(schema, "/api/v1/landmarks/")
    filters = [
        "q", "kind", "district", "batch", "is_demonstration", "designated_after", "designated_before",
        "designated_on__gte", "designated_on__lte", "updated_since", "ordering",
    ]
    for name in filters:
        assert parameters[name]["schema"]["type"], name
    assert parameters["kind"]["schema"]["items"]["enum"] == ["business_district", "community", "new_town", "park", "village"]
    assert parameters["is_demonstration"]["schema"]["enum"] == ["false", "true"]
    assert "-designated" in parameters["ordering"]["schema"]["enum"]
    assert parameters["updated_since"]["schema"]["format"] == "date-time"
    assert "pattern" in parameters["designated_after"]["schema"]
    assert "former district" in parameters["district"]["description"]
    assert parameters["fields"]["schema"]["items"]["enum"][:3] == ["id", "kind", "slug"]
    assert {"page", "page_size", "format"} <= set(parameters)
    assert {"cursor", "page_size", "updated_since"} <= set(_parameters(schema, "/api/v1/landmarks/sync/"))


def test_every_operation_documents_its_errors(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert {"200", "400", "401", "404", "429"} <= set(operation["responses"]), (path, method)


def test_only_reads_are_described(schema):
    assert {method for operations in schema["paths"].values() for method in operations} == {"get"}


def test_docs_page_loads_swagger_ui_from_the_portal_itself(client, db):
    page = client.get("/api-docs/").text
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower() and "unpkg" not in page.lower()


def test_schema_speaks_the_clients_language(client):
    """The schema page is not an API view of ours: the language still follows Accept-Language."""
    english = yaml.safe_load(client.get("/api/v1/schema/", HTTP_ACCEPT_LANGUAGE="en").content)
    chinese = yaml.safe_load(client.get("/api/v1/schema/").content)  # no header: the site's Chinese
    assert "A former district such as zhabei" in _parameters(english, "/api/v1/landmarks/")["district"]["description"]
    assert "已撤销的区（如 zhabei）" in _parameters(chinese, "/api/v1/landmarks/")["district"]["description"]


@pytest.mark.parametrize(
    "path, fields",
    [
        ("/api/v1/landmarks/removed/", ["id", "kind", "slug", "state", "removed_at"]),
        ("/api/v1/indicators/removed/", ["code", "state", "removed_at"]),
        ("/api/v1/observations/removed/", ["id", "indicator", "year", "geography", "reading", "state", "removed_at"]),
    ],
)
def test_every_removed_feed_is_documented_alike(schema, path, fields):
    """The three removed feeds share publishing.viewsets.RemovedView: since, paging, CSV, one state enum."""
    parameters = _parameters(schema, path)
    assert parameters["since"]["schema"]["format"] == "date-time"
    assert {"since", "page", "page_size", "format"} <= set(parameters)
    page = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    row = schema["components"]["schemas"][page.rsplit("/", 1)[1]]["properties"]["results"]["items"]["$ref"]
    properties = schema["components"]["schemas"][row.rsplit("/", 1)[1]]["properties"]
    assert list(properties) == fields  # state and removed_at last, so CSV columns keep their places
    state = schema["components"]["schemas"][properties["state"]["allOf"][0]["$ref"].rsplit("/", 1)[1]]
    assert state["enum"] == ["withdrawn", "deleted"]
