"""The public directory: every query parameter is read through LandmarkFilter or a small form.

Invalid input re-renders the page with its messages and a 400; an unknown entry or a page past
the end is a 404 that says what exists. Nothing here decides what the public may see: that is
Landmark.objects.published().
"""

from django import forms
from django.core.paginator import InvalidPage
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Window
from django.db.models.functions import RowNumber
from django.http import Http404, HttpResponsePermanentRedirect, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from landmarks import caching, districtmap, exports, facets, naming
from landmarks.filters import LandmarkFilter, ordering_choices
from landmarks.models import DataNote, District, Kind, Landmark, LandmarkDistrict
from publishing.caching import cached_counts
from publishing.filters import AnyOfWidget
from publishing.listing import CountedPaginator, PageOptionsForm, api_address, field_errors, query_without
from publishing.models import FormerAddress
from publishing.preview import staff_preview

PAGE_SIZE = 50
# Related lists are cut short so a page's size does not grow with the data; each links to the
# directory for the rest.
RELATED_LIMIT = 20
DISTRICT_PAGE_LIMIT = 20


class ViewForm(forms.Form):
    """?view=table: the directory as a compact table, one row per entry; cards otherwise."""

    view = forms.ChoiceField(
        label=gettext_lazy("View"),
        choices=[("cards", gettext_lazy("cards")), ("table", gettext_lazy("table"))],
        required=False,
    )


# Table columns sortable by their header: the public sort key of each (LandmarkFilter's ORDERINGS).
TABLE_SORTS = {"name": "name", "name_en": "name_en", "registry": "registry", "designated": "designated"}


def directory(request, kind=None):
    data = request.GET.copy()
    if kind is not None:
        data.setlist("kind", [kind])
    filterset = LandmarkFilter(data, queryset=Landmark.objects.published().for_listing())
    options = PageOptionsForm(request.GET)
    layout = ViewForm(request.GET)
    context = {"filter": filterset, "options": options, "registry": Kind(kind) if kind else None}
    if not (filterset.is_valid() & options.is_valid() & layout.is_valid()):  # & so all report their errors
        context["errors"] = field_errors(filterset, options, layout)
        return render(request, "landmarks/directory.html", context, status=400)

    landmarks = filterset.qs
    stem = f"landmarks-{kind}" if kind else "landmarks"
    output = options.cleaned_data["format"]
    if output in ("csv", "json"):
        return exports.download(landmarks, request=request, output=output, stem=stem)

    version = caching.data_version()
    paginator = CountedPaginator(landmarks, PAGE_SIZE, count=facets.total(filterset, version=version))
    number = options.cleaned_data["page"] or 1
    try:
        page = paginator.page(number)
    except InvalidPage:
        context.update(missing_page=number, paginator=paginator, facets=[], query=query_without(request.GET, "page"))
        return render(request, "landmarks/directory.html", context, status=404)

    search = filterset.form.cleaned_data.get("q")
    for landmark in page:
        landmark.highlight = _highlight(landmark, search)
    found_facets = _facets_with_links(request, filterset, version=version, with_kind=kind is None)
    context.update(
        page=page,
        facets=found_facets,
        active=[option for facet in found_facets for option in facet.active],
        query=query_without(request.GET, "page"),
        download_query=query_without(request.GET, "page", "format"),
        without_search="?" + query_without(request.GET, "page", "q"),
        # The search form resubmits every other choice, so searching keeps the facets.
        hidden=[
            (name, value)
            for name, values in request.GET.lists()
            if name not in ("q", "ordering", "page", "format")
            for value in values
        ],
        as_of=filterset.as_of_answer(),
        without_as_of="?" + query_without(request.GET, "page", "as_of"),
        sort=filterset.form.cleaned_data.get("ordering") or "registry",
        sort_choices=ordering_choices(),
        search=search,
        view=layout.cleaned_data["view"] or "cards",
        views={name: _with_view(request.GET, name) for name in ("cards", "table")},
        api_url=api_address(reverse("api:landmark-list"), request.GET, fixed={"kind": kind} if kind else None),
        download_districts=next((facet for facet in found_facets if facet.name == "district"), None),
        download_hidden=[
            (name, value)
            for name, values in request.GET.lists()
            if name not in ("district", "page", "format", "view")
            for value in values
        ],
    )
    context["sort_links"] = _sort_links(request.GET, context["sort"])
    return render(request, "landmarks/directory.html", context)


