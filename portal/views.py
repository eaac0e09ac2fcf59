import math

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext

from indicators import figures
from landmarks import caching
from landmarks.models import Kind, Landmark
from portal import datapackage
from portal.keys import DownloadRateThrottle
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


def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap-index"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /en/admin/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain")


def datapackage_json(request):
    """/data/datapackage.json: the open data package's descriptor (paths relative to /data/)."""
    return HttpResponse(datapackage.descriptor_json(), content_type="application/json; charset=utf-8")


def datapackage_resource(request, name):
    """/data/<resource>.csv: one table of the package, published rows only, from the stored zip."""
    resource = datapackage.BY_NAME.get(name)
    if resource is None:
        raise Http404(gettext("No such table in the data package."))
    response = HttpResponse(datapackage.stored_file(request, resource.path), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{resource.path}"'
    return response


def datapackage_zip(request):
    """/data/smart-city-data.zip: the descriptor and every table in one download, built once per data version."""
    refused = _download_refused(request)
    if refused:
        return refused
    path = datapackage.stored_zip(request)
    response = FileResponse(path.open("rb"), content_type="application/zip", as_attachment=True, filename=datapackage.ZIP_NAME)
    response["ETag"] = f'"{path.stem}"'
    return response


def _download_refused(request):
    """A 429 past DATAPACKAGE_RATE_PER_MINUTE zips per client (counted as the API's rates are).

    The zip is built once per data version, but each is a few megabytes: a client fetching it in
    a loop would take the bandwidth of everyone else. The CSVs are the size of one table each."""
    throttle = DownloadRateThrottle()
    if throttle.allow_request(request, None):
        return None
    response = HttpResponse(gettext("Too many downloads. Please try again in a minute."), status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(math.ceil(throttle.wait()))
    return response
