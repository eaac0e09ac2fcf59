import json

from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext

from indicators import figures
from landmarks import caching
from landmarks.models import Kind, Landmark
from portal import catalogue, datapackage
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


def data_catalogue(request):
    """/data/: each table of the open data package with its metadata, schema, a preview of its
    first rows and its API address; DCAT in the page as JSON-LD (data, not a script that runs)."""
    tables = catalogue.tables(request)
    package = datapackage.descriptor()
    return render(
        request,
        "portal/data.html",
        {
            "tables": tables,
            "package": package,
            "licence": package.get("licenses", [None])[0],
            "publisher": catalogue.publisher_name(),
            # json.dumps escapes nothing for HTML: "</script>" in a description must not end the block.
            "dcat": json.dumps(catalogue.dcat(request, tables), ensure_ascii=False, indent=1).replace("</", "<\\/"),
        },
    )


def data_catalogue_jsonld(request):
    """/data/catalog.jsonld: the catalogue's DCAT metadata alone, for harvesters."""
    document = catalogue.dcat(request, catalogue.tables(request))
    return JsonResponse(
        document, content_type="application/ld+json; charset=utf-8", json_dumps_params={"ensure_ascii": False, "indent": 1}
    )
