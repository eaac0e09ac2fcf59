"""The public indicator pages: the list by domain, one indicator, and the action plan's targets.

Each page offers its rows as CSV and JSON (?format=csv, ?format=json), read through FormatForm
(the list: IndicatorFilter and PageOptionsForm): any other value is a 400 that names the
parameter. Unknown or unpublished codes, and a page past the end of the list, are a 404.
"""

from django import forms
from django.core.paginator import InvalidPage
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy

from indicators import caching, charts, display, exports, figures
from indicators.filters import IndicatorFilter
from indicators.models import ActionPlan, Indicator, Observation, Workstream
from indicators.serializers import ObservationSerializer, TargetSerializer
from publishing import downloads
from publishing.caching import cached_counts
from publishing.filters import filter_key
from publishing.listing import CountedPaginator, PageOptionsForm, field_errors, query_without
from publishing.models import FormerAddress
from publishing.preview import staff_preview

PAGE_SIZE = 50


class FormatForm(forms.Form):
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[("html", "HTML"), ("csv", "CSV"), ("json", "JSON")],
        required=False,
    )


def _read_format(request):
    """(the format, None) or (None, a 400 response naming the parameter)."""
    form = FormatForm(request.GET)
    if form.is_valid():
        return form.cleaned_data["format"] or "html", None
    errors = [
        {"name": name, "label": form.fields[name].label, "messages": messages} for name, messages in form.errors.items()
    ]
    return None, render(request, "indicators/bad_request.html", {"errors": errors}, status=400)


def indicator_list(request):
    """The published indicators under their chapters and sections, a page at a time.

    ?domain= and ?q= are IndicatorFilter's, as in the API; the downloads hold every indicator the
    filters select, in the page's order. The domain counts are cached per version of the
    indicators; the indicators shown and their values are read live.
    """
    filterset = IndicatorFilter(request.GET, queryset=Indicator.objects.published().for_listing())
    options = PageOptionsForm(request.GET)
    context = {"filter": filterset}
    if not (filterset.is_valid() & options.is_valid()):  # & so both report their errors
        context["errors"] = field_errors(filterset, options)
        return render(request, "indicators/list.html", context, status=400)

    indicators = filterset.qs.in_report_order()
    output = options.cleaned_data["format"] or "html"
    if output != "html":
        rows = (
            exports.indicator_row(indicator, latest, request=request)
            for indicator, latest in figures.listed_with_latest(indicators)
        )
        return exports.download(rows, output=output, columns=exports.INDICATOR_COLUMNS, stem="indicators")

    selected = filterset.form.cleaned_data.get("domain")
    counts = cached_counts(
        "indicator-domains",
        filter_key(filterset, without="domain"),
        lambda: figures.indicators_per_domain(filterset.queryset_without("domain")),
        version=caching.indicators_version(),
    )
    navigation = figures.domain_navigation(counts, selected=selected)
    links = list(figures.navigation_links(navigation))
    total = next((link.count for link in links if link.selected), sum(counts.values()))
    paginator = CountedPaginator(indicators, PAGE_SIZE, count=total)
    number = options.cleaned_data["page"] or 1
    try:
        page = paginator.page(number)
    except InvalidPage:
        context.update(missing_page=number, paginator=paginator, query=query_without(request.GET, "page"))
        return render(request, "indicators/list.html", context, status=404)

    for link in links:
        link.url = _with_domain(request.GET, link.domain.slug)
    context.update(
        page=page,
        groups=figures.page_groups(figures.with_latest(page.object_list)),
        navigation=navigation,
        domain=selected,
        all_domains=_with_domain(request.GET, None),
        search=filterset.form.cleaned_data.get("q"),
        query=query_without(request.GET, "page"),
        download_query=query_without(request.GET, "page", "format"),
        plans=ActionPlan.objects.published().order_by("-end_year"),
    )
    return render(request, "indicators/list.html", context)


def _with_domain(query, slug):
    """This list with another domain (or none), from its first page."""
    query = query.copy()
    for name in ("domain", "page", "format"):
        query.pop(name, None)
    if slug:
        query["domain"] = slug
    return "?" + query.urlencode()


def detail(request, code):
    try:
        indicator = get_object_or_404(_with_page_data(Indicator.objects.published()), code=code)
    except Http404:
        # A code changed by an approved edit: its old address leads to the indicator for good.
        moved = FormerAddress.objects.public_record(Indicator, code)
        if moved is None:
            raise
        return HttpResponsePermanentRedirect(moved.get_absolute_url())
    return indicator_page(request, indicator)


def _with_page_data(queryset):
    return queryset.select_related("domain", "domain__parent", "parent")


@staff_preview(Indicator, queryset=lambda: _with_page_data(Indicator.objects.all()))
def preview(request, indicator, *, preview):
    return indicator_page(request, indicator, preview=preview)


def indicator_page(request, indicator, *, preview=False):
    """An indicator's public page; preview=True shows a version staff are preparing, as it would be."""
    output, error = _read_format(request)
    if error:
        return error
    observations = list(indicator.observations.select_related("district").in_public_order())
    if output != "html":
        # The API's rows: the same columns as /api/v1/observations/?indicator=<code>&format=csv.
        return downloads.serialized_response(
            ObservationSerializer, observations, request=request, output=output, stem=f"indicator-{indicator.code}"
        )
    components = list(Indicator.objects.published().filter(parent=indicator.record).in_public_order())
    latest = figures.latest_city_values(Observation.objects.published().filter(indicator__parent=indicator.record))
    chart_points = charts.points(
        observations, label=lambda o: display.value_phrase(o.value_text, o.qualifier)
    )
    return render(
        request,
        "indicators/detail.html",
        {
            "indicator": indicator,
            "composite": indicator.parent if indicator.parent and indicator.parent.is_published else None,
            "observations": observations,
            "chart": charts.bar_chart(chart_points),
            "summary": charts.summary(chart_points),
            "disagreements": figures.disagreements(observations),
            "components": [(component, latest.get(component.pk)) for component in components],
            "targets": figures.indicator_targets(indicator.record),
            "preview": preview,
        },
    )


def action_plan(request, slug):
    plan = get_object_or_404(ActionPlan.objects.published(), slug=slug)
    output, error = _read_format(request)
    if error:
        return error
    rows = figures.plan_targets(plan)
    if output != "html":
        # The API's rows: the same columns, flags and hidden draft codes as /api/v1/targets/?format=csv.
        targets = [row.target for row in rows]
        return downloads.serialized_response(
            TargetSerializer, targets, request=request, output=output, stem=f"action-plan-{plan.slug}"
        )
    return render(
        request,
        "indicators/action_plan.html",
        {"plan": plan, "rows": rows, "workstreams": Workstream.objects.filter(plan=plan).order_by("position")},
    )
