"""The public indicator pages: the list by domain, one indicator, and the action plan's targets.

Each page offers its rows as CSV and JSON (?format=csv, ?format=json), read through FormatForm:
any other format is a 400 that names the parameter. Unknown or unpublished codes are a 404.
"""

from django import forms
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy

from indicators import charts, display, exports, figures
from indicators.models import ActionPlan, Indicator, Observation, Workstream


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
    output, error = _read_format(request)
    if error:
        return error
    groups = figures.domain_groups()
    if output != "html":
        rows = (exports.indicator_row(indicator, latest, request=request) for indicator, latest in figures.listed_indicators(groups))
        return exports.download(rows, output=output, columns=exports.INDICATOR_COLUMNS, stem="indicators")
    plans = ActionPlan.objects.published().order_by("-end_year")
    return render(request, "indicators/list.html", {"groups": groups, "plans": plans})


def detail(request, code):
    indicator = get_object_or_404(
        Indicator.objects.published().select_related("domain", "domain__parent", "parent"), code=code
    )
    output, error = _read_format(request)
    if error:
        return error
    observations = list(indicator.observations.select_related("district").order_by("year", "district__code", "reading"))
    if output != "html":
        rows = (exports.observation_row(observation) for observation in observations)
        return exports.download(
            rows, output=output, columns=exports.OBSERVATION_COLUMNS, stem=f"indicator-{indicator.code}"
        )
    components = list(Indicator.objects.published().filter(parent=indicator).order_by("position", "code"))
    latest = figures.latest_city_values(Observation.objects.published().filter(indicator__parent=indicator))
    chart_points = charts.points(
        observations, label=lambda o: display.value_phrase(o.value_text, o.qualifier)
    )
    return render(
        request,
        "indicators/detail.html",
        {
            "indicator": indicator,
            "composite": indicator.parent if indicator.parent and figures.is_public(indicator.parent) else None,
            "observations": observations,
            "chart": charts.bar_chart(chart_points),
            "summary": charts.summary(chart_points),
            "disagreements": figures.disagreements(observations),
            "components": [(component, latest.get(component.pk)) for component in components],
            "targets": figures.indicator_targets(indicator),
        },
    )


def action_plan(request, slug):
    plan = get_object_or_404(ActionPlan.objects.published(), slug=slug)
    output, error = _read_format(request)
    if error:
        return error
    rows = figures.plan_targets(plan)
    if output != "html":
        return exports.download(
            (exports.target_row(row) for row in rows),
            output=output,
            columns=exports.TARGET_COLUMNS,
            stem=f"action-plan-{plan.slug}",
        )
    return render(
        request,
        "indicators/action_plan.html",
        {"plan": plan, "rows": rows, "workstreams": Workstream.objects.filter(plan=plan).order_by("position")},
    )
