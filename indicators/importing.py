"""Import observations from an editor's spreadsheet (CSV or XLSX): preview, then all or nothing.

STYLE.md §2.8: every row is validated first and every error collected with its row number (row 1
is the header). If any row is bad nothing is written; otherwise all rows are written in one
transaction. Rows are matched on the natural key (indicator, year, place, reading), so importing
the same file twice changes nothing the second time, and a corrected value updates its row.

A preview (dry run) is the same work without the write: it lists what would be created and
what would change, field by field. Reading the file and the errors and changes it reports are
every import's (publishing.spreadsheets); the rows' meaning is the figures'.

A live indicator's figures are changed in its draft version, as every import and loader writes
(publishing.workflow.ImportedChanges); rows are compared with the figures as editors see them
(the draft version's, if there is one).
"""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.forms import ObservationRowForm
from indicators.models import Indicator, Observation
from landmarks.models import District
from publishing import spreadsheets, workflow
from publishing.spreadsheets import ImportPlan, ImportRejected, RowChange, RowError, shown

# The spreadsheet's columns are the row form's fields, in its order.
COLUMNS = list(ObservationRowForm.base_fields)
REQUIRED_COLUMNS = ["indicator", "year", "value", "unit", "quote"]
COMMAND_ACTOR = "import_observations"
# What --user (and the admin's import) must be allowed: the figures are changed through their
# indicator, or its draft version.
IMPORT_PERMISSIONS = ("indicators.add_observation", "indicators.change_observation", "indicators.change_indicator")
IMPORT_REFUSAL = gettext_lazy("%(name)s may not add and change figures.")
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
    existing = _observations_as_edited(indicators.values())
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


def _observations_as_edited(indicators):
    """{(indicator, year, place, reading): observation} of the indicators' figures as editors see
    them: a live indicator's pending version owns copies of its figures, and an import compares
    with those (so a second run changes nothing) and writes there. Keyed on the record's id."""
    records = [indicator.pk for indicator in indicators]
    owners = Indicator.objects.as_edited().filter(Q(pk__in=records) | Q(draft_of__in=records))
    record_of = {owner.pk: owner.record_id for owner in owners}
    # The file's indicators' rows only, read once: the table may hold far more.
    return {
        (record_of[o.indicator_id], o.year, o.district_id, o.reading): o
        for o in Observation.objects.filter(indicator__in=list(record_of))
    }


def apply_import(plan, *, actor):
    """Write a validated plan in one transaction: every row or, on any database error, none.

    actor: the User who makes the change, or the command's name. The figures of a live indicator
    change in its draft version, reviewed like any edit (publishing.workflow.ImportedChanges);
    each changed indicator gets one revision entry and one audit entry.
    """
    changes = workflow.ImportedChanges(actor, comment=_("observations import"))
    with transaction.atomic():
        for change in plan.rows:
            if change.action == "unchanged":
                continue
            data = change.form.cleaned_data
            owner = _indicator_to_write(change, changes)
            observation = change.existing
            if observation is None:
                observation = Observation(
                    indicator=owner, year=data["year"], district=data["geography"], reading=data["reading"]
                )
            elif observation.indicator_id != owner.pk:  # its copy in the version made just now
                observation = owner.observations.get(
                    year=observation.year, district_id=observation.district_id, reading=observation.reading
                )
            for name, value in change.form.observation_values().items():
                setattr(observation, name, value)
            observation.save()
            changes.changed(owner, ["observations"])
        changes.save()
    return plan


def _indicator_to_write(change, changes):
    """The indicator whose figures a row changes: the indicator while it is not live, else its
    draft version. A version waiting for review refuses the import: it is sent back first."""
    try:
        return changes.row_to_write(change.form.cleaned_data["indicator"])
    except workflow.Refused as refusal:
        raise ImportRejected([RowError(change.row, "indicator", [str(refusal)])]) from None


def import_file(upload_name, content, *, dry_run, actor=COMMAND_ACTOR):
    """Read, validate and (unless dry_run) write a spreadsheet; raises ImportRejected on errors."""
    plan = plan_import(read_rows(upload_name, content))
    if not dry_run:
        apply_import(plan, actor=actor)
    return plan
