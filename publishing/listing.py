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
