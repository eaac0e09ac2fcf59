"""The data catalogue at /data/ (and /en/data/): each table of the open data package with its
metadata, schema, preview and API address, and DCAT metadata as JSON-LD that a harvester reads."""

import csv
import io
import json
import re

import pytest
from django.db.models import Max
from pyld import jsonld

from landmarks.models import Landmark
from portal import datapackage

pytestmark = pytest.mark.django_db

DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"


def section(page, name):
    start = page.index(f'id="table-{name}"')
    return page[start : page.index("</section>", start)]


def csv_of(client, name):
    return client.get(f"/data/{name}.csv").content


@pytest.mark.parametrize("path", ["/data/", "/en/data/"])
def test_every_table_of_the_package_is_listed_with_its_file_and_schema(client, figures, path):
    page = client.get(path).text
    for resource in datapackage.RESOURCES:
        block = section(page, resource.name)
        assert f'<a href="/data/{resource.name}.csv" download>{resource.name}.csv</a>' in block
        fields = re.findall(r'<th scope="row"><code>([^<]+)</code>', block)
        assert fields == [field.name for field in resource.fields]


def test_size_preview_and_api_address_come_from_the_served_files(client, figures):
    page = client.get("/en/data/").text
    for resource in datapackage.RESOURCES:
        block = section(page, resource.name)
        content = csv_of(client, resource.name)
        rows = list(csv.reader(io.StringIO(content.decode("utf-8"))))
        preview = block[block.index("The first rows of") :]
        assert preview.count("<tr>") == 1 + min(5, len(rows) - 1)  # the header and the first rows
        size = client.get("/en/data/").context["tables"][[r.name for r in datapackage.RESOURCES].index(resource.name)]["size"]
        assert size == len(content)
    api = re.search(r'<a href="(/api/v1/[^"]+)"><code>', section(page, "observations")).group(1)
    assert api == "/api/v1/observations/" and client.get(api).status_code == 200


def test_the_last_change_is_the_newest_published_change(client, figures):
    newest = Landmark.objects.published().aggregate(latest=Max("updated_at"))["latest"]
    block = section(client.get("/en/data/").text, "landmarks")
    assert f'<time datetime="{newest.astimezone().isoformat()}"' in block or newest.date().isoformat() in block


def test_a_draft_is_in_no_preview(client, figures):
    first = Landmark.objects.published().order_by("registry_position", "sequence").first()
    first.state = Landmark.State.DRAFT
    first.save()
    assert first.name_zh not in section(client.get("/data/").text, "landmarks")


def test_the_licence_shows_when_one_is_configured(client, figures, settings):
    assert "None declared" in client.get("/en/data/").text
    settings.DATA_LICENSE, settings.DATA_LICENSE_URL = "CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/"
    page = client.get("/en/data/").text
    assert '<a href="https://creativecommons.org/licenses/by/4.0/">CC-BY-4.0</a>' in page
    document = client.get("/data/catalog.jsonld").json()
    assert document["dcat:dataset"][0]["dct:license"] == {"@id": "https://creativecommons.org/licenses/by/4.0/"}


def expanded_datasets(document):
    """The dcat:Dataset nodes of a JSON-LD document, expanded as a harvester reads them."""
    nodes = jsonld.expand(document)
    found = []

    def walk(node):
        if isinstance(node, dict):
            if DCAT + "Dataset" in node.get("@type", []):
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(nodes)
    return found


def in_page(page):
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))


@pytest.mark.parametrize("source", ["page", "file"])
def test_dcat_gives_a_dataset_per_table_with_downloadable_distributions(client, figures, source):
    if source == "page":
        document = in_page(client.get("/en/data/").text)
    else:
        response = client.get("/data/catalog.jsonld")
        assert response["Content-Type"] == "application/ld+json; charset=utf-8"
        document = response.json()
    datasets = expanded_datasets(document)
    assert len(datasets) == len(datapackage.RESOURCES) + 1  # each table, and the whole package
    for dataset in datasets:
        distributions = dataset[DCAT + "distribution"]
        downloads = [d for d in distributions if DCAT + "downloadURL" in d]
        assert downloads, dataset[DCT + "identifier"]
        for distribution in downloads:
            assert DCAT + "Distribution" in distribution["@type"]
            url = distribution[DCAT + "downloadURL"][0]["@id"]
            media_type = distribution[DCAT + "mediaType"][0]["@value"]
            response = client.get(url.removeprefix("http://testserver"))
            assert response.status_code == 200
            assert response["Content-Type"].startswith(media_type)


def test_the_json_ld_cannot_end_its_script_block(client, figures):
    """A description holding "</script>" is escaped in the page (the JSON-LD is data, never run)."""
    from portal import catalogue

    name, (title, _description, api, last_change) = "districts", catalogue.TABLES["districts"]
    catalogue.TABLES[name] = (title, "evil </script><script>alert(1)</script>", api, last_change)
    try:
        page = client.get("/en/data/").text
    finally:
        catalogue.TABLES[name] = (title, _description, api, last_change)
    assert page.count("</script>") == 1  # only the JSON-LD block's own end
    assert in_page(page)["dcat:dataset"][0]["dct:description"] == "evil </script><script>alert(1)</script>"
