"""The one FilterSet behind the directory page, its downloads and the partner API.

A filter means the same thing everywhere because everything reads request.GET through
LandmarkFilter: the page answers invalid input with 400 itself, DRF's DjangoFilterBackend does the
same for the API. Every filter is typed, so a value it cannot read is an error naming the
parameter, never silently "no filter" (django-filter's BooleanFilter would do that).
"""

import calendar
import datetime
import re

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField

from landmarks.models import Batch, District, Kind, Landmark, LandmarkDistrict, registry_position


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
                value.astimezone(datetime.timezone.utc)
            except OverflowError:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        return value


class InstantFilter(django_filters.IsoDateTimeFilter):
    field_class = InstantField


class AnyOfChoiceFilter(django_filters.MultipleChoiceFilter):
    def __init__(self, **kwargs):
        kwargs.setdefault("widget", AnyOfWidget)
        kwargs.setdefault("help_text", _("One value, or several separated by commas (any of them)."))
        super().__init__(**kwargs)


class AnyOfSlugFilter(django_filters.ModelMultipleChoiceFilter):
    """Rows named by slug; an unknown slug is an error naming it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", AnyOfWidget)
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("help_text", _("One slug, or several separated by commas (any of them)."))
        super().__init__(**kwargs)


BOOLEAN_CHOICES = [("true", _("yes")), ("false", _("no"))]

# Public sort keys -> columns. Every ordering ends with the registry order and pk, so pages and
# cursors are stable. "name" is the Chinese name in pinyin order, as a Chinese index sorts.
ORDERINGS = {
    "registry": ["registry_position", "sequence"],
    "name": ["pinyin", "name_zh"],
    "name_en": ["name_en"],
    "designated": ["designated_on"],
    "updated": ["updated_at"],
}
TIE_BREAKERS = ["registry_position", "sequence", "pk"]
ORDERING_LABELS = {
    "registry": _("registry order"),
    "name": _("name (pinyin)"),
    "name_en": _("English name"),
    "designated": _("designation date"),
    "updated": _("last updated"),
}


def sort_key_choices(labels):
    """Each sort key of {key: label} and its descending form, -key (indicators' orderings too)."""
    choices = []
    for key, label in labels.items():
        choices.append((key, label))
        choices.append((f"-{key}", _("%(label)s, descending") % {"label": label}))
    return choices


def ordering_choices():
    return sort_key_choices(ORDERING_LABELS)


def order_by_key(queryset, key):
    """Order by a public sort key such as "designated" or "-name"; unknown keys are the caller's 400."""
    descending = key.startswith("-")
    columns = ORDERINGS[key.lstrip("-")]
    expressions = [
        (F(column).desc(nulls_last=True) if descending else F(column).asc(nulls_last=True)) for column in columns
    ]
    return queryset.order_by(*expressions, *TIE_BREAKERS)


class FacetCountsMixin:
    """For a FilterSet whose page counts each filter's values against the other filters."""

    def queryset_without(self, *names):
        """The rows every filter but `names` selects: what a facet counts its values against."""
        queryset = self.queryset
        for name, value in self.form.cleaned_data.items():
            if name not in names and name != "ordering":
                queryset = self.filters[name].filter(queryset, value)
        return queryset.order_by()


class LandmarkFilter(FacetCountsMixin, django_filters.FilterSet):
    """Filters on published entries. Use with Landmark.objects.published() as the queryset."""

    q = django_filters.CharFilter(
        method="filter_search",
        max_length=100,
        label=_("Search"),
        help_text=_("Part of the Chinese name, its pinyin (lujiazui), initials (ljz) or the English name."),
    )
    kind = AnyOfChoiceFilter(field_name="kind", choices=Kind.choices, method="filter_kind", label=_("Registry"))
    district = AnyOfSlugFilter(
        queryset=District.objects.all(),
        method="filter_district",
        label=_("District"),
        help_text=_(
            "Today's district slug (several separated by commas). A former district such as zhabei "
            "counts as the district that absorbed it."
        ),
    )
    batch = AnyOfSlugFilter(
        queryset=Batch.objects.all(),
        field_name="batch",
        method="filter_batch",
        label=_("Batch"),
        help_text=_("Batch slug: registry and number, e.g. park-2 (several separated by commas)."),
    )
    is_demonstration = django_filters.TypedChoiceFilter(
        field_name="is_demonstration",
        choices=BOOLEAN_CHOICES,
        coerce=lambda value: value == "true",
        label=_("Demonstration"),
        help_text=_("true: only entries marked as demonstration (示范); false: only the others."),
    )
    designated_after = PartialDateBoundFilter(
        field_name="designated_on",
        upper=False,
        label=_("Designated on or after"),
        help_text=_("YYYY, YYYY-MM or YYYY-MM-DD. A year or month counts from its first day."),
    )
    designated_before = PartialDateBoundFilter(
        field_name="designated_on",
        upper=True,
        label=_("Designated on or before"),
        help_text=_("YYYY, YYYY-MM or YYYY-MM-DD. A year or month counts to its last day."),
    )
    # The same bounds under Django's lookup names, for clients that generate them.
    designated_on__gte = PartialDateBoundFilter(
        field_name="designated_on", upper=False, label=_("Designated on or after (alias)")
    )
    designated_on__lte = PartialDateBoundFilter(
        field_name="designated_on", upper=True, label=_("Designated on or before (alias)")
    )
    updated_since = InstantFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label=_("Updated since"),
        help_text=_("ISO 8601 date and time, e.g. 2026-11-25T08:00:00Z: entries changed at or after it."),
    )
    ordering = django_filters.ChoiceFilter(
        choices=ordering_choices,
        method="filter_ordering",
        label=_("Sort by"),
        help_text=_("A sort key, with - in front for descending. Ties keep the registry order."),
    )

    class Meta:
        model = Landmark
        fields = []  # every filter is declared above, with its type

    def filter_kind(self, queryset, name, value):
        if not value:
            return queryset
        # registry_position stands for kind one to one, and the index the directory sorts by
        # (state, registry_position, sequence) can then serve the filter too.
        return queryset.filter(registry_position__in=[registry_position(kind) for kind in value])

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_district(self, queryset, name, value):
        if not value:
            return queryset
        # Links always point at today's districts (the printed 闸北区 is kept beside 静安区).
        current = {district.merged_into_id or district.pk for district in value}
        links = LandmarkDistrict.objects.filter(landmark=OuterRef("pk"), district__in=current)
        return queryset.filter(Exists(links))

    def filter_batch(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(batch__in=[batch.pk for batch in value])

    def filter_ordering(self, queryset, name, value):
        return order_by_key(queryset, value) if value else queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("ordering"):
            queryset = order_by_key(queryset, "registry")
        return queryset
