"""Import observations from an editor's spreadsheet (CSV or XLSX): preview, then all or nothing.

STYLE.md §2.8: every row is validated first and every error collected with its row number (row 1
is the header). If any row is bad nothing is written; otherwise all rows are written in one
transaction. Rows are matched on the natural key (indicator, year, place, reading), so importing
the same file twice changes nothing the second time, and a corrected value updates its row.

A preview (dry run) is the same work without the write: it lists what would be created and
what would change, field by field.
"""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from indicators.forms import ObservationRowForm
from indicators.models import Indicator, Observation
from landmarks.models import District

# The spreadsheet's columns are the row form's fields, in its order.
COLUMNS = list(ObservationRowForm.base_fields)
REQUIRED_COLUMNS = ["indicator", "year", "value", "unit", "quote"]
MAX_ROWS = 10_000
# Fields compared to tell an unchanged row from a change (the key fields are the match itself).
COMPARED = ["value", "qualifier", "kind", "derivation", "base_year", "printed", "printed_unit", "quote", "line",
            "note_zh", "note_en"]


class ImportRejected(Exception):
    """The file cannot be imported; nothing was written. errors: RowError list."""

    def __init__(self, errors):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


@dataclass
class RowError:
    row: int
    field: str
    messages: list

    def __str__(self):
        return _("row %(row)s, %(field)s: %(messages)s") % {
            "row": self.row,
            "field": self.field,
            "messages": " ".join(self.messages),
        }


@dataclass
class RowChange:
    row: int
    action: str  # "create", "update" or "unchanged"
    label: str
    changes: list = field(default_factory=list)  # (field, old, new)
    form: object = None
    existing: object = None


@dataclass
class ImportPlan:
    rows: list

    def count(self, action):
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self):
        return self.count("create")

    @property
    def updated(self):
        return self.count("update")

    @property
    def unchanged(self):
        return self.count("unchanged")


def read_rows(upload_name, content):
    """[(row number, {column: text})] from CSV (UTF-8, BOM allowed) or XLSX bytes."""
    if upload_name.lower().endswith(".xlsx"):
        return _read_xlsx(content)
    if not upload_name.lower().endswith(".csv"):
        raise ImportRejected([RowError(0, _("file"), [_("Upload a .csv or .xlsx file.")])])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRejected([RowError(0, _("file"), [_("The CSV file is not UTF-8 text.")])]) from None
    table = []
    try:
        for cells in csv.reader(io.StringIO(text)):
            table.append(cells)
    except csv.Error:
        # The csv module refuses a cell over its limit (128 KiB), which is also what a quote
        # mark left open makes of the rest of the file. The row is the record it was reading.
        raise ImportRejected([RowError(len(table) + 1, _("file"), [
            _("This row cannot be read: a cell is longer than %(limit)s characters, or a quote mark is not closed.")
            % {"limit": csv.field_size_limit()}
        ])]) from None
    return _as_dicts(table)


def _read_xlsx(content):
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError):
        raise ImportRejected([RowError(0, _("file"), [_("This is not a readable .xlsx workbook.")])]) from None
    sheet = workbook.worksheets[0]
    table = [[_cell_text(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return _as_dicts(table)


def _cell_text(cell):
    """A spreadsheet cell as the text a CSV would hold: 941.0 typed as a number reads 941."""
    if cell is None:
        return ""
    if isinstance(cell, float):
        return format(Decimal(repr(cell)).normalize(), "f")
    return str(cell).strip()


def _as_dicts(table):
    if not table or not any(table[0]):
        raise ImportRejected([RowError(1, _("header"), [_("The file is empty: the first row must name the columns.")])])
    header = [name.strip().lower() for name in table[0]]
    unknown = [name for name in header if name and name not in COLUMNS]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    problems = []
    if unknown:
        problems.append(_("Unknown columns: %(names)s.") % {"names": ", ".join(unknown)})
    if missing:
        problems.append(_("Missing columns: %(names)s.") % {"names": ", ".join(missing)})
    if problems:
        problems.append(_("The columns are: %(names)s.") % {"names": ", ".join(COLUMNS)})
        raise ImportRejected([RowError(1, _("header"), problems)])
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(str(cell).strip() for cell in cells):
            continue  # blank lines at the end of a sheet
        rows.append((number, {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header) if name}))
    if len(rows) > MAX_ROWS:
        raise ImportRejected([RowError(0, _("file"), [_("At most %(max)s rows at a time.") % {"max": MAX_ROWS}])])
    return rows


def plan_import(rows):
    """Validate every row and work out what it would do; raise ImportRejected listing every error."""
    codes = {str(data.get("indicator") or "").strip() for _number, data in rows}
    indicators = {indicator.code: indicator for indicator in Indicator.objects.filter(code__in=codes)}
    districts = {district.slug: district for district in District.objects.with_current()}
    # The file's indicators' rows only, read once: the table may hold far more.
    existing = {
        (o.indicator_id, o.year, o.district_id, o.reading): o
        for o in Observation.objects.filter(indicator__in=[indicator.pk for indicator in indicators.values()])
    }
    errors, planned, seen = [], [], {}
    for number, data in rows:
        form = ObservationRowForm(data, indicators=indicators, districts=districts)
        if not form.is_valid():
            errors += [RowError(number, name, list(messages)) for name, messages in form.errors.items()]
            continue
        key = form.key()
        if key in seen:
            errors.append(RowError(number, "reading", [
                _("Row %(other)s already gives this indicator, year, place and reading; "
                  "a different figure from elsewhere in the report is another reading.") % {"other": seen[key]}
            ]))
            continue
        seen[key] = number
        planned.append(_planned_change(number, form, existing.get(key)))
    if errors:
        raise ImportRejected(errors)
    return ImportPlan(planned)


def _planned_change(number, form, existing):
    values = form.observation_values()
    data = form.cleaned_data
    label = f"{data['indicator'].code} {data['year']} {data['geography'].slug if data['geography'] else 'shanghai'}"
    if data["reading"] != 1:
        label += f" ({_('reading')} {data['reading']})"
    if existing is None:
        return RowChange(number, "create", label, form=form)
    changes = [
        (name, _shown(getattr(existing, name)), _shown(values[name]))
        for name in COMPARED
        if name in values and _shown(getattr(existing, name)) != _shown(values[name])
    ]
    return RowChange(number, "update" if changes else "unchanged", label, changes, form=form, existing=existing)


def _shown(value):
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return "" if value is None else str(value)


def apply_import(plan):
    """Write a validated plan in one transaction: every row or, on any database error, none."""
    with transaction.atomic():
        for change in plan.rows:
            if change.action == "unchanged":
                continue
            values = change.form.observation_values()
            if change.action == "create":
                data = change.form.cleaned_data
                Observation.objects.create(
                    indicator=data["indicator"], year=data["year"], district=data["geography"],
                    reading=data["reading"], **values,
                )
            else:
                observation = change.existing
                for name, value in values.items():
                    setattr(observation, name, value)
                observation.save()
    return plan


def import_file(upload_name, content, *, dry_run):
    """Read, validate and (unless dry_run) write a spreadsheet; raises ImportRejected on errors."""
    plan = plan_import(read_rows(upload_name, content))
    if not dry_run:
        apply_import(plan)
    return plan
