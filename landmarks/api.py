"""The partner API's read-only views of the registries (/api/v1/, README "Partner API").

Every queryset starts from Landmark.objects.published(): list, detail, CSV and sync alike, so a
draft never leaves the building. Filters are landmarks.filters.LandmarkFilter, the directory's.
"""

from collections import defaultdict, namedtuple

from django import forms
from django.http import HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, viewsets
from rest_framework.exceptions import NotFound

from landmarks.filters import LandmarkFilter
from landmarks.models import (
    REGISTRY_ORDER,
    Batch,
    District,
    Kind,
    Landmark,
    LandmarkDistrict,
    registry_events,
    registry_order,
    removed_landmarks,
)
from landmarks.serializers import (
    BatchSerializer,
    DistrictSerializer,
    LandmarkSerializer,
    RegistryEventSerializer,
    RemovedLandmarkSerializer,
)
from publishing.api import (
    FORMAT,
    ApiViewMixin,
    PortalPageNumberPagination,
    RememberingFilterBackend,
    UpdatedCursorPagination,
    cache_per_data_version,
    fields_parameter,
    fresh_unless_changed,
    read_query,
)
from publishing.filters import PartialDateBoundField
from publishing.models import FormerAddress, public_through
from publishing.schema import PARTIAL_DATE_PATTERN
from publishing.viewsets import ReferenceViewSet, RemovedView

# Part of every ETag: bump it when a response's shape changes, so cached copies are refetched.
REPRESENTATION = "landmarks-1"

FIELDS = fields_parameter(LandmarkSerializer.Meta.fields)


# 304 before the filters and the page are queried: one aggregate query decides.
fresh_landmarks = fresh_unless_changed("landmarks", representation=REPRESENTATION)
# Inside it: the answers themselves, kept until the registries change.
cached_landmarks = cache_per_data_version("landmarks", representation=REPRESENTATION)


class LandmarkPagination(PortalPageNumberPagination):
    """The list's pages. An as_of answer also says how many entries it left out, and why: in the
    JSON beside the results, and (CSV rows have nowhere to say it) in a header of both formats."""

    def paginate_queryset(self, queryset, request, view=None):
        filterset = getattr(view, "filterset", None)
        self.as_of = filterset.as_of_answer() if filterset is not None else None
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        if self.as_of is not None:
            results = response.data.pop("results")
            response.data.update(as_of=self.as_of, results=results)
            response[LEFT_OUT_HEADER] = str(self.as_of["left_out"])
        return response

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        results = paginated["properties"].pop("results")
        paginated["properties"].update(as_of=AS_OF_SCHEMA, results=results)
        return paginated


LEFT_OUT_HEADER = "X-As-Of-Left-Out"
AS_OF_SCHEMA = {
    "type": "object",
    "description": str(_("Only with ?as_of=: the day, and the entries the answer leaves out.")),
    "required": ["date", "left_out", "reason"],
    "properties": {
        "date": {"type": "string", "format": "date"},
        "left_out": {
            "type": "integer",
            "minimum": 0,
            "description": str(_("Entries the other filters select that have no designation date.")),
        },
        "reason": {"type": "string"},
    },
}


class LandmarkQueryMixin(ApiViewMixin):
    serializer_class = LandmarkSerializer
    filter_backends = [RememberingFilterBackend]
    filterset_class = LandmarkFilter
    selectable_fields = LandmarkSerializer.Meta.fields
    csv_filename = "landmarks"
    data_name = "landmarks"  # the total is counted once per data version (PortalPageNumberPagination)

    def get_queryset(self):
        # Districts and same-place entries are read for the page only (with_page_relations).
        return Landmark.objects.published().select_related("batch")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return with_page_relations(page) if page is not None else None


DistrictNames = namedtuple("DistrictNames", "slug name_zh name_en")
SamePlace = namedtuple("SamePlace", "kind slug")


def with_page_relations(landmarks):
    """The page's districts and published same-place entries, one query each, left on each row
    as listed_districts and listed_same_place (LandmarkSerializer reads them).

    What prefetch_related("districts", "same_place") gives, in the same order (districts by
    code, entries in registry order), without a manager and a queryset per row and relation:
    on a page of 50 those were a third of the request's time.
    """
    ids = [landmark.pk for landmark in landmarks]
    districts, same_place = defaultdict(list), defaultdict(list)
    links = LandmarkDistrict.objects.filter(landmark_id__in=ids).order_by("district__code", "district_id")
    for landmark_id, *names in links.values_list("landmark_id", "district__slug", "district__name_zh", "district__name_en"):
        districts[landmark_id].append(DistrictNames(*names))
    others = (
        Landmark.same_place.through.objects.filter(from_landmark_id__in=ids)
        .filter(public_through("to_landmark"))
        .order_by(*(f"to_landmark__{column}" for column in REGISTRY_ORDER))
    )
    for landmark_id, kind, slug in others.values_list("from_landmark_id", "to_landmark__kind", "to_landmark__slug"):
        same_place[landmark_id].append(SamePlace(kind, slug))
    for landmark in landmarks:
        landmark.listed_districts = districts[landmark.pk]
        landmark.listed_same_place = same_place[landmark.pk]
    return landmarks


