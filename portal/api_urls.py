"""/api/v1/: outside i18n_patterns, so partners' URLs never carry a language prefix."""

from urllib.parse import urlencode

from django.http import HttpResponseRedirect, JsonResponse
from django.urls import path, re_path
from django.urls import reverse as reverse_url
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from drf_spectacular.views import SpectacularAPIView
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
from portal import search
from publishing.api import ApiViewMixin, read_query

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
    "search": "api:search",
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


# --- Search -------------------------------------------------------------------------------------

SEARCH_FIRST = 5
# Each kind's own list, filtered by the same q: the group's full, paged results (the report's text
# has no list of its own in the API).
SEARCH_LISTS = {"landmarks": "api:landmark-list", "indicators": "api:indicator-list", "observations": "api:observation-list"}
MATCH_FIELDS = {
    "excerpt": serializers.CharField(help_text=_("The text that matched, cut to the match's neighbourhood.")),
    "matched": serializers.CharField(help_text=_("The part of the excerpt the query matched (empty when it matched the pinyin).")),
}


def search_group_serializer(name, item_fields, *, with_url=True):
    fields = {
        "count": serializers.IntegerField(help_text=_("How many results of this kind.")),
        "results": inline_serializer(f"{name}Result", {**item_fields, **MATCH_FIELDS}, many=True),
    }
    if with_url:
        fields["url"] = serializers.URLField(help_text=_("All of them, paged, in this kind's own list (its q filter)."))
    else:
        fields["url"] = serializers.URLField(allow_null=True, help_text=_("Always null: the report's text has no list in the API."))
    return inline_serializer(f"{name}Group", fields)


PAGE_FIELD = serializers.URLField(help_text=_("Its page on the site."))
SEARCH_RESPONSE = inline_serializer(
    "SearchResults",
    {
        "q": serializers.CharField(),
        "landmarks": search_group_serializer(
            "SearchLandmark",
            {"kind": serializers.CharField(), "slug": serializers.CharField(), "name_zh": serializers.CharField(),
             "name_en": serializers.CharField(), "url": serializers.URLField(help_text=_("The entry in the API.")),
             "page": PAGE_FIELD},
        ),
        "indicators": search_group_serializer(
            "SearchIndicator",
            {"code": serializers.CharField(), "name_zh": serializers.CharField(), "name_en": serializers.CharField(),
             "url": serializers.URLField(help_text=_("The indicator in the API.")), "page": PAGE_FIELD},
        ),
        "observations": search_group_serializer(
            "SearchObservation",
            {"id": serializers.IntegerField(), "indicator": serializers.CharField(), "year": serializers.IntegerField(),
             "value": serializers.CharField(), "quote": serializers.CharField(),
             "citation_url": serializers.URLField(allow_null=True, help_text=_("The quote in the report reader.")),
             "page": PAGE_FIELD},
        ),
        "report": search_group_serializer(
            "SearchPassage",
            {"chapter": serializers.CharField(help_text=_("1–10, appendix-1, appendix-2 or front.")),
             "line": serializers.IntegerField(help_text=_("The line of data/report/report.txt the match is on.")),
             "page": PAGE_FIELD},
            with_url=False,
        ),
    },
)


class SearchView(ApiViewMixin, APIView):
    """One search over entries, indicators, figures and the report's text (as /search/ on the site)."""

    renderer_classes = [JSONRenderer]

    @extend_schema(
        summary=_("Search everything"),
        description=_(
            "Entries (Chinese name, pinyin, initials, English name), indicators (names and definitions in "
            "both languages, code), figures (their quotes) and the report's text (Chinese). Each kind "
            "gives its count, its first results and the address of all of them in its own list."
        ),
        parameters=[
            OpenApiParameter(
                "q", str, required=True,
                description=_("What to look for: Chinese of any length, pinyin or English (at most 100 characters)."),
            )
        ],
        responses=SEARCH_RESPONSE,
    )
    def get(self, request):
        query = read_query(search.SearchForm, request)["q"]
        absolute = request.build_absolute_uri
        body = {"q": query}
        for group in search.everything(query, first=SEARCH_FIRST):
            list_name = SEARCH_LISTS.get(group.kind)
            body[group.kind] = {
                "count": group.count,
                "results": [self.item(group.kind, hit, absolute) for hit in group.results],
                "url": f"{reverse(list_name, request=request)}?{urlencode({'q': query})}" if list_name else None,
            }
        return Response(body)

    def item(self, kind, hit, absolute):
        before, matched, after = hit.excerpt
        row, page = hit.record, absolute(hit.url)
        match = {"excerpt": before + matched + after, "matched": matched}
        if kind == "landmarks":
            url = reverse("api:landmark-detail", kwargs={"kind": row.kind, "slug": row.slug}, request=self.request)
            return {"kind": row.kind, "slug": row.slug, "name_zh": row.name_zh, "name_en": row.name_en, "url": url, "page": page, **match}
        if kind == "indicators":
            url = reverse("api:indicator-detail", kwargs={"code": row.code}, request=self.request)
            return {"code": row.code, "name_zh": row.name_zh, "name_en": row.name_en, "url": url, "page": page, **match}
        if kind == "observations":
            return {
                "id": row.pk, "indicator": row.indicator.code, "year": row.year, "value": row.value_text, "quote": row.quote,
                "citation_url": absolute(hit.source_url) if hit.source_url else None, "page": page, **match,
            }
        return {**row, "page": page, **match}


class ApiDocsView(ApiViewMixin, APIView):
    """/api/v1/docs/: the documentation is a page of the site (portal.views.api_docs), in the
    language the client asks for; here only a redirect, kept for links to the old address."""

    renderer_classes = [JSONRenderer]

    @extend_schema(exclude=True)
    def get(self, request):
        return HttpResponseRedirect(reverse_url("api-docs"))


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
    path("search/", SearchView.as_view(), name="search"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(), name="docs"),
    re_path(r"^(?P<path>[\s\S]*)$", not_found),  # [\s\S]: a newline (%0A) in the path too
]
