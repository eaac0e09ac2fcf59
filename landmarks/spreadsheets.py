"""The registries as editors' spreadsheets: export every entry, edit it anywhere, import it back.

The round-trip file is the editors' format, not the public download (landmarks.exports): every
field an editor may change, in both languages, one row per entry in every state, keyed by
registry and number (kind, sequence: unique per registry). Names in the file are the names
editors know: a batch by its slug (park-2), districts by their Chinese names (a former one, such
as 闸北区, counts as today's), the same place in other registries as registry/slug. List cells
are joined with ";" as every CSV of the portal joins lists (publishing.csvfile); on the way back
a comma or the 、 and ， of a Chinese keyboard separate them too. state and
districts_as_printed are there to read: the import refuses a change to them.

The import follows STYLE.md §2.8: every row goes through LandmarkRowForm (the admin form's rules
and the model's clean and constraints) and every error is collected with its row number; if any
row is bad nothing is written, otherwise every row is written in one transaction. A column left
out keeps its values, a blank cell clears its field, and an unchanged row is not written at all,
so re-importing an export changes nothing.

Every write goes through _version_to_edit() (an existing entry) or _new_entry() (a row with a
number the registry does not have yet): the one place that decides which row a change is written
to, so that a change to a published entry can become a draft version of it.
"""

import copy
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from landmarks.forms import LandmarkRowForm
from landmarks.models import Batch, District, Landmark, LandmarkDistrict, registry_position
from publishing import spreadsheets, workflow
from publishing.csvfile import csv_text
from publishing.spreadsheets import ImportPlan, ImportRejected, RowChange, RowError, shown

# The machine names of the columns, in the file's order; the key first.
COLUMNS = [
    "kind",
    "sequence",
    "name_zh",
    "name_en",
    "slug",
    "districts",
    "districts_as_printed",
    "is_city_level",
    "batch",
    "designated",
    "is_demonstration",
    "summary",
    "body",
    "same_place",
    "state",
]
REQUIRED_COLUMNS = ["kind", "sequence", "name_zh"]
READ_ONLY_COLUMNS = ["districts_as_printed", "state"]
EDITABLE_COLUMNS = [column for column in COLUMNS if column not in READ_ONLY_COLUMNS]
# The form's name where it is not the column's.
FORM_FIELDS = {"designated": "designated_on"}
COLUMN_DESCRIPTIONS = {
    "kind": _("The registry: community, village, park, business_district or new_town."),
    "sequence": _("The entry's number in its registry (序号). With kind, it says which entry a row is; a new number adds an entry."),
    "name_zh": _("Name in Chinese, exactly as the report prints it."),
    "name_en": _("Name in English; left empty, it is made from the Chinese name."),
    "slug": _("Lowercase ASCII, unique within the registry; left empty, it is made from the English name."),
    "districts": _("Chinese names of the districts, separated by ; (a former district counts as today's)."),
    "districts_as_printed": _("Read only: the report's 所在区 cell."),
    "is_city_level": _("1 or 0: the report prints （市级）."),
    "batch": _("The batch as registry-number, e.g. park-2; empty for none."),
    "designated": _("Date of designation: YYYY-MM-DD, YYYY-MM or YYYY; left empty, an entry of a batch takes its date."),
    "is_demonstration": _("1 or 0: marked * in the report (示范社区)."),
    "summary": _("Summary."),
    "body": _("What the report tells about this place."),
    "same_place": _("The same place in other registries, as registry/slug, separated by ;."),
    "state": _("Read only: draft, published or withdrawn; publishers change it in the admin."),
}
# What the import writes on the entry itself: the row form's fields (the precision comes with the
# date); districts and the same place are written as links.
WRITTEN_FIELDS = [name for name in LandmarkRowForm._meta.fields if name != "same_place"] + ["designated_precision"]
COMMAND_ACTOR = "import_landmarks"
IMPORT_PERMISSIONS = ("landmarks.add_landmark", "landmarks.change_landmark")
IMPORT_REFUSAL = _("%(name)s may not add and change entries.")


# Export


def for_export(landmarks):
    """The entries with what their rows read, in the registries' order."""
    return (
        landmarks.select_related("batch", "draft_of").prefetch_related("districts", "same_place").in_registry_order()
    )


