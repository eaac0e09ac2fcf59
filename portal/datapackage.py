"""The whole published data set as a Frictionless Data Package (v1): datapackage.json and a CSV each.

Served at /data/ and written by `manage.py export_datapackage <dir>`. Every resource starts
from .published() like every other public surface, so a draft never reaches a download; a
reference to a row that is not published (a draft indicator's component) is left empty rather
than pointing at a row the package lacks, so the foreign keys hold. The landmarks, observations
and targets tables are the API's rows (SerializedResource): the unfiltered API CSV, all pages, with
the same columns, without the BOM.
"""

import copy
import datetime
import hashlib
import io
import json
import logging
import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import QueryDict

from indicators.models import (
    Domain,
    Indicator,
    Observation,
    Qualifier,
    Target,
    TargetMeasure,
    Workstream,
    format_decimal,
)
from indicators.serializers import ObservationSerializer, TargetSerializer
from indicators.status import Status
from landmarks.dates import Precision
from landmarks.models import REPORT_TITLE, Batch, District, Kind, Landmark, registry_order
from landmarks.serializers import LandmarkSerializer
from publishing import caching
from publishing.api import csv_table, serialized
from publishing.csvfile import csv_text
from publishing.models import public_through

NAME = "shanghai-smart-city"
ZIP_NAME = "smart-city-data.zip"
SOURCES = [{"title": REPORT_TITLE, "path": "data/report/report.txt"}]


@dataclass
class Field:
    name: str
    type: str
    get: object  # row -> value
    description: str = ""
    required: bool = False
    unique: bool = False
    enum: list = None

    def schema(self):
        schema = {"name": self.name, "type": self.type}
        if self.description:
            schema["description"] = self.description
        constraints = {}
        if self.required:
            constraints["required"] = True
        if self.unique:
            constraints["unique"] = True
        if self.enum is not None:
            constraints["enum"] = list(self.enum)
        if constraints:
            schema["constraints"] = constraints
        return schema

    def cell(self, row):
        value = self.get(row)
        if value is None or value == "":
            return ""
        if self.type == "string":
            return value  # publishing.csvfile makes a would-be formula text, as in the API's CSV
        if self.type == "boolean":
            return "true" if value else "false"
        if self.type == "number":
            return format_decimal(value)
        if self.type == "datetime":
            return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        if self.type == "date":
            return value.isoformat()
        return str(value)


@dataclass
class Resource:
    name: str
    title: str
    rows: object  # () -> iterable of model instances
    fields: list
    primary_key: list
    foreign_keys: list = field(default_factory=list)  # (fields, resource, reference fields)

    @property
    def path(self):
        return f"{self.name}.csv"

    def descriptor(self):
        schema = {"fields": [f.schema() for f in self.fields], "primaryKey": self.primary_key}
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": fields, "reference": {"resource": resource, "fields": reference}}
                for fields, resource, reference in self.foreign_keys
            ]
        return {
            "name": self.name,
            "title": self.title,
            "path": self.path,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": schema,
        }

    def csv(self, request=None):
        """The resource's CSV: UTF-8 without a BOM (validators read a BOM into the first name)."""
        rows = ([f.cell(row) for f in self.fields] for row in self.rows())
        return csv_text([f.name for f in self.fields], rows, bom=False)


@dataclass
class SerializedResource(Resource):
    """A table of the API's rows: the unfiltered API CSV of the resource, all pages, without a BOM.

    The serializer is the one row definition (publishing.api.serialized); fields only describe its
    columns for the schema, in the same order. request makes the API links absolute, as the API's.
    """

    serializer: object = None

    def csv(self, request=None):
        if request is not None:
            # As the API's CSV: DRF's reverse() keeps ?format=csv in each row's link.
            request = copy.copy(request)
            request.GET = QueryDict("format=csv")
        serializer, rows = serialized(self.serializer, self.rows(), request=request)
        header, cells = csv_table(serializer, rows)
        if header != [f.name for f in self.fields]:
            raise ImproperlyConfigured(f"{self.name}: the schema's fields are not the serializer's columns {header}")
        return csv_text(header, cells, bom=False)


def column(name, kind="string", **options):
    """A column of a SerializedResource: its cells come from the serializer, not from here."""
    return Field(name, kind, None, **options)


def typed(kind, name, attribute=None, **options):
    return Field(name, kind, lambda row: getattr(row, attribute or name), **options)


def text(name, attribute=None, **options):
    return typed("string", name, attribute, **options)