def _with_view(query, view):
    query = query.copy()
    query.pop("view", None)
    if view != "cards":
        query["view"] = view
    return "?" + query.urlencode()


def _sort_links(query, current):
    """{column: {"url", "direction"}}: each sortable header links to the list sorted by it,
    ascending first, descending when it is already the ascending sort; from the first page."""
    links = {}
    for column, key in TABLE_SORTS.items():
        ordering = f"-{key}" if current == key else key
        target = query.copy()
        target.pop("page", None)
        target["ordering"] = ordering
        direction = "ascending" if current == key else "descending" if current == f"-{key}" else None
        links[column] = {"url": "?" + target.urlencode(), "direction": direction}
    return links


def detail(request, kind, slug):
    try:
        landmark = _published_entry(kind, slug)
    except Http404:
        # A slug changed by an approved edit: its old address leads to the entry for good.
        moved = FormerAddress.objects.public_record(Landmark, f"{kind}/{slug}")
        if moved is None:
            raise
        return HttpResponsePermanentRedirect(moved.get_absolute_url())
    return entry_page(request, landmark)


def _published_entry(kind, slug):
    return get_object_or_404(_entry_with_page_data(Landmark.objects.published()), kind=kind, slug=slug)


def _entry_with_page_data(queryset):
    return (
        queryset.select_related("batch")
        .prefetch_related(
            Prefetch("district_links", LandmarkDistrict.objects.select_related("district")),
            Prefetch("same_place", Landmark.objects.published()),
            Prefetch("data_notes", DataNote.objects.order_by("key")),
            Prefetch("batch__data_notes", DataNote.objects.order_by("key")),
        )
    )


@staff_preview(Landmark, queryset=lambda: _entry_with_page_data(Landmark.objects.all()))
def preview(request, landmark, *, preview):
    return entry_page(request, landmark, preview=preview)


def entry_page(request, landmark, *, preview=False):
    """An entry's public page; preview=True shows a version staff are preparing, as it would be."""
    record = landmark.record
    same_batch = []
    if landmark.batch_id:
        same_batch = list(
            Landmark.objects.published()
            .filter(batch=landmark.batch_id)
            .exclude(pk__in=[landmark.pk, record.pk])
            .in_registry_order()[:RELATED_LIMIT]
        )
    # The report's disagreements belong to the record; a version shows its record's.
    notes = [*record.data_notes.all(), *(landmark.batch.data_notes.all() if landmark.batch else [])]
    return render(
        request,
        "landmarks/detail.html",
        {
            "landmark": landmark,
            "notes": notes,
            "same_batch": same_batch,
            "structured_data": structured_data(landmark, request=request),
            "preview": preview,
        },
    )


def structured_data(landmark, *, request):
    """schema.org JSON-LD for an entry page: a Place in Shanghai, cited to the report."""
    districts = [link.district for link in landmark.district_links.all()]
    data = {
        "@context": "https://schema.org",
        "@type": "Place",
        "name": landmark.name,
        "alternateName": landmark.name_en if landmark.name == landmark.name_zh else landmark.name_zh,
        "url": request.build_absolute_uri(landmark.get_absolute_url()),
        "containedInPlace": [
            {
                "@type": "AdministrativeArea",
                "name": district.name,
                "url": request.build_absolute_uri(district.get_absolute_url()),
            }
            for district in districts
        ],
        "address": {"@type": "PostalAddress", "addressLocality": _("Shanghai"), "addressCountry": "CN"},
        "additionalType": str(landmark.get_kind_display()),
        "subjectOf": {"@type": "Report", "name": landmark.citation},
    }
    if landmark.summary:
        data["description"] = landmark.summary
    return data


