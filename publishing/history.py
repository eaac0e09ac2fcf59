"""A record's saved versions, as django-reversion keeps them: who, when, which fields changed.

Every admin save and every approval runs in a reversion revision (publishing.admin,
publishing.workflow), for the record and for its version rows (drafts beside a live record).
A record's history is the reversion Versions of the record and of every row its audit log names
(log_of), oldest first; each is compared with the one before it by the one rule of
publishing.versions.

Historic versions are compared by their columns only: what a record keeps in other tables
(district links, observations) is read from the database by related_content(), which shows the
present, not the past.
"""

from dataclasses import dataclass, field

from reversion.models import Version

from publishing.versions import field_changes
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


def instance_of(version):
    """An unsaved instance holding the version's columns (nothing read from other tables)."""
    model = version._model
    attnames = {f.attname for f in model._meta.concrete_fields}
    return model(**{name: value for name, value in version.field_dict.items() if name in attnames})


def compare(old, new):
    """[(label, old, new)] between two reversion Versions (old may be None: the first one)."""
    before = instance_of(old) if old is not None else type(instance_of(new))()
    return field_changes(before, instance_of(new), relations=False)


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
    entries, previous = [], None
    for version in versions_of(record):
        entries.append(Entry(version, compare(previous, version)))
        previous = version
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