def _landmarks():
    return Landmark.objects.published().for_listing().with_same_place().in_registry_order()


def _targets():
    return Target.objects.published().with_measures().in_public_order()


def _measures():
    return (
        TargetMeasure.objects.filter(public_through("target__plan"))
        .select_related("target__plan", "indicator")
        .order_by("target__plan__start_year", "target__number", "position", "pk")
    )


def _indicators():
    return Indicator.objects.published().select_related("domain", "parent").in_public_order()


def _observations():
    return Observation.objects.published().for_listing().in_public_order()


RESOURCES = [
    Resource(
        "districts",
        "Districts of Shanghai, and former ones the report prints",
        lambda: District.objects.with_current().order_by("code", "pk"),
        [
            text("slug", required=True, unique=True),
            text("code", required=True, unique=True, description="GB/T 2260 division code"),
            text("name_zh", required=True),
            text("name_en"),
            Field("merged_into", "string", lambda d: d.merged_into.slug if d.merged_into_id else None,
                  description="A former district: the district that absorbed it"),
            typed("integer", "merged_in", description="The year it merged"),
        ],
        ["slug"],
        [(["merged_into"], "", ["slug"])],
    ),
    Resource(
        "batches",
        "Designation rounds of the registries",
        lambda: Batch.objects.order_by(registry_order(), "ordinal", "pk"),
        [
            text("slug", required=True, unique=True),
            text("kind", required=True, enum=Kind.values),
            typed("integer", "ordinal", required=True),
            typed("date", "announced", "announced_on", required=True,
                  description="Only as precise as announced_precision says"),
            text("announced_precision", enum=Precision.values),
            text("as_printed"),
        ],
        ["slug"],
    ),
    SerializedResource(
        "landmarks",
        "Smart new landmarks: the five registries' published entries (the rows of /api/v1/landmarks/)",
        _landmarks,
        [
            column("id", "integer", required=True, unique=True, description="The API's id: never changes, never reused"),
            column("kind", required=True, enum=Kind.values),
            column("slug", required=True),
            column("sequence", "integer", required=True, description="序号 in the report's table"),
            column("name_zh", required=True),
            column("name_en"),
            column("districts", description="Today's districts: slugs of districts.csv, joined with ;"),
            column("districts_as_printed"),
            column("is_city_level", "boolean"),
            column("batch"),
            column("designated", description="YYYY-MM-DD, YYYY-MM or YYYY: only as precise as the report prints it"),
            column("designated_precision", enum=Precision.values),
            column("is_demonstration", "boolean"),
            column("same_place", description="The same place in other registries, as kind/slug, joined with ;"),
            column("summary"),
            column("body"),
            column("story_lines", description="Where summary and body are printed: line ranges, joined with ;"),
            column("source_table"),
            column("source_row", "integer"),
            column("source_line", "integer", description="Line of data/report/report.txt"),
            column("updated_at", "datetime"),
            column("url", description="This entry in the API"),
            column("district_names_zh", description="Today's districts in Chinese, as districts, joined with ;"),
            column("district_names_en", description="Today's districts in English, as districts, joined with ;"),
        ],
        ["kind", "slug"],
        [(["batch"], "batches", ["slug"])],
        serializer=LandmarkSerializer,
    ),
    Resource(
        "domains",
        "The report's areas: chapters and the sections that carry figures",
        lambda: Domain.objects.select_related("parent").order_by("position", "pk"),
        [
            text("slug", required=True, unique=True),
            Field("parent", "string", lambda row: row.parent.slug if row.parent_id else None),
            text("chapter", required=True),
            text("name_zh", required=True),
            text("name_en"),
            typed("integer", "position"),
        ],
        ["slug"],
        [(["parent"], "", ["slug"])],
    ),
    Resource(
        "indicators",
        "What the report measures, in what unit",
        _indicators,
        [
            text("code", required=True, unique=True),
            Field("domain", "string", lambda row: row.domain.slug, required=True),
            text("name_zh", required=True),
            text("name_en"),
            text("unit", description="As the report prints it; empty for an index"),
            text("unit_en"),
            text("definition_zh"),
            text("definition_en"),
            typed("boolean", "higher_is_better"),
            Field("parent", "string", lambda row: row.parent.public_code if row.parent_id else None,
                  description="For a sub-index: the composite index's code"),
        ],
        ["code"],
        [(["domain"], "domains", ["slug"]), (["parent"], "", ["code"])],
    ),
    SerializedResource(
        "observations",
        "The indicators' values, each with the phrase of the report it is read from (the rows of /api/v1/observations/)",
        _observations,
        [
            column("id", "integer", required=True, unique=True),
            column("indicator", required=True),
            column("unit", description="The indicator's unit, as the report prints it"),
            column("unit_en"),
            column("year", "integer", required=True),
            column("geography", required=True, description="shanghai for the whole city, or a district's slug"),
            column("reading", "integer", required=True,
                   description="1; 2 and on for other figures the report gives for the same year and place"),
            column("value", "number", required=True, description="In the indicator's unit"),
            column("qualifier", enum=Qualifier.values),
            column("kind", required=True, enum=Observation.Kind.values),
            column("derivation", enum=Observation.Derivation.values),
            column("base_year", "integer"),
            column("printed", required=True, description="The number exactly as the quote prints it"),
            column("printed_unit"),
            column("citation_chapter"),
            column("citation_section"),
            column("citation_page_first", "integer"),
            column("citation_page_last", "integer"),
            column("citation_line", "integer", description="Line of data/report/report.txt where the quote begins"),
            column("citation_quote", required=True),
            column("note_zh"),
            column("note_en"),
            column("updated_at", "datetime"),
            column("geography_zh", required=True),
            column("geography_en"),
            column("printed_again_at", description="Other lines of data/report/report.txt printing the same figure, joined with ;"),
            column("citation_url", description="The quote's lines in the report reader on the site"),
        ],
        ["indicator", "year", "geography", "reading"],
        [(["indicator"], "indicators", ["code"])],
        serializer=ObservationSerializer,
    ),
    SerializedResource(
        "targets",
        "The 2014–2016 action plan's targets (附表 1.1): the report's tick and the figures' verdict "
        "(the rows of /api/v1/targets/)",
        _targets,
        [
            column("plan", required=True),
            column("number", "integer", required=True),
            column("area_zh"),
            column("area_en"),
            column("text_zh", required=True),
            column("text_en"),
            column("deadline_year", "integer", required=True),
            column("measures", "array", description="Its measures with their values and status, as JSON"),
            column("status", required=True, enum=Status.values, description="Worked out from the observations"),
            column("report_achieved", "boolean", required=True),
            column("report_status", required=True, enum=[Status.MET, Status.NOT_MET], description="The report's tick"),
            column("disagrees", "boolean", description="Our verdict (met or not met) is the opposite of the report's "
                   "tick, or two readings give opposite verdicts"),
            column("report_remark"),
            column("citation_line", "integer"),
            column("citation_quote", required=True),
            column("figures_differ", "boolean",
                   description="The report prints two different figures for one of the measures (reading 2)"),
            column("citation_url", description="The target's row in the report reader on the site"),
        ],
        ["plan", "number"],
        serializer=TargetSerializer,
    ),
    Resource(
        "target-measures",
        "The numbers each target is judged by",
        _measures,
        [
            Field("plan", "string", lambda row: row.target.plan.slug, required=True),
            Field("target", "integer", lambda row: row.target.number, required=True),
            typed("integer", "position", required=True),
            Field("indicator", "string", lambda row: row.indicator.public_code),
            text("comparator", required=True, enum=TargetMeasure.Comparator.values),
            typed("number", "value", required=True),
            text("printed"),
            text("printed_unit"),
        ],
        ["plan", "target", "position"],
        [(["plan", "target"], "targets", ["plan", "number"]), (["indicator"], "indicators", ["code"])],
    ),
    Resource(
        "workstreams",
        "附表 1.2: key projects and tasks completed per area",
        lambda: Workstream.objects.filter(public_through("plan"))
        .select_related("plan")
        .order_by("plan__start_year", "position", "pk"),
        [
            Field("plan", "string", lambda row: row.plan.slug, required=True),
            typed("integer", "position", required=True),
            text("name_zh", required=True),
            text("name_en"),
            typed("integer", "projects", required=True),
            typed("number", "projects_completed_percent"),
            typed("number", "projects_open_percent"),
            typed("integer", "tasks", required=True),
            typed("number", "tasks_completed_percent"),
            typed("number", "tasks_open_percent"),
            text("quote", required=True),
            typed("integer", "line"),
        ],
        ["plan", "position"],
    ),
]
BY_NAME = {resource.name: resource for resource in RESOURCES}


