"""The FilterSets behind the indicator pages, their downloads and the partner API.

As with landmarks.filters, every parameter is typed, so a value it cannot read (a year of "abc",
an unknown domain, place or kind) is an error naming the parameter, never silently "no filter".
Use them with Indicator.objects.published() and Observation.objects.published() as querysets.
"""

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from indicators.forms import GeographyField
from indicators.models import Domain, Indicator, Observation
from indicators.sourcedata import CITY
from landmarks.models import District
from publishing.filters import AnyOfChoiceFilter, AnyOfSlugFilter, ChangedSinceFilter, FacetCountsMixin, sort_key_choices
from publishing.models import FormerAddress, public_since


class YearField(forms.IntegerField):
    """A year as four digits at most: the column is a small integer, and PostgreSQL says so loudly."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(**kwargs)


class YearFilter(django_filters.Filter):
    field_class = YearField
    openapi_schema = {"type": "integer", "minimum": 1, "maximum": 9999}  # read by landmarks.api's FilterSetDocumentation


class GeographyFilter(django_filters.ModelChoiceFilter):
    field_class = GeographyField


def in_domain(domain, *, prefix=""):
    """Rows of this domain or of a section of it (the tree is a chapter and its sections)."""
    return Q(**{f"{prefix}domain": domain}) | Q(**{f"{prefix}domain__parent": domain})


class DomainFilterMixin:
    def filter_domain(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(in_domain(value, prefix=self.domain_prefix))


def domain_filter():
    return django_filters.ModelChoiceFilter(
        queryset=Domain.objects.all(),
        to_field_name="slug",
        method="filter_domain",
        label=_("Domain"),
        help_text=_("A domain's slug; a chapter's domain (infrastructure) includes its sections."),
    )


class IndicatorFilter(FacetCountsMixin, DomainFilterMixin, django_filters.FilterSet):
    """Filters on published indicators."""

    domain_prefix = ""

    q = django_filters.CharFilter(
        method="filter_search",
        max_length=100,
        label=_("Search"),
        help_text=_("Part of the Chinese or English name or definition, or of the code."),
    )
    domain = domain_filter()

    class Meta:
        model = Indicator
        fields = []  # every filter is declared above, with its type

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).in_public_order()


# Public sort keys -> columns; every ordering ends with the data files' order and pk, so pages
# are stable whatever the key.
OBSERVATION_ORDERINGS = {
    "indicator": ["indicator__position", "indicator__code"],
    "year": ["year"],
    "updated": [public_since("indicator")],  # as updated_at reads in the API
}
OBSERVATION_ORDERING_LABELS = {
    "indicator": _("indicator (the report's order)"),
    "year": _("year"),
    "updated": _("last updated"),
}


def observation_ordering_choices():
    return sort_key_choices(OBSERVATION_ORDERING_LABELS)


def order_observations(queryset, key):
    descending = key.startswith("-")
    columns = OBSERVATION_ORDERINGS[key.lstrip("-")]
    columns = [column if hasattr(column, "resolve_expression") else F(column) for column in columns]
    expressions = [column.desc() if descending else column.asc() for column in columns]
    return queryset.in_public_order(*expressions)


def current_codes(codes):
    """The codes with each former code (renamed-codes.tsv, or an approved edit) replaced by the
    code its indicator has now: an old code stays an alias for good."""
    former = dict(
        FormerAddress.objects.filter(content_type=ContentType.objects.get_for_model(Indicator), address__in=codes)
        .values_list("address", "object_id")
    )
    if not former:
        return codes
    now = dict(Indicator.objects.filter(pk__in=former.values()).values_list("pk", "code"))
    return [now.get(former.get(code), code) for code in codes]


class IndicatorCodesField(AnyOfSlugFilter.field_class):
    def clean(self, value):
        try:
            return super().clean(value)
        except forms.ValidationError:
            # Only then look for former codes: a query the usual request does not pay for.
            current = current_codes(value) if value else value
            if current == value:
                raise
            return super().clean(current)


class IndicatorCodesFilter(AnyOfSlugFilter):
    """Indicators by code; a former code selects the indicator it leads to."""

    field_class = IndicatorCodesField


class ObservationFilter(DomainFilterMixin, django_filters.FilterSet):
    """Filters on published observations."""

    domain_prefix = "indicator__"

    indicator = IndicatorCodesFilter(
        queryset=Indicator.objects.published(),
        to_field_name="code",
        field_name="indicator",
        method="filter_indicator",
        label=_("Indicator"),
        help_text=_("An indicator's code, or several separated by commas (any of them)."),
    )
    domain = domain_filter()
    year = YearFilter(field_name="year", label=_("Year"), help_text=_("Only values for this year."))
    year_min = YearFilter(
        field_name="year", lookup_expr="gte", label=_("From the year"), help_text=_("Values for this year or later.")
    )
    year_max = YearFilter(
        field_name="year", lookup_expr="lte", label=_("Up to the year"), help_text=_("Values for this year or earlier.")
    )
    # The same bounds under Django's lookup names, as landmarks offer designated_on__gte/__lte.
    year__gte = YearFilter(field_name="year", lookup_expr="gte", label=_("From the year (alias)"))
    year__lte = YearFilter(field_name="year", lookup_expr="lte", label=_("Up to the year (alias)"))
    geography = GeographyFilter(
        queryset=District.objects.with_current(),
        to_field_name="slug",
        method="filter_geography",
        label=_("Place"),
        help_text=_("shanghai for city-wide values, or a district's slug (huangpu)."),
    )
    kind = AnyOfChoiceFilter(field_name="kind", choices=Observation.Kind.choices, label=_("Kind"))
    q = django_filters.CharFilter(
        method="filter_search",
        max_length=100,
        label=_("Search"),
        help_text=_("Part of the quote, the phrase of the report the value is read from."),
    )
    updated_since = ChangedSinceFilter(
        label=_("Updated since"),
        help_text=_(
            "ISO 8601 date and time, e.g. 2026-11-25T08:00:00Z: values changed at or after it "
            "(or whose indicator changed, or was shown from a scheduled moment, at or after it)."
        ),
    )
    ordering = django_filters.ChoiceFilter(
        choices=observation_ordering_choices,
        method="filter_ordering",
        label=_("Sort by"),
        help_text=_("A sort key, with - in front for descending. Ties keep the report's order."),
    )

    class Meta:
        model = Observation
        fields = []  # every filter is declared above, with its type

    def filter_indicator(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(indicator__in=[indicator.pk for indicator in value])

    def filter_geography(self, queryset, name, value):
        if not value:
            return queryset
        if value == CITY:
            return queryset.filter(district__isnull=True)
        return queryset.filter(district=value)

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_ordering(self, queryset, name, value):
        return order_observations(queryset, value) if value else queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("ordering"):
            queryset = order_observations(queryset, "indicator")
        return queryset
