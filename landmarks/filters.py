"""The one FilterSet behind the directory page, its downloads and the partner API.

A filter means the same thing everywhere because everything reads request.GET through
LandmarkFilter: the page answers invalid input with 400 itself, DRF's DjangoFilterBackend does the
same for the API. Every filter is typed, so a value it cannot read is an error naming the
parameter, never silently "no filter" (django-filter's BooleanFilter would do that).
"""

import django_filters
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from landmarks.models import Batch, District, Kind, Landmark, LandmarkDistrict, demonstration_by, registry_position
from publishing.filters import (
    BOOLEAN_CHOICES,
    AnyOfChoiceFilter,
    AnyOfSlugFilter,
    ChangedSinceFilter,
    FacetCountsMixin,
    PartialDateBoundFilter,
    sort_key_choices,
)
from publishing.models import public_since

# Public sort keys -> columns. Every ordering ends with the registry order and pk, so pages and
# cursors are stable. "name" is the Chinese name in pinyin order, as a Chinese index sorts.
ORDERINGS = {
    "registry": ["registry_position", "sequence"],
    "name": ["pinyin", "name_zh"],
    "name_en": ["name_en"],
    "designated": ["designated_on"],
    "updated": [public_since()],  # as updated_at reads in the API: when it last became public
}
ORDERING_LABELS = {
    "registry": _("registry order"),
    "name": _("name (pinyin)"),
    "name_en": _("English name"),
    "designated": _("designation date"),
    "updated": _("last updated"),
}


def ordering_choices():
    return sort_key_choices(ORDERING_LABELS)


def order_by_key(queryset, key):
    """Order by a public sort key such as "designated" or "-name"; unknown keys are the caller's 400."""
    descending = key.startswith("-")
    columns = ORDERINGS[key.lstrip("-")]
    columns = [column if hasattr(column, "resolve_expression") else F(column) for column in columns]
    expressions = [
        (column.desc(nulls_last=True) if descending else column.asc(nulls_last=True)) for column in columns
    ]
    return queryset.in_registry_order(*expressions)


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
        queryset=District.objects.with_current(),
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
    # Before is_demonstration, which reads it: a mark dated after as_of does not count yet.
    as_of = django_filters.DateFilter(
        method="filter_as_of",
        input_formats=["%Y-%m-%d"],
        label=_("As of"),
        help_text=_(
            "YYYY-MM-DD: the registries as they stood that day. A date known only to the month or "
            "year counts from its last day; entries the report does not date are left out (see as_of "
            "in the answer)."
        ),
    )
    is_demonstration = django_filters.TypedChoiceFilter(
        method="filter_is_demonstration",
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
    updated_since = ChangedSinceFilter(
        label=_("Updated since"),
        help_text=_(
            "ISO 8601 date and time, e.g. 2026-11-25T08:00:00Z: entries changed at or after it "
            "(or shown from a scheduled moment at or after it)."
        ),
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
        current = {district.current() for district in value}
        links = LandmarkDistrict.objects.filter(landmark=OuterRef("pk"), district__in=current)
        return queryset.filter(Exists(links))

    def filter_batch(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(batch__in=[batch.pk for batch in value])

    def filter_as_of(self, queryset, name, value):
        return queryset.as_of(value)

    def filter_is_demonstration(self, queryset, name, value):
        as_of = self.form.cleaned_data.get("as_of")
        marked = demonstration_by(as_of) if as_of else Q(is_demonstration=True)
        return queryset.filter(marked) if value else queryset.exclude(marked)

    def as_of_answer(self):
        """What an "as of" answer says beside its entries (None without as_of): the day, and how
        many entries the other filters select that it leaves out because the report dates none."""
        as_of = self.form.cleaned_data.get("as_of")
        if as_of is None:
            return None
        undated = self.queryset_without("as_of", "is_demonstration").undated()
        marked = self.form.cleaned_data.get("is_demonstration")
        if isinstance(marked, bool):
            # An undated entry has no mark "as of" a day: the mark as printed is what it is filtered by.
            undated = undated.filter(is_demonstration=marked)
        return {
            "date": as_of.isoformat(),
            "left_out": undated.count(),
            "reason": gettext("The report gives no date for their designation, so the day they joined the registry is unknown."),
        }

    def filter_ordering(self, queryset, name, value):
        return order_by_key(queryset, value) if value else queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("ordering"):
            queryset = order_by_key(queryset, "registry")
        return queryset
