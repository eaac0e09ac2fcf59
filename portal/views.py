from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from indicators import figures
from landmarks import caching
from landmarks.models import Kind, Landmark


def home(request):
    counts = caching.cached_counts(
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
