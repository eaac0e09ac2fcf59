"""Facet counts for the directory: how many entries each filter value would give.

Each facet counts against every other active filter (not its own), so values of one facet
combine as "any of" and facets combine as "and". A value that would give nothing is kept with
its 0, so the page can say so instead of offering a link to an empty list. Counts are cached per
data version (landmarks/caching.py); labels (district and batch names) are read live, so an
editor's rename shows at once.
"""

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from landmarks.models import Batch, District, Kind, LandmarkDistrict, registry_order
from publishing.caching import cached_counts
from publishing.filters import filter_key


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


def _counts(filterset, name, compute, *, version):
    base = filterset.queryset_without(name)
    return cached_counts(name, filter_key(filterset, without=name), lambda: compute(base), version=version)


def kind_counts(filterset, *, version):
    """Entries per registry under every filter but the registry: also the list's total."""
    return _counts(filterset, "kind", lambda base: base.count_per_kind(), version=version)


def total(filterset, *, version):
    """How many entries the filters select, from the registry counts (no query of its own)."""
    counts = kind_counts(filterset, version=version)
    kinds = filterset.form.cleaned_data.get("kind") or counts.keys()
    return sum(counts.get(kind, 0) for kind in kinds)


def kind_facet(filterset, *, version):
    counts = kind_counts(filterset, version=version)
    selected = _selected(filterset, "kind")
    return Facet(
        "kind",
        _("Registry"),
        [Option(kind, label, counts.get(kind, 0), kind in selected) for kind, label in Kind.choices],
    )


def district_facet(filterset, *, version):
    counts = _counts(
        filterset,
        "district",
        lambda base: dict(
            LandmarkDistrict.objects.filter(landmark__in=base.values("pk"))
            .values_list("district")
            .annotate(total=Count("landmark"))
            .order_by()
        ),
        version=version,
    )
    selected = _selected(filterset, "district")
    # A former district asked for by its old slug shows as the district that absorbed it.
    selected.update(district.current().slug for district in filterset.form.cleaned_data.get("district") or [])
    return Facet(
        "district",
        _("District"),
        [
            Option(district.slug, district.name, counts.get(district.pk, 0), district.slug in selected)
            for district in District.objects.current().order_by("code")
        ],
    )


def batch_facet(filterset, *, version):
    counts = _counts(
        filterset,
        "batch",
        lambda base: dict(base.exclude(batch=None).values_list("batch").annotate(total=Count("pk"))),
        version=version,
    )
    batches = Batch.objects.order_by(registry_order(), "ordinal")
    kinds = filterset.form.cleaned_data.get("kind")
    if kinds:  # a registry's page offers that registry's batches only
        batches = batches.filter(kind__in=kinds)
    selected = _selected(filterset, "batch")
    return Facet(
        "batch",
        _("Batch"),
        [Option(batch.slug, str(batch), counts.get(batch.pk, 0), batch.slug in selected) for batch in batches],
    )


def demonstration_facet(filterset, *, version):
    # An "as of" answer counts the marks as they were that day (LandmarkQuerySet.as_of).
    column = "demonstration_as_of" if filterset.form.cleaned_data.get("as_of") else "is_demonstration"
    counts = _counts(
        filterset,
        "is_demonstration",
        lambda base: dict(base.values_list(column).annotate(total=Count("pk"))),
        version=version,
    )
    selected = _selected(filterset, "is_demonstration")
    return Facet(
        "is_demonstration",
        _("Demonstration"),
        [
            Option("true", _("demonstration entries"), counts.get(True, 0), "true" in selected),
            Option("false", _("other entries"), counts.get(False, 0), "false" in selected),
        ],
    )


def all_facets(filterset, *, version, with_kind=True):
    facets = [kind_facet(filterset, version=version)] if with_kind else []
    facets += [
        district_facet(filterset, version=version),
        batch_facet(filterset, version=version),
        demonstration_facet(filterset, version=version),
    ]
    return facets