def export_row(landmark, *, districts, same_place):
    """{column: value} of one entry. districts and same_place: its links (or those planned)."""
    return {
        "kind": landmark.kind,
        "sequence": landmark.sequence,
        "name_zh": landmark.name_zh,
        "name_en": landmark.name_en,
        "slug": landmark.slug,
        "districts": [district.name_zh for district in sorted(districts, key=lambda district: district.code)],
        "districts_as_printed": landmark.districts_as_printed,
        "is_city_level": landmark.is_city_level,
        "batch": landmark.batch.slug if landmark.batch_id else "",
        "designated": landmark.designated_iso(),
        "is_demonstration": landmark.is_demonstration,
        "summary": landmark.summary,
        "body": landmark.body,
        "same_place": [_reference(entry) for entry in sorted(same_place, key=_registry_key)],
        # The entry's state, also on the row of its draft version: what the public sees of it.
        "state": landmark.draft_of.state if landmark.draft_of_id else landmark.state,
    }


def _reference(landmark):
    return f"{landmark.kind}/{landmark.slug}"


def _registry_key(landmark):
    return registry_position(landmark.kind), landmark.sequence


def export_rows(landmarks):
    for landmark in for_export(landmarks):
        row = export_row(landmark, districts=landmark.districts.all(), same_place=same_place_records(landmark))
        yield [row[column] for column in COLUMNS]


def same_place_records(landmark):
    """The entry's same-place links to other records (not to their draft versions)."""
    return [other for other in landmark.same_place.all() if other.draft_of_id is None]


def export_file(landmarks, *, extension):
    """The entries as a spreadsheet's bytes: "xlsx" (a second sheet describes the columns) or
    "csv" (UTF-8 with a byte-order mark, so that spreadsheet programs read the Chinese)."""
    if extension == "xlsx":
        return spreadsheets.workbook_bytes(COLUMNS, export_rows(landmarks), descriptions=COLUMN_DESCRIPTIONS)
    if extension == "csv":
        return csv_text(COLUMNS, export_rows(landmarks)).encode("utf-8")
    raise ValueError(f"cannot export as {extension!r}: xlsx or csv")


def export_extension(path):
    """"xlsx" or "csv" from a file name; ValueError for any other."""
    extension = Path(path).suffix.lower().lstrip(".")
    if extension not in ("xlsx", "csv"):
        raise ValueError(gettext("The file name must end in .xlsx or .csv."))
    return extension


# Import


def read_rows(upload_name, content):
    return spreadsheets.read_rows(upload_name, content, columns=COLUMNS, required=REQUIRED_COLUMNS)


def plan_import(rows):
    """Validate every row and work out what it would do; raise ImportRejected listing every error."""
    entries = {(entry.kind, entry.sequence): entry for entry in for_export(Landmark.objects.as_edited())}
    lookups = {
        "batches": {batch.slug: batch for batch in Batch.objects.all()},
        "districts": {district.name_zh: district for district in District.objects.with_current()},
        # Links join records, never a draft version (which is copied onto its record when approved).
        "entries": {_reference(entry.record): entry.record for entry in entries.values()},
    }
    errors, planned, seen = [], [], {}
    for number, cells in rows:
        existing = entries.get(_key(cells))
        form, row_errors = _validated_row(number, cells, existing, lookups)
        row_errors += _duplicates_in_file(number, form, seen)
        if row_errors:
            errors += row_errors
            continue
        planned.append(_planned_change(number, form, existing))
    errors += _one_sided_links(planned)
    if errors:
        raise ImportRejected(sorted(errors, key=_in_file_order))
    return ImportPlan(planned)


def _in_file_order(error):
    return error.row, COLUMNS.index(error.field) if error.field in COLUMNS else len(COLUMNS)


def _key(cells):
    """(kind, sequence) as the row gives them, or None if the sequence is not a whole number."""
    try:
        return cells.get("kind", ""), LandmarkRowForm.base_fields["sequence"].to_python(cells.get("sequence"))
    except ValidationError:
        return None  # the form names the problem on the row


def _validated_row(number, cells, existing, lookups):
    """(the bound form, [RowError]): the row through the admin's rules and the model's."""
    current = _current_cells(existing)
    data = {FORM_FIELDS.get(column, column): value for column, value in {**current, **cells}.items()}
    # A copy: the form writes its values onto its instance, and the entry as read is the "old".
    instance = copy.copy(existing) if existing else Landmark()
    form = LandmarkRowForm(data, instance=instance, **lookups)
    errors = [
        RowError(number, _column_of(name, message), [message])
        for name, messages in form.errors.items()
        for message in messages
    ]
    # A new entry is a draft without a printed district, whatever the row copied from another says.
    for column in READ_ONLY_COLUMNS if existing else []:
        if column in cells and cells[column] != current[column]:
            errors.append(RowError(number, column, [gettext("This column is read only: leave it as exported.")]))
    return form, errors


def _current_cells(existing):
    if existing is None:
        return {}
    row = export_row(existing, districts=existing.districts.all(), same_place=same_place_records(existing))
    return {column: shown(value) for column, value in row.items()}


