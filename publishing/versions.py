"""Field-by-field differences between two versions of a record, in the words editors read.

One rule for every comparison the admin shows: a draft against its live record, and any two
saved versions of the history (publishing.history).
"""

from django.utils.translation import gettext as _

from publishing.models import Publishable

# Columns no editor changes or reads as content: those a version never copies (identity,
# workflow, stamps), and those the record keeps for itself or derives from its name.
NOT_CONTENT = {*Publishable.version_exempt_fields, "loaded_values", "pinyin", "initials", "registry_position"}


def content_fields(model):
    """The model's content columns, in the model's order."""
    return [field for field in model._meta.concrete_fields if field.name not in NOT_CONTENT]


def displayed(field, value):
    """A stored value as the admin shows it (a choice's label, a foreign key's name, yes/no)."""
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        target = field.related_model._base_manager.filter(pk=value).first()
        return str(target) if target is not None else str(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def content_of(obj, *, relations=True):
    """{label: shown value} of obj's content: its columns, then (relations=True) what it keeps in
    other tables, as the database holds it now."""
    values = {
        str(field.verbose_name): displayed(field, getattr(obj, field.attname)) for field in content_fields(type(obj))
    }
    if relations:
        values.update(obj.related_content())
    return values


def field_changes(old, new, *, relations=True):
    """[(label, old shown, new shown)] for each piece of content that differs, in order."""
    before, after = content_of(old, relations=relations), content_of(new, relations=relations)
    return [(label, before.get(label, "—"), after.get(label, "—"))
            for label in [*before, *(label for label in after if label not in before)]
            if before.get(label) != after.get(label)]
