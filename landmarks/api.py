"""The partner API's read-only views of the registries (/api/v1/, README "Partner API").

Every queryset starts from Landmark.objects.published(): list, detail, CSV and sync alike, so a
draft never leaves the building. Filters are landmarks.filters.LandmarkFilter, the directory's.
"""


from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, viewsets
from rest_framework.exceptions import NotFound

from landmarks.filters import LandmarkFilter
from landmarks.models import Batch, District, Kind, Landmark, registry_order, removed_landmarks
from landmarks.serializers import BatchSerializer, DistrictSerializer, LandmarkSerializer, RemovedLandmarkSerializer
from publishing.api import FORMAT, ApiViewMixin, UpdatedCursorPagination, fields_parameter, fresh_unless_changed
from publishing.viewsets import ReferenceViewSet, RemovedView

# Part of every ETag: bump it when a response's shape changes, so cached copies are refetched.
REPRESENTATION = "landmarks-1"

FIELDS = fields_parameter(LandmarkSerializer.Meta.fields)


# 304 before the filters and the page are queried: one aggregate query decides.
fresh_landmarks = fresh_unless_changed("landmarks", representation=REPRESENTATION)


class LandmarkQueryMixin(ApiViewMixin):
    serializer_class = LandmarkSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = LandmarkFilter
    selectable_fields = LandmarkSerializer.Meta.fields
    csv_filename = "landmarks"

    def get_queryset(self):
        return Landmark.objects.published().for_listing().with_same_place()


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
class LandmarkViewSet(LandmarkQueryMixin, viewsets.ReadOnlyModelViewSet):
    """The registries' published entries. Detail: /api/v1/landmarks/<kind>/<slug>/ (a slug is unique per registry)."""

    def get_object(self):
        queryset = self.filter_queryset(self.get_queryset())
        try:
            return queryset.get(kind=self.kwargs["kind"], slug=self.kwargs["slug"])
        except Landmark.DoesNotExist:
            raise NotFound(gettext("No published entry has this registry and slug.")) from None


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
