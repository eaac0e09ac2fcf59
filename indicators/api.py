"""The partner API's read-only views of the figures (/api/v1/, README "Partner API").

Indicators and observations start from .published() (an observation is public when its
indicator is), targets from Target.objects.published(). Filters are indicators.filters, the
pages' own; conventions (paging, CSV, errors) are publishing.api's, as for the landmarks.
"""


from django.db.models import Prefetch
from django.http import HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import NotFound

from indicators.filters import IndicatorFilter, ObservationFilter
from indicators.models import Domain, Indicator, Observation, Target, removed_indicators, removed_observations
from indicators.serializers import (
    DomainSerializer,
    IndicatorDetailSerializer,
    IndicatorSerializer,
    ObservationSerializer,
    RemovedIndicatorSerializer,
    RemovedObservationSerializer,
    TargetSerializer,
)
from publishing.api import (
    FORMAT,
    ApiViewMixin,
    RememberingFilterBackend,
    cache_per_data_version,
    fields_parameter,
    fresh_unless_changed,
)
from publishing.models import FormerAddress
from publishing.viewsets import ReferenceViewSet, RemovedView

# Part of every ETag: bump it when a response's shape changes, so cached copies are refetched.
REPRESENTATION = "indicators-1"


# 304 before the filters and the page are queried: one aggregate query decides.
fresh_figures = fresh_unless_changed("indicators", representation=REPRESENTATION)
# Inside it: the answers themselves, kept until the figures change.
cached_figures = cache_per_data_version("indicators", representation=REPRESENTATION)


@extend_schema_view(
    list=extend_schema(summary=_("The report's domains: chapters, each with its sections"), parameters=[FORMAT]),
    retrieve=extend_schema(summary=_("One domain, with its sections"), parameters=[FORMAT]),
)
class DomainViewSet(ReferenceViewSet):
    """The report's areas as a tree: a chapter and the sections of it that carry figures."""

    serializer_class = DomainSerializer
    csv_filename = "domains"

    def get_queryset(self):
        domains = Domain.objects.prefetch_related("children")
        return domains.filter(parent=None) if self.action == "list" else domains


@extend_schema_view(
    list=extend_schema(
        summary=_("Published indicators, a page at a time"),
        parameters=[FORMAT, fields_parameter(IndicatorSerializer.Meta.fields)],
    ),
    retrieve=extend_schema(
        summary=_("One published indicator, with its components and every value"),
        parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH, description=_("The indicator's code.")), FORMAT],
    ),
)
@method_decorator(fresh_figures, name="list")
@method_decorator(fresh_figures, name="retrieve")
@method_decorator(cached_figures, name="list")
@method_decorator(cached_figures, name="retrieve")
class IndicatorViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """What the report measures, in what unit. Detail: `/api/v1/indicators/{code}/`."""

    filter_backends = [RememberingFilterBackend]
    filterset_class = IndicatorFilter
    csv_filename = "indicators"
    data_name = "indicators"  # the total is counted once per data version (PortalPageNumberPagination)

    @property
    def selectable_fields(self):
        return IndicatorSerializer.Meta.fields if self.action == "list" else None

    def get_serializer_class(self):
        return IndicatorDetailSerializer if self.action == "retrieve" else IndicatorSerializer

    def get_queryset(self):
        return Indicator.objects.published().select_related("domain", "parent")

    def get_object(self):
        observations = Observation.objects.published().for_listing().in_public_order()
        queryset = self.get_queryset().prefetch_related(
            Prefetch("observations", queryset=observations),
            Prefetch("components", queryset=Indicator.objects.published().in_public_order()),
        )
        try:
            return queryset.get(code=self.kwargs["code"])
        except Indicator.DoesNotExist:
            raise NotFound(gettext("No published indicator has this code.")) from None

    def retrieve(self, request, *args, **kwargs):
        try:
            return super().retrieve(request, *args, **kwargs)
        except NotFound:
            # A code merged away (renamed-codes.tsv) or changed by an approved edit: for good.
            moved = FormerAddress.objects.public_record(Indicator, kwargs["code"])
            if moved is None:
                raise
            url = reverse("api:indicator-detail", kwargs={"code": moved.code})
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


@extend_schema_view(
    list=extend_schema(
        summary=_("Published values, a page at a time"),
        description=_(
            "Every value with the phrase of the report it is read from. All of one domain for "
            "2015–2016 as CSV: ?domain=infrastructure&year_min=2015&year_max=2016&format=csv."
        ),
        parameters=[FORMAT, fields_parameter(ObservationSerializer.Meta.fields)],
    ),
)
@method_decorator(fresh_figures, name="list")
@method_decorator(cached_figures, name="list")
class ObservationViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """The indicators' values: one per indicator, year, place and reading."""

    serializer_class = ObservationSerializer
    filter_backends = [RememberingFilterBackend]
    filterset_class = ObservationFilter
    selectable_fields = ObservationSerializer.Meta.fields
    csv_filename = "observations"
    data_name = "indicators"  # the total is counted once per data version (PortalPageNumberPagination)

    def get_queryset(self):
        return Observation.objects.published().for_listing()


@extend_schema_view(
    get=extend_schema(summary=_("Indicators to drop from a copy: withdrawn, expired or deleted"))
)
@method_decorator(fresh_figures, name="get")
class RemovedIndicatorView(RemovedView):
    """Indicators once published and no longer public, and deleted ones, oldest removal first."""

    serializer_class = RemovedIndicatorSerializer
    csv_filename = "removed-indicators"
    removed = staticmethod(removed_indicators)


@extend_schema_view(
    get=extend_schema(
        summary=_("Values to drop from a copy: their indicator's withdrawal or expiry, or their deletion"),
    )
)
@method_decorator(fresh_figures, name="get")
class RemovedObservationView(RemovedView):
    """Values whose indicator left the public (removed with it), and deleted ones, by id."""

    serializer_class = RemovedObservationSerializer
    csv_filename = "removed-observations"
    removed = staticmethod(removed_observations)


@extend_schema_view(
    list=extend_schema(
        summary=_("The action plan's targets, judged from the figures beside the report's tick"),
        parameters=[FORMAT],
    ),
)
class TargetViewSet(ReferenceViewSet):
    """附表 1.1: each target, the values it is judged by, our verdict and the report's."""

    serializer_class = TargetSerializer
    csv_filename = "targets"

    def get_queryset(self):
        return Target.objects.published().with_measures().in_public_order()
