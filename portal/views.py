import json
import math
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language, gettext

from indicators import figures
from indicators.models import ActionPlan
from landmarks import caching
from landmarks.models import Kind, Landmark
from portal import catalogue, datapackage, reader, search
from portal.keys import DownloadRateThrottle
from portal.report import report
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
    package = datapackage.stored_zip(request)
    response = FileResponse(package.open(), content_type="application/zip", as_attachment=True, filename=datapackage.ZIP_NAME)
    response["ETag"] = f'"{package.version}"'
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


# --- The report reader ----------------------------------------------------------------------


def report_index(request):
    """/report/: the report's chapters."""
    return render(request, "portal/report_index.html", {"chapters": reader.chapters()})


def report_chapter(request, chapter):
    """/report/<chapter>/: the chapter's text reflowed, with links to the data; ?lines= highlights
    the passage a citation names."""
    text = report().by_key.get(chapter)
    if text is None:
        raise Http404(gettext("The report has no such chapter."))
    form = reader.PassageForm(request.GET)
    status = 200 if form.is_valid() else 400
    cited = form.cited_lines() if status == 200 else set()
    drawn = reader.drawn_over(text, cited)
    chapters = reader.chapters()
    position = chapters.index(text)
    return render(
        request,
        "portal/report_chapter.html",
        {
            "chapter": text,
            "blocks": reader.chapter_blocks(text, drawn),
            "contents": reader.chapter_contents(text),
            "previous": chapters[position - 1] if position > 0 else None,
            "next": chapters[position + 1] if position + 1 < len(chapters) else None,
            "form": form,
        },
        status=status,
    )


def report_line(request, line):
    """/report/line/<n>/: redirects to the line in its chapter (?to= the passage's last line)."""
    text = report().chapter_of(line)
    if text is None:
        raise Http404(gettext("The report's text has no such line."))
    form = reader.LineForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest(
            "; ".join(f"{name}: {' '.join(messages)}" for name, messages in form.errors.items()), content_type="text/plain"
        )
    last = form.cleaned_data["to"]
    passage = f"{line}-{last}" if last and last > line else str(line)
    return redirect(f"{text.get_absolute_url()}?lines={passage}#L{line}")


# --- Search ---------------------------------------------------------------------------------

SEARCH_FIRST = 5
SEARCH_PAGE = 20


class SearchPageForm(search.SearchForm):
    kind = forms.ChoiceField(choices=[(kind, label) for kind, (label, *_rest) in search.KINDS.items()], required=False)
    page = forms.IntegerField(min_value=1, required=False)


def search_page(request):
    """/search/?q=: every kind's count and first results; ?kind= one kind's results, paged."""
    if not request.GET.get("q", "").strip():
        return render(request, "portal/search.html", {"form": search.SearchForm()})
    form = SearchPageForm(request.GET)
    if not form.is_valid():
        return render(request, "portal/search.html", {"form": form}, status=400)
    query, kind, number = form.cleaned_data["q"], form.cleaned_data["kind"], form.cleaned_data["page"] or 1
    context = {"form": form, "query": query}
    if kind:
        group = search.group(kind, query, first=SEARCH_PAGE, offset=(number - 1) * SEARCH_PAGE)
        try:
            page = Paginator(range(group.count), SEARCH_PAGE).page(number)
        except InvalidPage:
            raise Http404(gettext("No such page of results.")) from None
        context.update(groups=[group], kind=kind, page=page, page_query=urlencode({"q": query, "kind": kind}))
    else:
        context["groups"] = search.everything(query, first=SEARCH_FIRST)
    return render(request, "portal/search.html", context)