def districts(request):
    rows = district_table()
    return render(
        request,
        "landmarks/districts.html",
        {"rows": rows, "map": districtmap.tiles(rows), "registry_labels": Kind.labels},
    )


def district(request, slug):
    found = get_object_or_404(
        District.objects.select_related("merged_into").prefetch_related("former_districts"), slug=slug
    )
    if not found.is_current:
        # 闸北区 is part of 静安区 since 2015: its old address leads to today's district.
        return HttpResponsePermanentRedirect(found.get_absolute_url())
    counts, first_ids = cached_counts(
        "district-page", found.pk, lambda: _district_summary(found), version=caching.data_version()
    )
    # The rows themselves are read live, through published(): a cached id never shows a withdrawn entry.
    by_kind = {}
    for landmark in Landmark.objects.published().filter(pk__in=first_ids).for_listing().in_registry_order():
        by_kind.setdefault(landmark.kind, []).append(landmark)
    registries = [
        {"kind": kind, "label": label, "count": counts[kind], "landmarks": by_kind.get(kind, [])}
        for kind, label in Kind.choices
        if counts.get(kind)
    ]
    for registry in registries:
        registry["directory"] = f"{reverse('landmarks:registry', kwargs={'kind': registry['kind']})}?district={found.slug}"
    return render(
        request,
        "landmarks/district.html",
        {
            "district": found,
            "registries": registries,
            "total": sum(counts.values()),
            "limit": DISTRICT_PAGE_LIMIT,
            "api_url": api_address(reverse("api:landmark-list"), QueryDict(), fixed={"district": found.slug}),
        },
    )


def _district_summary(district):
    """A district's published entries per registry, and the ids of the first few of each."""
    in_district = Landmark.objects.published().filter(
        Exists(LandmarkDistrict.objects.filter(landmark=OuterRef("pk"), district=district))
    )
    counts = in_district.count_per_kind()
    # The first entries of each registry in one query: a row number per registry, cut at the limit.
    first_ids = list(
        in_district.annotate(
            position=Window(RowNumber(), partition_by=[F("kind")], order_by=[F("sequence").asc(), F("pk").asc()])
        )
        .filter(position__lte=DISTRICT_PAGE_LIMIT)
        .values_list("pk", flat=True)
    )
    return counts, first_ids


def district_table():
    """Today's districts with their published entries per registry (counts cached)."""
    counts = cached_counts("district-table", "", _district_counts, version=caching.data_version())
    rows = []
    for district in District.objects.current():
        by_kind = counts.get(district.pk, {})
        rows.append(
            {
                "district": district,
                "counts": [by_kind.get(kind, 0) for kind in Kind.values],
                "total": sum(by_kind.values()),
            }
        )
    return rows


def _district_counts():
    per_kind = (
        LandmarkDistrict.objects.filter(landmark__in=Landmark.objects.published().values("pk"))
        .values_list("district", "landmark__kind")
        .annotate(total=Count("landmark"))
        .order_by()
    )
    counts = {}
    for district_id, kind, total in per_kind:
        counts.setdefault(district_id, {})[kind] = total
    return counts


def _highlight(landmark, search):
    if not search:
        return None
    span = naming.matched_span(landmark.name_zh, search)
    return {
        "zh": naming.matched_parts(landmark.name_zh, search, span=span) if span else None,
        "en": naming.matched_parts(landmark.name_en, search),
    }


def _toggle(query, name, value, *, single):
    query = query.copy()
    query.pop("page", None)
    values = AnyOfWidget().value_from_datadict(query, None, name) or []
    if value in values:
        values = [item for item in values if item != value]
    else:
        values = [value] if single else [*values, value]
    if values:
        query.setlist(name, [",".join(values)])
    else:
        query.pop(name, None)
    return "?" + query.urlencode() if query else "?"


def _facets_with_links(request, filterset, *, version, with_kind):
    found = facets.all_facets(filterset, version=version, with_kind=with_kind)
    for facet in found:
        for option in facet.options:
            option.url = _toggle(request.GET, facet.name, option.value, single=facet.name == "is_demonstration")
    return found
