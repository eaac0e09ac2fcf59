"""The open data package as a catalogue: what /data/ shows of each table, and the same as DCAT
(JSON-LD) for harvesters such as data.gov's and CKAN's.

It reads the package's metadata (portal.datapackage: RESOURCES, descriptor(), licenses()) and the
tables' CSVs as they are served, and builds nothing of the package itself. Sizes and previews come
from the CSV text, so they are cached per version of the published data (both apps' states).
"""

import csv
import io

from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from indicators.models import ActionPlan, Indicator, Observation
from landmarks.models import REPORT_TITLE, Landmark
from portal import datapackage
from publishing.caching import cached_counts, data_version
from publishing.models import public_since

PREVIEW_ROWS = 5


def latest_public(queryset, relation=""):
    """When the table last changed as the public sees it: the foundation's public_since() rule,
    so a version shown at its publish_at counts from that moment, as in the sync feed."""
    return queryset.aggregate(latest=Max(public_since(relation)))["latest"]


# Each table of the package, as the catalogue presents it: a title and a description in the
# page's language, the API list with the same rows (None where the API has none), and how its
# last change is read (None for tables the report fixes and editors do not change).
TABLES = {
    "districts": (
        _("Districts"),
        _("Shanghai's districts with their division codes, and the former districts the report still prints."),
        "api:district-list",
        None,
    ),
    "batches": (
        _("Batches"),
        _("The rounds in which each registry designated its entries, with the date each was announced."),
        "api:batch-list",
        None,
    ),
    "landmarks": (
        _("Smart new landmarks"),
        _("Every published entry of every registry: names, districts, batch, designation date, story and source."),
        "api:landmark-list",
        lambda: latest_public(Landmark.objects.published()),
    ),
    "domains": (
        _("Areas of the report"),
        _("The report's chapters and the sections that carry figures."),
        "api:domain-list",
        None,
    ),
    "indicators": (
        _("Indicators"),
        _("What the report measures, in what unit, with its definition."),
        "api:indicator-list",
        lambda: latest_public(Indicator.objects.published()),
    ),
    "observations": (
        _("Values"),
        _("Every value of every indicator, with the phrase of the report it is read from and where it is printed."),
        "api:observation-list",
        lambda: latest_public(Observation.objects.published(), "indicator"),
    ),
    "targets": (
        _("Action-plan targets"),
        _("The action plan's targets: the report's own tick and the verdict of its figures."),
        "api:target-list",
        lambda: latest_public(ActionPlan.objects.published()),
    ),
    "target-measures": (
        _("Target measures"),
        _("The numbers each target is judged by: indicator, comparator and value."),
        None,
        lambda: latest_public(ActionPlan.objects.published()),
    ),
    "workstreams": (
        _("Key projects and tasks"),
        _("The action plan's key projects and tasks per area, and the share completed."),
        None,
        lambda: latest_public(ActionPlan.objects.published()),
    ),
}


def _file_facts(request):
    """{name: {"size", "header", "preview"}}: each table's CSV as served, measured once per data version."""

    def measure():
        facts = {}
        for resource in datapackage.RESOURCES:
            text = resource.csv(request)
            reader = csv.reader(io.StringIO(text))
            header = next(reader, [])
            preview = [row for _, row in zip(range(PREVIEW_ROWS), reader, strict=False)]
            facts[resource.name] = {"size": len(text.encode("utf-8")), "header": header, "preview": preview}
        return facts

    return cached_counts("data-catalogue", request.get_host(), measure, version=data_version())


