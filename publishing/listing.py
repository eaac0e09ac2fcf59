"""What the filtered, paginated lists (the landmark directory, the indicator list) share.

Each list reads ?page= and ?format= through PageOptionsForm beside its FilterSet; an invalid
value of either re-renders the page with field_errors() and a 400, a page past the end is a 404.
"""

from django import forms
from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy


class CountedPaginator(Paginator):
    """A Paginator told its total, which the list has counted (and cached) already."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # fills Paginator.count, a cached_property


class PageOptionsForm(forms.Form):
    page = forms.IntegerField(label=gettext_lazy("Page"), min_value=1, required=False)
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[("html", "HTML"), ("csv", "CSV"), ("json", "JSON")],
        required=False,
    )


def query_without(query, *names):
    """The query string without `names`, for links that change only those."""
    query = query.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def field_errors(*forms_with_errors):
    """Each invalid parameter with its label and messages, for the page's 400; takes forms or FilterSets."""
    errors = []
    for source in forms_with_errors:
        form = getattr(source, "form", source)
        for name, messages in form.errors.items():
            label = form.fields[name].label if name in form.fields else name
            errors.append({"name": name, "label": label, "messages": messages})
    return errors


# Parameters of a listing page that mean something else, or nothing, to the API: the page's own
# output (HTML, CSV, JSON) and how it lays the rows out.
PAGE_ONLY = ("format", "view")


def api_address(path, query, *, fixed=None):
    """"This view in the API": the API list at `path` with the page's query string. Every filter
    and ?page= of a listing page has the API's name for it (the same FilterSet serves both, and
    the API pages by the same 50), so only PAGE_ONLY is dropped; fixed holds filters the page
    takes from its path (/landmarks/community/ is ?kind=community)."""
    query = query.copy()
    for name in PAGE_ONLY:
        query.pop(name, None)
    for name, value in (fixed or {}).items():
        query.setlist(name, [value])
    return f"{path}?{query.urlencode()}" if query else path