@extend_schema_view(
    list=extend_schema(
        summary=_("Published entries, a page at a time"),
        parameters=[FORMAT, FIELDS],
    ),
    retrieve=extend_schema(
        summary=_("One published entry"),
        parameters=[
            OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=Kind.values, description=_("The registry.")),
            OpenApiParameter("slug", str, OpenApiParameter.PATH, description=_("Unique within its registry.")),
            FORMAT,
            FIELDS,
        ],
    ),
)
@method_decorator(fresh_landmarks, name="list")
@method_decorator(fresh_landmarks, name="retrieve")
@method_decorator(cached_landmarks, name="list")
@method_decorator(cached_landmarks, name="retrieve")
class LandmarkViewSet(LandmarkQueryMixin, viewsets.ReadOnlyModelViewSet):
    """The registries' published entries. Detail: `/api/v1/landmarks/{kind}/{slug}/` (a slug is unique per registry)."""

    pagination_class = LandmarkPagination

    def get_object(self):
        queryset = self.filter_queryset(self.get_queryset())
        try:
            landmark = queryset.get(kind=self.kwargs["kind"], slug=self.kwargs["slug"])
        except Landmark.DoesNotExist:
            raise NotFound(gettext("No published entry has this registry and slug.")) from None
        # Its districts and same-place entries as a page's are read: prefetch_related's managers
        # and querysets cost more than the row itself.
        return with_page_relations([landmark])[0]

    def retrieve(self, request, *args, **kwargs):
        try:
            return super().retrieve(request, *args, **kwargs)
        except NotFound:
            # A slug changed by an approved edit: the old address leads to the entry for good.
            moved = FormerAddress.objects.public_record(Landmark, f"{kwargs['kind']}/{kwargs['slug']}")
            if moved is None:
                raise
            url = reverse("api:landmark-detail", kwargs={"kind": moved.kind, "slug": moved.slug})
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


class SyncPageSchema(AutoSchema):
    # Its own component: the cursor page has next and results, not PaginatedLandmarkList's count.
    def get_paginated_name(self, serializer_name):
        return f"Sync{serializer_name}Page"


@extend_schema_view(
    get=extend_schema(
        summary=_("Published entries by last change, for keeping a copy in sync"),
        description=_(
            "Ordered by (updated_at, id) and paged by cursor, so entries changed while you page are "
            "not skipped. Takes the same filters as the list; ordering is ignored here. Entries to drop "
            "are at /api/v1/landmarks/removed/."
        ),
        parameters=[FORMAT, FIELDS],
    )
)
@method_decorator(fresh_landmarks, name="get")
@method_decorator(cached_landmarks, name="get")
class LandmarkSyncView(LandmarkQueryMixin, generics.ListAPIView):
    pagination_class = UpdatedCursorPagination
    schema = SyncPageSchema()


@extend_schema_view(
    get=extend_schema(summary=_("Entries to drop from a copy: withdrawn, expired or deleted"))
)
@method_decorator(fresh_landmarks, name="get")
class RemovedLandmarkView(RemovedView):
    serializer_class = RemovedLandmarkSerializer
    csv_filename = "removed-landmarks"
    removed = staticmethod(removed_landmarks)


class EventRangeForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Named here, not as class attributes: "from" is a Python keyword.
        self.fields["from"] = PartialDateBoundField(upper=False, required=False)
        self.fields["to"] = PartialDateBoundField(upper=True, required=False)

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("from"), cleaned_data.get("to")
        if start and end and start > end:
            self.add_error("to", gettext("Give a date on or after from (%(start)s).") % {"start": start.isoformat()})
        return cleaned_data


def event_bound(name, description):
    return OpenApiParameter(name, {"type": "string", "pattern": PARTIAL_DATE_PATTERN}, description=description)


@extend_schema_view(
    get=extend_schema(
        summary=_("The registries' dated events: designations, demonstration marks, withdrawals"),
        description=_(
            "Real-world events of published entries, oldest first, each on the day it counts from "
            "(a date known only to the month or year counts from its last day, as in as_of answers). "
            "These are not edits of the portal: for those, keep a copy with /api/v1/landmarks/sync/."
        ),
        parameters=[
            event_bound("from", _("YYYY-MM-DD (or YYYY-MM, YYYY: from its first day): events counted on or after it.")),
            event_bound("to", _("YYYY-MM-DD (or YYYY-MM, YYYY: to its last day): events counted on or before it.")),
            FORMAT,
        ],
    )
)
@method_decorator(fresh_landmarks, name="get")
class RegistryChangesView(ApiViewMixin, generics.ListAPIView):
    serializer_class = RegistryEventSerializer
    filter_backends = []
    csv_filename = "landmark-changes"

    def get_queryset(self):
        bounds = read_query(EventRangeForm, self.request)
        return registry_events(start=bounds["from"], end=bounds["to"])


@extend_schema_view(list=extend_schema(parameters=[FORMAT]), retrieve=extend_schema(parameters=[FORMAT]))
class DistrictViewSet(ReferenceViewSet):
    """Shanghai's districts, and the former ones the report still prints (merged_into is set)."""

    serializer_class = DistrictSerializer
    csv_filename = "districts"

    def get_queryset(self):
        return District.objects.with_current()


@extend_schema_view(list=extend_schema(parameters=[FORMAT]), retrieve=extend_schema(parameters=[FORMAT]))
class BatchViewSet(ReferenceViewSet):
    """The registries' designation rounds (批次), dated only as precisely as the report prints."""

    serializer_class = BatchSerializer
    csv_filename = "batches"

    def get_queryset(self):
        return Batch.objects.order_by(registry_order(), "ordinal", "pk")
