"""Filters and widgets every FilterSet shares: "any of" lists, partial dates, instants, facets.

Each is typed, so a value it cannot read is an error naming the parameter (a 400 on pages and in
the API), never silently "no filter".
"""

import calendar
import datetime
import re

import django_filters
import django_filters.fields
from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES
from django_filters.fields import IsoDateTimeField


class AnyOfWidget(forms.TextInput):
    """Reads "any of" lists written either way: ?kind=park,village or ?kind=park&kind=village."""

    def value_from_datadict(self, data, files, name):
        raw = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        values = [part.strip() for item in raw if item for part in item.split(",") if part.strip()]
        return values or None

    def format_value(self, value):
        if isinstance(value, (list, tuple)):
            return ",".join(str(item) for item in value)
        return value


class PartialDateBoundField(forms.CharField):
    """A date bound given as 2014, 2014-05 or 2014-05-18.

    As a lower bound a year or month means its first day; as an upper bound, its last day, so
    designated_after=2014&designated_before=2014 is "designated in 2014".
    """

    pattern = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
    default_error_messages = {"invalid": _("Enter a date as YYYY, YYYY-MM or YYYY-MM-DD.")}

    def __init__(self, *, upper, **kwargs):
        self.upper = upper
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value).strip()
        if not value:
            return None
        match = self.pattern.match(value)
        if not match:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        year, month, day = (int(part) if part else None for part in match.groups())
        try:
            if month is None:
                return datetime.date(year, 12, 31) if self.upper else datetime.date(year, 1, 1)
            if day is None:
                day = calendar.monthrange(year, month)[1] if self.upper else 1
            return datetime.date(year, month, day)
        except ValueError:  # month 13, day 32, year 0; calendar's IllegalMonthError is one too
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class PartialDateBoundFilter(django_filters.Filter):
    field_class = PartialDateBoundField

    def __init__(self, *, upper, **kwargs):
        kwargs["lookup_expr"] = "lte" if upper else "gte"
        super().__init__(upper=upper, **kwargs)


class InstantField(IsoDateTimeField):
    """An ISO 8601 date and time the database can store: year 1 at +14:00 is before UTC's year 1."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is not None:
            try:
                value.astimezone(datetime.UTC)
            except OverflowError:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        return value


class InstantFilter(django_filters.IsoDateTimeFilter):
    field_class = InstantField


class ChangedSinceFilter(InstantFilter):
    """Rows that became what the public sees at or after an instant (updated_since): the
    queryset's changed_since(), which compares publishing.models.public_since, so a version
    shown from its publish_at counts from that moment, as the sync feed orders it."""

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return qs.changed_since(value)


class AnyOfChoiceFilter(django_filters.MultipleChoiceFilter):
    def __init__(self, **kwargs):
        kwargs.setdefault("widget", AnyOfWidget)
        kwargs.setdefault("help_text", _("One value, or several separated by commas (any of them)."))
        super().__init__(**kwargs)


class AnyOfSlugField(django_filters.fields.ModelMultipleChoiceField):
    def clean(self, value):
        # The rows chosen as a list, [] when none: for nothing chosen Django gives queryset.none(),
        # and a filter method's `if not value` then builds and compiles a query on every request.
        if not value and not self.required:
            return []
        return list(super().clean(value))


class AnyOfSlugFilter(django_filters.ModelMultipleChoiceFilter):
    """Rows named by slug (a list of them); an unknown slug is an error naming it."""

    field_class = AnyOfSlugField

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", AnyOfWidget)
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("help_text", _("One slug, or several separated by commas (any of them)."))
        super().__init__(**kwargs)


BOOLEAN_CHOICES = [("true", _("yes")), ("false", _("no"))]

def sort_key_choices(labels):
    """Each sort key of {key: label} and its descending form, -key (indicators' orderings too)."""
    choices = []
    for key, label in labels.items():
        choices.append((key, label))
        choices.append((f"-{key}", _("%(label)s, descending") % {"label": label}))
    return choices


class FacetCountsMixin:
    """For a FilterSet whose page counts each filter's values against the other filters."""

    def queryset_without(self, *names):
        """The rows every filter but `names` selects: what a facet counts its values against."""
        queryset = self.queryset
        for name, value in self.form.cleaned_data.items():
            if name not in names and name != "ordering":
                queryset = self.filters[name].filter(queryset, value)
        return queryset.order_by()


def filter_key(filterset, *, without):
    """The active filters other than `without`, as a stable string (the counts' cache key)."""
    parts = []
    for name, value in sorted(filterset.form.cleaned_data.items()):
        if name in (without, "ordering") or value in (None, "", []):
            continue
        if isinstance(value, str) or not hasattr(value, "__iter__"):
            value = [value]
        parts.append(f"{name}={','.join(sorted(str(getattr(item, 'pk', item)) for item in value))}")
    return "&".join(parts)