def tables(request):
    """What the catalogue page shows of each table, in the package's order."""
    facts = _file_facts(request)
    rows = []
    for resource in datapackage.RESOURCES:
        title, description, api_list, last_change = TABLES[resource.name]
        descriptor = resource.descriptor()
        rows.append(
            {
                "name": resource.name,
                "title": title,
                "description": description,
                "package_title": resource.title,
                "format": descriptor["format"].upper(),
                "media_type": descriptor["mediatype"],
                "encoding": descriptor["encoding"],
                "path": reverse("datapackage-resource", args=[resource.name]),
                "fields": descriptor["schema"]["fields"],
                "primary_key": descriptor["schema"]["primaryKey"],
                "api": reverse(api_list) if api_list else None,
                "modified": last_change() if last_change else None,
                **facts[resource.name],
            }
        )
    return rows


def publisher_name():
    return gettext("Shanghai Smart City Portal")


def dcat(request, rows):
    """The catalogue as DCAT 2 in JSON-LD: a dcat:Dataset per table with its CSV (downloadURL,
    mediaType, byteSize) and, where there is one, its API list (accessURL), plus the whole package."""
    absolute = request.build_absolute_uri
    licence = datapackage.licenses().get("licenses", [{}])[0]
    licence_ref = {"dct:license": {"@id": licence["path"]}} if licence.get("path") else (
        {"dct:license": licence["name"]} if licence.get("name") else {}
    )
    publisher = {"@type": "foaf:Agent", "foaf:name": publisher_name(), "foaf:homepage": {"@id": absolute("/")}}
    source = {"dct:source": REPORT_TITLE}
    datasets = []
    for row in rows:
        distributions = [
            {
                "@type": "dcat:Distribution",
                "dct:title": f"{row['name']}.csv",
                "dcat:downloadURL": {"@id": absolute(row["path"])},
                "dcat:accessURL": {"@id": absolute(row["path"])},
                "dcat:mediaType": row["media_type"],
                "dct:format": row["format"],
                "dcat:byteSize": {"@value": str(row["size"]), "@type": "xsd:decimal"},
                "dct:conformsTo": {"@id": absolute(reverse("datapackage"))},
            }
        ]
        if row["api"]:
            distributions.append(
                {
                    "@type": "dcat:Distribution",
                    "dct:title": gettext("The API"),
                    "dcat:accessURL": {"@id": absolute(row["api"])},
                    "dcat:mediaType": "application/json",
                    "dct:format": "JSON",
                }
            )
        dataset = {
            "@type": "dcat:Dataset",
            "@id": absolute(reverse("data-catalogue")) + f"#{row['name']}",
            "dct:identifier": row["name"],
            "dct:title": str(row["title"]),
            "dct:description": str(row["description"]),
            "dct:publisher": publisher,
            "dcat:distribution": distributions,
            **source,
            **licence_ref,
        }
        if row["modified"]:
            dataset["dct:modified"] = {"@value": row["modified"].isoformat(), "@type": "xsd:dateTime"}
        datasets.append(dataset)
    package = datapackage.descriptor()
    datasets.append(
        {
            "@type": "dcat:Dataset",
            "@id": absolute(reverse("data-catalogue")) + "#package",
            "dct:identifier": package["name"],
            "dct:title": package["title"],
            "dct:description": package["description"],
            "dct:publisher": publisher,
            **source,
            **licence_ref,
            "dcat:distribution": [
                {
                    "@type": "dcat:Distribution",
                    "dct:title": datapackage.ZIP_NAME,
                    "dcat:downloadURL": {"@id": absolute(reverse("datapackage-zip"))},
                    "dcat:mediaType": "application/zip",
                    "dct:format": "ZIP",
                },
                {
                    "@type": "dcat:Distribution",
                    "dct:title": "datapackage.json",
                    "dcat:downloadURL": {"@id": absolute(reverse("datapackage"))},
                    "dcat:mediaType": "application/json",
                    "dct:format": "JSON",
                },
            ],
        }
    )
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@type": "dcat:Catalog",
        "@id": absolute(reverse("data-catalogue")),
        "dct:title": gettext("Open data of the Shanghai Smart City Portal"),
        "dct:description": package["description"],
        "dct:publisher": publisher,
        "dcat:dataset": datasets,
    }