def _column_of(form_field, message):
    """The column an error is about. The model's unique constraints report on the whole row
    (they span registry and field): their own messages say which field, so the column follows."""
    if form_field == "__all__":
        for constraint in Landmark._meta.constraints:
            if isinstance(constraint, models.UniqueConstraint) and message == str(constraint.violation_error_message):
                return constraint.fields[-1]
        return gettext("row")
    return {field: column for column, field in FORM_FIELDS.items()}.get(form_field, form_field)


def _duplicates_in_file(number, form, seen):
    """Two rows of one file may not be the same entry, nor give two entries one name or slug:
    the database would refuse the second only once the first is written."""
    if form.errors:
        return []
    data, instance = form.cleaned_data, form.instance
    errors = []
    for column, value in (("sequence", data["sequence"]), ("name_zh", data["name_zh"]), ("slug", instance.slug)):
        other = seen.setdefault((column, data["kind"], value), number)
        if other != number:
            errors.append(RowError(number, column, [
                gettext("Row %(other)s of this file gives the same %(column)s in this registry.")
                % {"other": other, "column": column}
            ]))
    return errors


def _one_sided_links(planned):
    """Errors for "the same place" given on one row and not on the other's: the link is one fact
    about two entries, and the file must not say both."""
    rows = {change.existing.record_id: change for change in planned if change.existing}
    errors = []
    for record_id, change in rows.items():
        mine = {entry.pk for entry in change.form.cleaned_data["same_place"]}
        for pk in mine:
            other = rows.get(pk)
            if other and record_id not in {entry.pk for entry in other.form.cleaned_data["same_place"]}:
                errors.append(RowError(change.row, "same_place", [
                    gettext("Row %(other)s does not give this entry as the same place: give the link on both rows, or on neither.")
                    % {"other": other.row}
                ]))
    return errors


def _planned_change(number, form, existing):
    new = export_row(form.instance, districts=form.cleaned_data["districts"], same_place=form.cleaned_data["same_place"])
    label = f"{form.instance.kind} {form.instance.sequence} {form.instance.name_zh}"
    if existing is None:
        return RowChange(number, "create", label, form=form)
    old = _current_cells(existing)
    changes = [(column, old[column], shown(new[column])) for column in EDITABLE_COLUMNS if old[column] != shown(new[column])]
    return RowChange(number, "update" if changes else "unchanged", label, changes, form=form, existing=existing)


def apply_import(plan, *, actor):
    """Write a validated plan in one transaction, every row or none; returns the plan, which
    says what each row did. actor: the User who makes the change, or the command's name.

    One revision and one audit entry per written row, all made by actor: imported changes to
    live entries are draft versions, reviewed like any edit (publishing.workflow.ImportedChanges).
    """
    changes = workflow.ImportedChanges(actor, comment=gettext("spreadsheet import"))
    with transaction.atomic():
        for change in plan.rows:
            if change.action == "create":
                row = _write(_new_entry(actor=actor), change.form)
            elif change.action == "update":
                row = _write(_version_to_edit(change, changes), change.form)
            else:
                continue
            changes.changed(row, [field for field, _old, _new in change.changes])
        changes.save()
    return plan


def _version_to_edit(change, changes):
    """The row an imported change is written to: the entry while it is not live, else its draft
    version. A version waiting for review refuses the import: it is sent back first."""
    try:
        return changes.row_to_write(change.existing.record)
    except workflow.Refused as refusal:
        raise ImportRejected([RowError(change.row, "sequence", [str(refusal)])]) from None


def _new_entry(*, actor):
    """The row a new entry is written to: a draft, whoever imports it."""
    return Landmark(state=Landmark.State.DRAFT)


def _write(entry, form):
    """The row's values and links onto entry (saved)."""
    for name in WRITTEN_FIELDS:
        setattr(entry, name, getattr(form.instance, name))
    entry.save()
    districts = form.cleaned_data["districts"]
    # Links that stay keep what the report printed; a removed district's link goes.
    LandmarkDistrict.objects.filter(landmark=entry).exclude(district__in=districts).delete()
    linked = set(LandmarkDistrict.objects.filter(landmark=entry).values_list("district_id", flat=True))
    LandmarkDistrict.objects.bulk_create(
        [LandmarkDistrict(landmark=entry, district=district) for district in districts if district.pk not in linked]
    )
    entry.same_place.set(form.cleaned_data["same_place"])
    return entry


def import_file(upload_name, content, *, dry_run, actor=COMMAND_ACTOR):
    """Read, validate and (unless dry_run) write a spreadsheet; raises ImportRejected on errors."""
    plan = plan_import(read_rows(upload_name, content))
    if not dry_run:
        apply_import(plan, actor=actor)
    return plan
