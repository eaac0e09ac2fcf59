from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language, gettext

from indicators import figures
from indicators.models import ActionPlan
from landmarks import caching
from landmarks.models import Kind, Landmark
from portal import datapackage
from publishing.caching import cached_counts


def home(request):
    counts = cached_counts(
        "home",
        "",
        lambda: Landmark.objects.published().count_per_kind(),
        version=caching.data_version(),
    )
    registries = [{"kind": kind, "label": label, "count": counts.get(kind, 0)} for kind, label in Kind.choices]
    return render(
        request,
        "portal/home.html",
        {
            "registries": registries,
            "total": sum(counts.values()),
            "development_index": figures.development_index(),
            "plan_summary": figures.plan_summary(),
        },
    )


def healthz(request):
    """For load balancers: 200 when the app can reach its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap-index"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /en/admin/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain")


def datapackage_json(request):
    """/data/datapackage.json: the open data package's descriptor (paths relative to /data/)."""
    return HttpResponse(datapackage.descriptor_json(), content_type="application/json; charset=utf-8")


def datapackage_resource(request, name):
    """/data/<resource>.csv: one table of the package, published rows only."""
    resource = datapackage.BY_NAME.get(name)
    if resource is None:
        raise Http404(gettext("No such table in the data package."))
    response = HttpResponse(resource.csv(request), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{resource.path}"'
    return response


def datapackage_zip(request):
    """/data/smart-city-data.zip: the descriptor and every table in one download."""
    response = HttpResponse(datapackage.zip_bytes(request), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{datapackage.ZIP_NAME}"'
    return response


def favicon(request):
    """/favicon.ico, which browsers and crawlers ask for whatever the page links: the PNG icon."""
    return redirect(static("portal/favicon.png"), permanent=True)


def latest_action_plan(request):
    """/action-plan/: the latest published action plan (the navigation's link)."""
    plan = get_object_or_404(ActionPlan.objects.published().order_by("-start_year")[:1])
    return redirect(plan)


def api_docs(request):
    """The API's documentation in the site's frame: what to call for what, the rates, then
    Swagger UI (from drf-spectacular-sidecar) for the full reference in the page's language."""
    landmarks = reverse("api:landmark-list")
    registries = [
        {"label": label, "url": f"{landmarks}?kind={kind}", "csv": f"{landmarks}?kind={kind}&format=csv"}
        for kind, label in Kind.choices
    ]
    return render(
        request,
        "portal/api_docs.html",
        {
            "registries": registries,
            "api_root": reverse("api:root"),
            "schema_url": f"{reverse('api:schema')}?lang={get_language()}",
            "anonymous_rate": settings.API_ANON_RATE_PER_MINUTE,
            "key_rate": settings.API_KEY_RATE_PER_MINUTE,
        },
    )
