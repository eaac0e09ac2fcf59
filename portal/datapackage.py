"""The whole published data set as a Frictionless Data Package (v1): datapackage.json and a CSV each.

Served at /data/ and written by `manage.py export_datapackage <dir>`. Every resource starts
from .published() like every other public surface, so a draft never reaches a download; a
reference to a row that is not published (a draft indicator's component) is left empty rather
than pointing at a row the package lacks, so the foreign keys hold.
"""

import csv
import datetime
import io
import json
import zipfile
from dataclasses import dataclass, field

from django.conf import settings

from indicators.models import (
    ActionPlan,
    Domain,
    Indicator,
    Observation,
    Qualifier,
    Target,
    TargetMeasure,
    Workstream,
    format_decimal,
)
from indicators.status import Status
from landmarks.dates import Precision
from landmarks.models import REPORT_TITLE, Batch, District, Kind, Landmark, registry_order
from publishing.csvfile import csv_cell

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
            return csv_cell(value)  # a would-be formula made text, as in the API's CSV
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

    def csv(self):
        """The resource's CSV: UTF-8 without a BOM (validators read a BOM into the first name)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([f.name for f in self.fields])
        for row in self.rows():
            writer.writerow([f.cell(row) for f in self.fields])
        return out.getvalue()


def typed(kind, name, attribute=None, **options):
    return Field(name, kind, lambda row: getattr(row, attribute or name), **options)


def text(name, attribute=None, **options):
    return typed("string", name, attribute, **options)


def _landmarks():
    return Landmark.objects.published().for_listing().in_registry_order()


def _targets():
    return Target.objects.published().with_measures().in_public_order()


def _target_rows():
    # Each target once with its verdict: the status is computed from the figures, not stored.
    for target in _targets():
        target.computed = target.assessment()
        yield target


def _measures():
    return (
        TargetMeasure.objects.filter(target__in=Target.objects.published())
        .select_related("target__plan", "indicator")
        .order_by("target__plan__start_year", "target__number", "position", "pk")
    )


def _indicators():
    return Indicator.objects.published().select_related("domain", "parent").order_by("position", "code", "pk")


def _observations():
    return Observation.objects.published().for_listing().in_public_order()


RESOURCES = [
    Resource(
        "districts",
        "Districts of Shanghai, and former ones the report prints",
        lambda: District.objects.select_related("merged_into").order_by("code", "pk"),
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
    Resource(
        "landmarks",
        "Smart new landmarks: the five registries' published entries",
        _landmarks,
        [
            text("kind", required=True, enum=Kind.values),
            text("slug", required=True),
            typed("integer", "sequence", required=True, description="序号 in the report's table"),
            text("name_zh", required=True),
            text("name_en"),
            Field("districts", "string", lambda row: ";".join(d.slug for d in row.districts.all()),
                  description="Today's districts: slugs of districts.csv, joined with ;"),
            text("districts_as_printed"),
            typed("boolean", "is_city_level"),
            Field("batch", "string", lambda row: row.batch.slug if row.batch_id else None),
            typed("date", "designated", "designated_on"),
            text("designated_precision", enum=Precision.values),
            typed("boolean", "is_demonstration"),
            text("summary"),
            text("source_table"),
            typed("integer", "source_row"),
            typed("integer", "source_line", description="Line of data/report/report.txt"),
            typed("datetime", "updated_at"),
        ],
        ["kind", "slug"],
        [(["batch"], "batches", ["slug"])],
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
    Resource(
        "observations",
        "The indicators' values, each with the phrase of the report it is read from",
        _observations,
        [
            Field("indicator", "string", lambda row: row.indicator.code, required=True),
            typed("integer", "year", required=True),
            Field("geography", "string", lambda row: row.geography_code, required=True,
                  description="shanghai for the whole city, or a district's slug"),
            Field("district", "string", lambda row: row.district.slug if row.district_id else None,
                  description="The district (empty for the whole city)"),
            typed("integer", "reading", required=True,
                  description="1; 2 and on for other figures the report gives for the same year and place"),
            typed("number", "value", required=True, description="In the indicator's unit"),
            text("qualifier", enum=Qualifier.values),
            text("kind", required=True, enum=Observation.Kind.values),
            text("derivation", enum=Observation.Derivation.values),
            typed("integer", "base_year"),
            text("printed", required=True, description="The number exactly as the quote prints it"),
            text("printed_unit"),
            text("chapter"),
            text("section"),
            typed("integer", "page_first"),
            typed("integer", "page_last"),
            typed("integer", "line", description="Line of data/report/report.txt where the quote begins"),
            text("quote", required=True),
            text("note_zh"),
            text("note_en"),
            typed("datetime", "updated_at"),
        ],
        ["indicator", "year", "geography", "reading"],
        [(["indicator"], "indicators", ["code"]), (["district"], "districts", ["slug"])],
    ),
    Resource(
        "targets",
        "The 2014–2016 action plan's targets (附表 1.1): the report's tick and the figures' verdict",
        _target_rows,
        [
            Field("plan", "string", lambda row: row.plan.slug, required=True),
            typed("integer", "number", required=True),
            text("area_zh"),
            text("area_en"),
            text("text_zh", required=True),
            text("text_en"),
            typed("integer", "deadline_year", required=True),
            typed("boolean", "report_achieved", required=True),
            text("report_remark"),
            Field("status", "string", lambda row: row.computed.status, required=True, enum=Status.values,
                  description="Worked out from the observations"),
            Field("disagrees", "boolean", lambda row: row.computed.disagrees,
                  description="Our verdict (met or not met) is the opposite of the report's tick, or two readings "
                  "give opposite verdicts"),
            Field("figures_differ", "boolean", lambda row: row.computed.figures_differ,
                  description="The report prints two different figures for one of the measures (reading 2)"),
            typed("integer", "line"),
            text("quote", required=True),
        ],
        ["plan", "number"],
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
        lambda: Workstream.objects.filter(plan__in=ActionPlan.objects.published())
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


def files():
    """{file name: text} for the descriptor and every resource."""
    return {"datapackage.json": descriptor_json(), **{resource.path: resource.csv() for resource in RESOURCES}}


def write(directory):
    """Write datapackage.json and the CSVs into directory (made if missing); returns the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, content in files().items():
        path = directory / name
        path.write_text(content, encoding="utf-8")
        paths.append(path)
    return paths


def zip_bytes():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files().items():
            archive.writestr(name, content.encode("utf-8"))
    return out.getvalue()
