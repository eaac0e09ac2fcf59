"""Facet counts for the directory: how many entries each filter value would give.

Each facet counts against every other active filter (not its own), so values of one facet
combine as "any of" and facets combine as "and". A value that would give nothing is kept with
its 0, so the page can say so instead of offering a link to an empty list. Each facet costs one
query whatever the data holds.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from landmarks.models import Batch, District, Kind, registry_order


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool
    url: str = ""  # this page with the value toggled, set by the view


@dataclass
class Facet:
    name: str
    label: str
    options: list = field(default_factory=list)

    @property
    def active(self):
        return [option for option in self.options if option.selected]


def _selected(filterset, name):
    value = filterset.form.cleaned_data.get(name)
    if value in (None, "", []):
        return set()
    if isinstance(value, bool):
        return {"true" if value else "false"}
    if isinstance(value, str):
        return {value}
    return {getattr(item, "slug", item) for item in value}  # a list of codes, or of rows


def kind_facet(filterset):
    base = filterset.queryset_without("kind")
    counts = dict(base.values_list("kind").annotate(total=Count("pk")))
    selected = _selected(filterset, "kind")
    return Facet(
        "kind",
        _("Registry"),
        [Option(kind, label, counts.get(kind, 0), kind in selected) for kind, label in Kind.choices],
    )


def district_facet(filterset):
    base = filterset.queryset_without("district")
    # Explicit order_by: Django leaves Meta.ordering out of aggregating queries.
    districts = (
        District.objects.current()
        .annotate(total=Count("landmark_links", filter=Q(landmark_links__landmark__in=base.values("pk"))))
        .order_by("code")
    )
    selected = _selected(filterset, "district")
    # A former district asked for by its old slug shows as the district that absorbed it.
    former = {district.slug: district.merged_into for district in filterset.form.cleaned_data.get("district") or []}
    selected |= {current.slug for current in former.values() if current is not None}
    return Facet(
        "district",
        _("District"),
        [Option(district.slug, district.name, district.total, district.slug in selected) for district in districts],
    )


def batch_facet(filterset):
    base = filterset.queryset_without("batch")
    batches = Batch.objects.all()
    kinds = filterset.form.cleaned_data.get("kind")
    if kinds:  # a registry's page offers that registry's batches only
        batches = batches.filter(kind__in=kinds)
    batches = batches.annotate(total=Count("landmarks", filter=Q(landmarks__in=base.values("pk")))).order_by(
        registry_order(), "ordinal"
    )
    selected = _selected(filterset, "batch")
    return Facet(
        "batch",
        _("Batch"),
        [Option(batch.slug, str(batch), batch.total, batch.slug in selected) for batch in batches],
    )


def demonstration_facet(filterset):
    base = filterset.queryset_without("is_demonstration")
    counts = dict(base.values_list("is_demonstration").annotate(total=Count("pk")))
    selected = _selected(filterset, "is_demonstration")
    return Facet(
        "is_demonstration",
        _("Demonstration"),
        [
            Option("true", _("demonstration entries"), counts.get(True, 0), "true" in selected),
            Option("false", _("other entries"), counts.get(False, 0), "false" in selected),
        ],
    )


def all_facets(filterset, *, with_kind=True):
    facets = [kind_facet(filterset)] if with_kind else []
    facets += [district_facet(filterset), batch_facet(filterset), demonstration_facet(filterset)]
    return facets
