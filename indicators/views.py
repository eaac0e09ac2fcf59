"""The public indicator pages: the list by domain, one indicator, and the action plan's targets.

Each page offers its rows as CSV and JSON (?format=csv, ?format=json), read through FormatForm
(the list: IndicatorFilter and PageOptionsForm): any other value is a 400 that names the
parameter. Unknown or unpublished codes, and a page past the end of the list, are a 404.
"""

import cairosvg
from django import forms
from django.core.paginator import InvalidPage
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, QueryDict
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.clickjacking import xframe_options_exempt

from indicators import caching, charts, citing, display, exports, figures
from indicators.filters import IndicatorFilter
from indicators.models import ActionPlan, Indicator, Observation, Workstream
from indicators.serializers import ObservationSerializer, TargetSerializer
from indicators.status import Verdict, count_verdicts, verdict
from landmarks.models import REPORT_TITLE, District
from publishing import downloads
from publishing.caching import cached_counts
from publishing.filters import filter_key
from publishing.listing import CountedPaginator, PageOptionsForm, api_address, field_errors, query_without
from publishing.models import FormerAddress
from publishing.preview import staff_preview
from publishing.punctuation import marks

PAGE_SIZE = 50


class FormatForm(forms.Form):
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[("html", "HTML"), ("csv", "CSV"), ("json", "JSON")],
        required=False,
    )


class ActionPlanForm(FormatForm):
    """The action plan's targets, all or those of one verdict (?status=not_met), page or download."""

    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=Verdict.choices, required=False)


class IndicatorFormatForm(FormatForm):
    """An indicator page also offers its chart (or district map) as SVG and as PNG."""

    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[*FormatForm.base_fields["format"].choices, ("svg", "SVG"), ("png", "PNG")],
        required=False,
    )


def _read_format(request, form_class=FormatForm):
    """(the format, None) or (None, a 400 response naming the parameter)."""
    form, error = _read_form(request, form_class)
    return (form.cleaned_data["format"] or "html", None) if form else (None, error)


def _read_form(request, form_class):
    """(the valid form, None) or (None, a 400 response naming each bad parameter)."""
    form = form_class(request.GET)
    if form.is_valid():
        return form, None
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
        api_url=api_address(reverse("api:indicator-list"), request.GET),
    )
    return render(request, "indicators/list.html", context)


def _with_domain(query, slug):
    """This list with another domain (or none), from its first page."""
    return _with_choice(query, "domain", slug)


def _with_choice(query, name, value):
    """This page with another value (or none) for one parameter, from its first page, as a page."""
    query = query.copy()
    for dropped in (name, "page", "format"):
        query.pop(dropped, None)
    if value:
        query[name] = value
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
    output, error = _read_format(request, IndicatorFormatForm)
    if error:
        return error
    observations = list(indicator.observations.select_related("district").in_public_order())
    if output in ("csv", "json"):
        # The API's rows: the same columns as /api/v1/observations/?indicator=<code>&format=csv.
        return downloads.serialized_response(
            ObservationSerializer, observations, request=request, output=output, stem=f"indicator-{indicator.code}"
        )
    picture = indicator_picture(indicator, observations)
    if output in ("svg", "png"):
        return picture_download(picture, output=output, stem=f"indicator-{indicator.code}")
    components = list(Indicator.objects.published().filter(parent=indicator.record).in_public_order())
    latest = figures.latest_city_values(Observation.objects.published().filter(indicator__parent=indicator.record))
    return render(
        request,
        "indicators/detail.html",
        {
            "indicator": indicator,
            "composite": indicator.parent if indicator.parent and indicator.parent.is_published else None,
            "observations": observations,
            **picture,
            "references": citing.references(picture["cited"], request=request),
            "embed_code": embed_code(request, indicator, picture),
            "api_url": api_address(reverse("api:observation-list"), QueryDict(), fixed={"indicator": indicator.code}),
            "disagreements": figures.disagreements(observations),
            "components": [(component, latest.get(component.pk)) for component in components],
            "targets": figures.indicator_targets(indicator.record),
            "preview": preview,
        },
    )


# Room the embed page needs around its picture (heading, source link), and for a headline alone.
EMBED_FRAME, EMBED_HEADLINE = 80, 260


def embed_code(request, indicator, picture):
    """The <iframe> to copy: the /embed/ address, sized to the picture it shows."""
    drawn = picture["chart"] or picture["district_map"]
    height = (drawn["height"] if drawn else EMBED_HEADLINE) + EMBED_FRAME
    width = (drawn["width"] if drawn else charts.WIDTH) + EMBED_FRAME // 4
    url = request.build_absolute_uri(indicator_embed_path(indicator))
    return format_html(
        '<iframe src="{}" title="{}" width="{}" height="{}" style="border:0"></iframe>', url, indicator.name, width, height
    )


def indicator_embed_path(indicator):
    return reverse("indicators:embed", args=[indicator.code])