def licenses():
    """{"licenses": [...]} when the operator has declared one (DATA_LICENSE), else nothing.

    The registries and figures are the report's; which terms they may be reused under is its
    publisher's decision, not the portal's, so no licence is assumed.
    """
    if not settings.DATA_LICENSE:
        return {}
    licence = {"name": settings.DATA_LICENSE}
    if settings.DATA_LICENSE_URL:
        licence["path"] = settings.DATA_LICENSE_URL
    return {"licenses": [licence]}


def descriptor():
    """datapackage.json as a dict; resource paths are relative (districts.csv)."""
    return {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": "Shanghai smart city: registries and figures of the 2017 report",
        "description": (
            "The published data of the Smart City Portal: the smart new landmarks' registries, "
            "their districts and batches, and the report's indicators, values and action-plan targets. "
            "Every value cites the line of the report it is read from."
        ),
        **licenses(),
        "sources": SOURCES,
        "resources": [resource.descriptor() for resource in RESOURCES],
    }


def descriptor_json():
    return json.dumps(descriptor(), ensure_ascii=False, indent=2) + "\n"


def files(request=None):
    """{file name: text} for the descriptor and every resource (request: the API's links absolute)."""
    return {"datapackage.json": descriptor_json(), **{resource.path: resource.csv(request) for resource in RESOURCES}}


