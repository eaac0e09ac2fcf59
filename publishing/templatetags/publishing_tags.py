import json

from django import template
from django.utils.safestring import mark_safe

from publishing import punctuation

register = template.Library()

# json.dumps leaves <, > and & alone; inside <script> they could end it early.
_SCRIPT_SAFE = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """A dict as the body of <script type="application/ld+json">, safe inside the script element."""
    return mark_safe(json.dumps(data, ensure_ascii=False, indent=1).translate(_SCRIPT_SAFE))


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    return context["request"].build_absolute_uri(path)


# {% colon %} "：" / ": ", {% comma %} "，" / ", ", {% series_comma %} "、" / ", " (between names),
# {% open_bracket %} "（" / " (", {% close_bracket %} "）" / ")": the mark for the page's language.
PUNCTUATION_TAGS = {"colon": "colon", "comma": "comma", "series_comma": "series", "open_bracket": "open", "close_bracket": "close"}


def _punctuation_tag(mark):
    def tag():
        return punctuation.marks()[mark]

    return tag


for _name, _mark in PUNCTUATION_TAGS.items():
    register.simple_tag(_punctuation_tag(_mark), name=_name)