def indicator_picture(indicator, observations):
    """What fits the indicator's figures, as the page, the embed and the downloads show it:
    {"shape", "headline", "chart", "district_map", "ranked", "summary", "svg", "cited"}.

    A single city-wide figure is a headline, not a chart; two or more are a bar chart; figures
    for districts are a choropleth on the district tile map with a ranked table. "svg" is the
    picture's markup (None for a headline), the same in the page and in the downloads.
    """
    chart_points = charts.points(observations, label=lambda o: display.value_phrase(o.value_text, o.qualifier))
    city = [o for o in observations if o.district_id is None]
    in_districts = [o for o in observations if o.district_id is not None]
    shape = charts.shape(chart_points, in_districts)
    ranked = charts.ranked(in_districts)
    unit = _unit_line(indicator)
    context = {
        "shape": shape,
        "headline": city[0] if shape == "single" else None,
        "chart": None,
        "district_map": None,
        "ranked": ranked,
        "summary": charts.summary(chart_points),
        "svg": None,
        "cited": _latest(city) or _latest(in_districts),
    }
    if shape == "series":
        title = gettext("%(name)s: city-wide values by year") % {"name": indicator.name}
        context["chart"] = charts.bar_chart(chart_points, title=indicator.name, unit=unit, source=_sources(city))
        context["svg"] = render_to_string(
            "indicators/_chart.svg", {"chart": context["chart"], "chart_title": title, "summary": context["summary"]}
        )
    if ranked:
        title = gettext("%(name)s by district") % {"name": indicator.name}
        context["district_map"] = charts.district_map(
            ranked,
            District.objects.current().order_by("code"),
            label=lambda o: display.value_phrase(o.value_text, o.qualifier),
            title=indicator.name,
            unit=unit,
            source=_sources(in_districts),
        )
        context["map_summary"] = _district_summary(ranked)
        map_svg = render_to_string(
            "indicators/_district_map.svg",
            {"map": context["district_map"], "chart_title": title, "summary": context["map_summary"]},
        )
        context["map_svg"] = map_svg
        if context["svg"] is None:
            context["svg"] = map_svg
    return context


def _latest(observations):
    return max(observations, key=lambda o: (o.year, -o.reading), default=None)


def _unit_line(indicator):
    if indicator.unit_label:
        return gettext("Unit: %(unit)s") % {"unit": indicator.unit_label}
    return gettext("An index (no unit)")


def _sources(observations):
    """"Source: 《report》, chapter 1, …, line 217; …": every place the drawn figures are printed
    (in Chinese with full-width marks: publishing.punctuation)."""
    places = list(dict.fromkeys(display.citation_text(o) for o in observations))
    return gettext("Source: %(report)s, %(places)s") % {"report": REPORT_TITLE, "places": marks()["semicolon"].join(places)}


def _district_summary(ranked):
    first = ranked[0]["observation"]
    return gettext("%(count)s districts with a figure; the highest is %(district)s with %(value)s.") % {
        "count": len(ranked),
        "district": first.district.name,
        "value": display.observation_phrase(first),
    }


def picture_download(picture, *, output, stem):
    """The chart (or district map) as an SVG file, or as a PNG the server renders with cairosvg
    and a CJK font installed on it (fonts-noto-cjk); a 404 when the indicator has no picture."""
    if picture["svg"] is None:
        raise Http404(gettext("This indicator has a single figure: there is no chart to download."))
    svg = '<?xml version="1.0" encoding="UTF-8"?>\n' + picture["svg"]
    if output == "svg":
        response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    else:
        response = HttpResponse(cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=2), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{output}"'
    return response


@xframe_options_exempt
def embed(request, code):
    """/embed/indicators/<code>/: the chart (or headline, or map) with its source, to be framed
    by other sites: the only pages that may be (everything else sends X-Frame-Options: DENY).
    @xframe_options_exempt drops X-Frame-Options; the site's Content-Security-Policy middleware
    sees the same mark and sends `frame-ancestors *` (settings.CONTENT_SECURITY_POLICY_FRAMEABLE)."""
    indicator = get_object_or_404(_with_page_data(Indicator.objects.published()), code=code)
    observations = list(indicator.observations.select_related("district").in_public_order())
    picture = indicator_picture(indicator, observations)
    return render(
        request,
        "indicators/embed.html",
        {"indicator": indicator, **picture, "page_url": request.build_absolute_uri(indicator.get_absolute_url())},
    )


def action_plan(request, slug):
    """The plan's targets with a summary by verdict (met, not met, cannot be confirmed), counted
    from the assessments; ?status= keeps one verdict's targets, on the page and in the downloads."""
    plan = get_object_or_404(ActionPlan.objects.published(), slug=slug)
    form, error = _read_form(request, ActionPlanForm)
    if error:
        return error
    output = form.cleaned_data["format"] or "html"
    selected = form.cleaned_data["status"]
    all_rows = figures.plan_targets(plan)
    rows = [row for row in all_rows if not selected or verdict(row.assessment.status) == selected]
    if output != "html":
        # The API's rows: the same columns, flags and hidden draft codes as /api/v1/targets/?format=csv.
        targets = [row.target for row in rows]
        return downloads.serialized_response(
            TargetSerializer, targets, request=request, output=output, stem=f"action-plan-{plan.slug}"
        )
    summary = count_verdicts(row.assessment.status for row in all_rows)
    for item in summary:
        item.url = _with_choice(request.GET, "status", item.verdict.value)
    return render(
        request,
        "indicators/action_plan.html",
        {
            "plan": plan,
            "rows": rows,
            "total": len(all_rows),
            "summary": summary,
            "selected": Verdict(selected) if selected else None,
            "all_targets": _with_choice(request.GET, "status", None),
            "not_met": next(item for item in summary if item.verdict == Verdict.NOT_MET),
            "report_not_achieved": sum(1 for row in all_rows if not row.assessment.report_achieved),
            "download_query": query_without(request.GET, "format"),
            # The targets API lists every plan's targets and has no filters: the plan has one list.
            "api_url": reverse("api:target-list"),
            "workstreams": Workstream.objects.filter(plan=plan).order_by("position"),
        },
    )
