"""Import observations from an editor's spreadsheet (CSV or XLSX): preview, then all or nothing.

STYLE.md §2.8: every row is validated first and every error collected with its row number (row 1
is the header). If any row is bad nothing is written; otherwise all rows are written in one
transaction. Rows are matched on the natural key (indicator, year, place, reading), so importing
the same file twice changes nothing the second time, and a corrected value updates its row.

A preview (dry run) is the same work without the write: it lists what would be created and
what would change, field by field. Reading the file and the errors and changes it reports are
every import's (publishing.spreadsheets); the rows' meaning is the figures'.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from indicators.forms import ObservationRowForm
from indicators.models import Indicator, Observation
from landmarks.models import District
from publishing import spreadsheets
from publishing.spreadsheets import ImportPlan, ImportRejected, RowChange, RowError, shown

# The spreadsheet's columns are the row form's fields, in its order.
COLUMNS = list(ObservationRowForm.base_fields)
REQUIRED_COLUMNS = ["indicator", "year", "value", "unit", "quote"]
# Fields compared to tell an unchanged row from a change (the key fields are the match itself).
COMPARED = ["value", "qualifier", "kind", "derivation", "base_year", "printed", "printed_unit", "quote", "line",
            "note_zh", "note_en"]


def read_rows(upload_name, content):
    """[(row number, {column: text})] from CSV (UTF-8, BOM allowed) or XLSX bytes."""
    return spreadsheets.read_rows(upload_name, content, columns=COLUMNS, required=REQUIRED_COLUMNS)


def plan_import(rows):
    """Validate every row and work out what it would do; raise ImportRejected listing every error."""
    codes = {str(data.get("indicator") or "").strip() for _number, data in rows}
    indicators = {indicator.code: indicator for indicator in Indicator.objects.records().filter(code__in=codes)}
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
        (name, shown(getattr(existing, name)), shown(values[name]))
        for name in COMPARED
        if name in values and shown(getattr(existing, name)) != shown(values[name])
    ]
    return RowChange(number, "update" if changes else "unchanged", label, changes, form=form, existing=existing)


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
