"""Field-by-field differences between two versions of a record, in the words editors read.

One rule for every comparison the admin shows: a draft against its live record, and any two
saved versions of the history (publishing.history); and how a saved version (django-reversion's
Version) is read back as rows, for the history and for a revert (publishing.workflow).
"""

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _
from reversion.models import Version

from publishing.models import Publishable

# Columns no editor changes or reads as content: those a version never copies (identity,
# workflow, stamps), and those the record keeps for itself or derives from its name.
NOT_CONTENT = {*Publishable.version_exempt_fields, "loaded_values", "pinyin", "initials", "registry_position"}


def content_fields(model):
    """The model's content columns, in the model's order."""
    return [field for field in model._meta.concrete_fields if field.name not in NOT_CONTENT]


def displayed(field, value, labels=None):
    """A stored value as the admin shows it (a choice's label, a foreign key's name, yes/no).

    labels: {field name: {pk: name}} read beforehand (foreign_labels), so that showing many
    versions costs no query per value; without it a foreign key's name is read now.
    """
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        if labels is not None and field.name in labels:
            return labels[field.name].get(value, str(value))
        target = field.related_model._base_manager.filter(pk=value).first()
        return str(target) if target is not None else str(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def foreign_labels(model, rows):
    """{field name: {pk: name}} of the rows' foreign keys among their content: one query per
    foreign key column, whatever the number of rows."""
    labels = {}
    for field in content_fields(model):
        if field.is_relation and field.many_to_one:
            pks = {getattr(row, field.attname) for row in rows} - {None}
            targets = field.related_model._base_manager.filter(pk__in=pks)
            labels[field.name] = {target.pk: str(target) for target in targets}
    return labels


def content_of(obj, *, relations=True, labels=None):
    """{label: shown value} of obj's content: its columns, then (relations=True) what it keeps in
    other tables, as the database holds it now. labels: see displayed()."""
    values = {
        str(field.verbose_name): displayed(field, getattr(obj, field.attname), labels)
        for field in content_fields(type(obj))
    }
    if relations:
        values.update(obj.related_content())
    return values


def differences(before, after):
    """[(label, old shown, new shown)] for each label whose shown value differs, in order."""
    return [(label, before.get(label, "—"), after.get(label, "—"))
            for label in [*before, *(label for label in after if label not in before)]
            if before.get(label) != after.get(label)]


def field_changes(old, new, *, relations=True):
    """[(label, old shown, new shown)] for each piece of content that differs, in order."""
    return differences(content_of(old, relations=relations), content_of(new, relations=relations))


def instance_of(version):
    """An unsaved instance holding the version's columns (nothing read from other tables)."""
    model = version._model
    attnames = {f.attname for f in model._meta.concrete_fields}
    return model(**{name: value for name, value in version.field_dict.items() if name in attnames})


def saved_related_rows(versions):
    """{version id: {relation: [unsaved rows]}}: what each saved version of a record kept in other
    tables, from the version's revision. One query per relation, whatever the number of versions."""
    versions = list(versions)
    if not versions:
        return {}
    model = versions[0]._model
    by_owner = {}
    for name in model.versioned_relations:
        relation = model._meta.get_field(name)
        owner_column = relation.field.attname
        saved = Version.objects.get_for_model(relation.related_model).filter(
            revision__in={version.revision_id for version in versions}
        )
        rows = [(version.revision_id, instance_of(version)) for version in saved]
        for column in relation.related_model._meta.concrete_fields:
            if column.many_to_one and column.attname != owner_column:
                prefetch_related_objects([row for _revision, row in rows], column.name)
        for revision_id, row in rows:
            owner = (revision_id, getattr(row, owner_column))
            by_owner.setdefault(owner, {name: [] for name in model.versioned_relations})[name].append(row)
    empty = {name: [] for name in model.versioned_relations}
    return {version.pk: by_owner.get((version.revision_id, int(version.object_id)), empty) for version in versions}
