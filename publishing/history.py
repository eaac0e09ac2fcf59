"""A record's saved versions, as django-reversion keeps them: who, when, which fields changed.

Every admin save and every approval runs in a reversion revision (publishing.admin,
publishing.workflow), for the record and for its version rows (drafts beside a live record).
A record's history is the reversion Versions of the record and of every row its audit log names
(log_of), oldest first; each is compared with the one before it by the one rule of
publishing.versions.

Each saved version holds what the record kept in other tables then (its district links, its
observations: the relations each app's apps.py tells django-reversion to follow), so a diff
shows them and a revert puts them back (Publishable.related_content_of, set_related_rows).
Showing a history reads a fixed number of queries, whatever the number of versions.
"""

from dataclasses import dataclass, field

from reversion.models import Version

from publishing.versions import content_of, differences, foreign_labels, instance_of, saved_related_rows
from publishing.workflow import log_of


def versions_of(record):
    """The reversion Versions of record and of its version rows, oldest first."""
    model = type(record)
    rows = {record.pk, *log_of(record).exclude(object_id=None).values_list("object_id", flat=True)}
    rows.update(model._base_manager.filter(draft_of=record).values_list("pk", flat=True))
    return (
        Version.objects.get_for_model(model)
        .filter(object_id__in=[str(pk) for pk in rows])
        .select_related("revision__user")
        .order_by("revision__date_created", "pk")
    )


def contents(versions):
    """{version id: {label: shown}} of saved versions of one model: their columns, then what they
    kept in other tables. A fixed number of queries, whatever the number of versions."""
    versions = list(versions)
    if not versions:
        return {}
    model = versions[0]._model
    instances = {version.pk: instance_of(version) for version in versions}
    labels = foreign_labels(model, instances.values())
    related = saved_related_rows(versions)
    return {
        pk: {**content_of(instance, relations=False, labels=labels), **model.related_content_of(related[pk])}
        for pk, instance in instances.items()
    }


def nothing_saved(model):
    """The content of a record before its first saved version, to compare that version with."""
    return {**content_of(model(), relations=False, labels={}), **model.related_content_of({})}


def compare(old, new):
    """[(label, old, new)] between two reversion Versions (old may be None: the first one)."""
    shown = contents([version for version in (old, new) if version is not None])
    before = shown[old.pk] if old is not None else nothing_saved(new._model)
    return differences(before, shown[new.pk])


@dataclass
class Entry:
    version: Version
    changes: list = field(default_factory=list)

    @property
    def revision(self):
        return self.version.revision

    @property
    def who(self):
        user = self.revision.user
        return user.get_username() if user is not None else "—"


def history(record):
    """[Entry] of record's saved versions, oldest first, each with its changes from the one before."""
    versions = list(versions_of(record))
    shown = contents(versions)
    entries, before = [], nothing_saved(type(record))
    for version in versions:
        entries.append(Entry(version, differences(before, shown[version.pk])))
        before = shown[version.pk]
    return entries


def find(record, version_id):
    """One of record's saved versions by its id (None: not one of them)."""
    try:
        return versions_of(record).filter(pk=int(version_id)).first()
    except (TypeError, ValueError):
        return None


CSV_HEADER = ["version", "when", "who", "comment", "field", "old", "new"]


def csv_rows(record):
    """One row per changed field per saved version, for the history download."""
    for entry in history(record):
        for label, old, new in entry.changes:
            yield [entry.version.pk, entry.revision.date_created.isoformat(), entry.who, entry.revision.comment,
                   label, old, new]
