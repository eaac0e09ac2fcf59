"""The site's main navigation, one list for every page (bakerydemo's navigation_tags)."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

register = template.Library()

# (label, URL name, the path to use while that page's URL is not in this build). In the order a
# newcomer meets them: what is listed, where, what it measures, the plan, the source, the files.
SECTIONS = [
    (_("Smart landmarks"), "landmarks:directory", None),
    (_("Districts"), "landmarks:districts", None),
    (_("Indicators"), "indicators:list", None),
    (_("Action plan"), "action-plan-latest", None),
    (_("The report"), "report", "/report/"),
    (_("Data"), "data-catalogue", "/data/"),
    (_("API"), "api-docs", None),
    (_("Search"), "search", "/search/"),
]


def section_url(url_name, fallback):
    """The section's address in the active language; a fallback path gets the /en/ prefix too."""
    try:
        return reverse(url_name)
    except NoReverseMatch:
        if fallback is None:
            raise
        prefix = "/en" if (get_language() or "").startswith("en") else ""
        return prefix + fallback


def current_state(path, url):
    """aria-current: "page" on the section's own page, "true" anywhere inside it, else None."""
    if path == url:
        return "page"
    if path.startswith(url) and url not in ("/", "/en/"):
        return "true"
    return None


@register.inclusion_tag("portal/_navigation.html", takes_context=True)
def main_navigation(context):
    path = context["request"].path
    links = []
    for label, url_name, fallback in SECTIONS:
        url = section_url(url_name, fallback)
        links.append({"label": label, "url": url, "current": current_state(path, url)})
    return {"links": links}
