"""What every loader of data files shares: counting what it did, and keeping editors' changes.

Each loaded row keeps, in loaded_values, what the loader last wrote; on a re-run a field whose
value still equals that snapshot is the loader's to update, and a field that differs was changed
by an editor and is kept, unless overwrite=True. A re-run over an unchanged database writes
nothing. Loaders check every file before they write anything (LoadError, nothing written).

A loader writes a live entry or indicator as every import does (publishing.workflow
.ImportedChanges): a change becomes its pending version, reviewed before the public sees it,
with a revision and an audit entry made by the command. Only the first load into an empty
database publishes directly: it is the report.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from publishing.models import State
from publishing.workflow import Refused

SHOWN_PROBLEMS = 10
# Who a loader's changes are recorded as made by (the audit log's actor, no user).
LOADER_ACTOR = "load_report"


class LoadError(Exception):
    """The data files are inconsistent; nothing was written."""


def problem_list(problems, *, source):
    """One LoadError message for every problem found: the first few, then how many in all.

    The first problem leads, so that the operator reads a lone mistake as it is.
    """
    shown = "; ".join(problems[:SHOWN_PROBLEMS])
    if len(problems) == 1:
        return f"{shown} (in {source})"
    more = f", {len(problems) - SHOWN_PROBLEMS} more not shown" if len(problems) > SHOWN_PROBLEMS else ""
    return f"{shown} ({len(problems)} problems in {source}{more})"


@dataclass
class Tally:
    label: str
    created: int = 0
    updated: int = 0
    kept: int = 0
    unchanged: int = 0

    @property
    def total(self):
        return self.created + self.updated + self.kept + self.unchanged

    def __str__(self):
        return (
            f"{self.total} {self.label}: {self.created} created, {self.updated} updated, "
            f"{self.kept} kept as edited, {self.unchanged} unchanged"
        )


def sync_loaded(model, lookup, values, *, existing, tally, overwrite, on_create=None, relations=None, changes=None,
                write_to=None):
    """Create a row (lookup + values), or update `existing` keeping fields an editor changed.

    relations maps a name to (get, set, wanted) for what lives in other tables (district links).
    A field the loader did not manage when the row was last loaded (no snapshot yet, e.g. the
    stories on a database loaded before they existed) counts as the loader's while it still
    holds the field's default, and as an editor's once it holds anything else.

    changes: a publishing.workflow.ImportedChanges, for records reviewed through versions
    (entries, indicators). existing is then the record as editors see it (its pending version if
    it has one: PublishableQuerySet.as_edited), a change to a live record is written to its
    pending version, and every row changed is noted in changes. Returns the record, never its
    version: what other rows point at.

    write_to(existing): for a row that lives inside such a record (an indicator's observation),
    the row a change of existing is written to (its copy in the record's pending version).
    """
    relations = relations or {}
    snapshot = {name: as_json(value) for name, value in values.items()}
    snapshot.update({name: wanted for name, (_, _, wanted) in relations.items()})
    if existing is None:
        obj = new_loaded(model, lookup, values, on_create=on_create)
        obj.loaded_values = snapshot  # with the relations' loaded values
        obj.save()
        for _get, set_relation, wanted in relations.values():
            set_relation(obj, wanted)
        if changes is not None and obj.state != State.PUBLISHED:
            changes.changed(obj, [*values, *relations])  # a new record after the first load
        tally.created += 1
        return obj

    loaded = existing.loaded_values
    changed, relations_changed, kept = {}, [], []
    for name, wanted in values.items():
        current = as_json(getattr(existing, name))
        if current == snapshot[name]:
            continue
        previous = loaded[name] if name in loaded else as_json(model._meta.get_field(name).get_default())
        if overwrite or current == previous:
            changed[name] = wanted
        else:
            kept.append(name)
    for name, (get_relation, _set, wanted) in relations.items():
        current = get_relation(existing)
        if current == wanted:
            continue
        if overwrite or current == loaded.get(name):
            relations_changed.append(name)
        else:
            kept.append(name)

    remembered = {**loaded, **snapshot}
    record = existing.record if changes is not None else existing
    if changed or relations_changed:
        if changes is not None:
            row = row_to_write(record, changes)
        elif write_to is not None:
            row = write_to(existing)
        else:
            row = existing
        for name, wanted in changed.items():
            setattr(row, name, wanted)
        row.loaded_values = remembered
        update_fields = [*changed, "loaded_values"]
        if hasattr(row, "updated_at"):
            update_fields.append("updated_at")
        row.save(update_fields=update_fields)
        for name in relations_changed:
            _get, set_relation, wanted = relations[name]
            set_relation(row, wanted)
        if changes is not None:
            changes.changed(row, [*changed, *relations_changed])
        tally.updated += 1
    else:
        if remembered != loaded:
            # Only the record of what was loaded moves: no public field changed.
            existing.loaded_values = remembered
            model.objects.filter(pk=existing.pk).update(loaded_values=remembered)
        if kept:
            tally.kept += 1
        else:
            tally.unchanged += 1
    return record


def row_to_write(record, changes):
    """The row a loader's change of record is written to: its pending version while it is live
    (publishing.workflow.ImportedChanges), else the record itself, as ever. A version waiting for
    review is not changed under its reviewer: LoadError, and nothing is loaded."""
    if not record.is_live:
        return record
    try:
        return changes.row_to_write(record)
    except Refused as refusal:
        raise LoadError(f"{record}: {refusal}") from None


def new_record_state(model):
    """The state a loaded record is created in. The first load into an empty table publishes at
    once: it is the report. A record a later load adds is a draft, reviewed like any edit."""
    return State.DRAFT if model.objects.exists() else State.PUBLISHED


def new_loaded(model, lookup, values, *, on_create=None):
    """An unsaved row as the loader creates it, remembering what it loaded (for bulk_create)."""
    obj = model(**lookup, **values, **(on_create or {}))
    obj.loaded_values = {name: as_json(value) for name, value in values.items()}
    return obj


def as_json(value):
    """A loaded value as the snapshot stores it (JSON), written one way whatever its type."""
    if isinstance(value, Decimal):
        # Stored as 941.000000, loaded as 941: the same number, written one way.
        return format(value.normalize(), "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        # A browser sends a textarea's line breaks as \r\n: a story saved unchanged in the admin
        # is still the loaded story, not an editor's change.
        return value.replace("\r\n", "\n")
    return value


