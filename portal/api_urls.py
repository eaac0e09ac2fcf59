"""/api/v1/: outside i18n_patterns, so partners' URLs never carry a language prefix."""

from django.http import JsonResponse
from django.urls import path, re_path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from indicators.api import (
    DomainViewSet,
    IndicatorViewSet,
    ObservationViewSet,
    RemovedIndicatorView,
    RemovedObservationView,
    TargetViewSet,
)
from landmarks.api import (
    BatchViewSet,
    DistrictViewSet,
    LandmarkSyncView,
    LandmarkViewSet,
    RegistryChangesView,
    RemovedLandmarkView,
)
from publishing.api import ApiViewMixin

app_name = "api"

RESOURCES = {
    "landmarks": "api:landmark-list",
    "landmarks_sync": "api:landmark-sync",
    "landmarks_removed": "api:landmark-removed",
    "landmarks_changes": "api:landmark-changes",
    "districts": "api:district-list",
    "batches": "api:batch-list",
    "domains": "api:domain-list",
    "indicators": "api:indicator-list",
    "indicators_removed": "api:indicator-removed",
    "observations": "api:observation-list",
    "observations_removed": "api:observation-removed",
    "targets": "api:target-list",
    "schema": "api:schema",
    "docs": "api:docs",
}


class ApiRootView(ApiViewMixin, APIView):
    """What the API offers, with links."""

    renderer_classes = [JSONRenderer]

    @extend_schema(
        summary=_("The API's resources"),
        responses=inline_serializer("ApiRoot", {name: serializers.URLField() for name in RESOURCES}),
    )
    def get(self, request):
        return Response({name: reverse(url_name, request=request) for name, url_name in RESOURCES.items()})


class ApiDocsView(SpectacularSwaggerSplitView):
    """The API's interactive documentation (Swagger UI).

    The split view serves Swagger UI's start-up script as a file (?script) rather than inline,
    so the Content-Security-Policy needs no 'unsafe-inline' (templates/drf_spectacular/swagger_ui.html).
    """

    def get_renderers(self):
        # Its only renderer is the page's template, which has nothing to show for OPTIONS (a 500):
        # OPTIONS answers as every other endpoint does, 200 with Allow and the metadata as JSON.
        if self.request.method == "OPTIONS":
            return [JSONRenderer()]
        return super().get_renderers()


def not_found(request, path=""):
    """Any other path under /api/v1/: a JSON 404 in the API's error shape, not the site's HTML page."""
    return JsonResponse({"detail": gettext("Not found.")}, status=404, json_dumps_params={"ensure_ascii": False})


urlpatterns = [
    path("", ApiRootView.as_view(), name="root"),
    path("landmarks/", LandmarkViewSet.as_view({"get": "list"}), name="landmark-list"),
    path("landmarks/sync/", LandmarkSyncView.as_view(), name="landmark-sync"),
    path("landmarks/removed/", RemovedLandmarkView.as_view(), name="landmark-removed"),
    # A fixed path under landmarks/, listed before the detail route like sync/ and removed/.
    path("landmarks/changes/", RegistryChangesView.as_view(), name="landmark-changes"),
    path("landmarks/<slug:kind>/<slug:slug>/", LandmarkViewSet.as_view({"get": "retrieve"}), name="landmark-detail"),
    path("districts/", DistrictViewSet.as_view({"get": "list"}), name="district-list"),
    path("districts/<slug:slug>/", DistrictViewSet.as_view({"get": "retrieve"}), name="district-detail"),
    path("batches/", BatchViewSet.as_view({"get": "list"}), name="batch-list"),
    path("batches/<slug:slug>/", BatchViewSet.as_view({"get": "retrieve"}), name="batch-detail"),
    path("domains/", DomainViewSet.as_view({"get": "list"}), name="domain-list"),
    path("domains/<slug:slug>/", DomainViewSet.as_view({"get": "retrieve"}), name="domain-detail"),
    path("indicators/", IndicatorViewSet.as_view({"get": "list"}), name="indicator-list"),
    path("indicators/removed/", RemovedIndicatorView.as_view(), name="indicator-removed"),
    path("indicators/<slug:code>/", IndicatorViewSet.as_view({"get": "retrieve"}), name="indicator-detail"),
    path("observations/", ObservationViewSet.as_view({"get": "list"}), name="observation-list"),
    path("observations/removed/", RemovedObservationView.as_view(), name="observation-removed"),
    path("targets/", TargetViewSet.as_view({"get": "list"}), name="target-list"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(url_name="api:schema"), name="docs"),
    re_path(r"^(?P<path>[\s\S]*)$", not_found),  # [\s\S]: a newline (%0A) in the path too
]