def write(directory):
    """Write datapackage.json and the CSVs into directory (made if missing); returns the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, content in files().items():
        path = directory / name
        path.write_text(content, encoding="utf-8")
        paths.append(path)
    return paths


def zip_bytes(request=None):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files(request).items():
            archive.writestr(name, content.encode("utf-8"))
    return out.getvalue()


# --- Built once per data version -------------------------------------------------------------

logger = logging.getLogger("portal.datapackage")


@dataclass(frozen=True)
class PackageZip:
    """The zip of one data version: a file in DATAPACKAGE_DIR, or its bytes when none could be kept."""

    version: str  # names the data version and the site's address: the file's stem and the ETag
    path: Path = None
    content: bytes = None

    def open(self):
        return self.path.open("rb") if self.content is None else io.BytesIO(self.content)

    def read(self, name):
        """One file of the zip (datapackage.json or a resource's CSV), as bytes."""
        with zipfile.ZipFile(self.open()) as archive:
            return archive.read(name)


def stored_zip(request):
    """The zip for the data as it is now, built at most once per data version, as a file.

    Building takes from a third of a second to seconds with the data, so the site keeps the zip
    in DATAPACKAGE_DIR under a name made of the data version (publishing.caching: it moves with
    every publication, withdrawal and passed scheduled moment) and the site's address (the API
    links in the CSVs are absolute). Every app process on the machine serves the same file; a
    process that finds none builds it, writes it beside, and renames it into place, so no request
    ever reads half a file. Older versions' zips are removed then.

    A folder that cannot be made or written (a full disk, its permissions, a file in its place)
    costs speed, not the download: the zip is served from memory, and each download tries the
    folder again and warns, naming it and the error, until the operator mends it. The process
    keeps the newest zip it could not write, so a CSV does not rebuild the whole package (seconds
    of work) each time.
    """
    base_url = request.build_absolute_uri("/")
    version = hashlib.sha256(f"{caching.data_version()}|{base_url}".encode()).hexdigest()[:32]
    directory = Path(settings.DATAPACKAGE_DIR)
    path = directory / f"{version}.zip"
    if os.path.isfile(path):  # False, not an error, for a folder that cannot be searched
        return PackageZip(version, path=path)
    unkept_key = (str(directory), version)
    content = _UNKEPT.get(unkept_key) or zip_bytes(request)
    _UNKEPT.clear()
    try:
        _keep(content, directory=directory, path=path)
    except OSError as error:
        logger.warning("cannot keep the data package's zip in %s (%s): serving it from memory", directory, error)
        _UNKEPT[unkept_key] = content
        return PackageZip(version, content=content)
    return PackageZip(version, path=path)


# {(folder, version): bytes}: the newest zip this process built and could not keep in its folder.
_UNKEPT = {}


def _keep(content, *, directory, path):
    """Write content to path all at once (beside it, then renamed), and remove older versions' zips."""
    directory.mkdir(parents=True, exist_ok=True)
    part = tempfile.NamedTemporaryFile(dir=directory, suffix=".part", delete=False)
    try:
        with part:
            part.write(content)
        os.replace(part.name, path)
    except OSError:
        Path(part.name).unlink(missing_ok=True)  # a full disk must not keep half a zip as well
        raise
    for old in directory.glob("*.zip"):
        if old != path:
            old.unlink(missing_ok=True)


def stored_file(request, name):
    """One file of the stored zip (datapackage.json or a resource's CSV), as bytes."""
    return stored_zip(request).read(name)
