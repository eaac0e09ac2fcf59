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


@register.simple_tag
def colon():
    """{% colon %}: "：" on a Chinese page, ": " on an English one (publishing.punctuation)."""
    return punctuation.marks()["colon"]


@register.simple_tag
def comma():
    """{% comma %}: "，" on a Chinese page, ", " on an English one."""
    return punctuation.marks()["comma"]


@register.simple_tag
def series_comma():
    """{% series_comma %}: between names in a list, "、" in Chinese (黄浦区、徐汇区), ", " in English."""
    return punctuation.marks()["series"]


@register.simple_tag
def open_bracket():
    """{% open_bracket %}…{% close_bracket %}: "（…）" in Chinese, " (…)" in English."""
    return punctuation.marks()["open"]


@register.simple_tag
def close_bracket():
    return punctuation.marks()["close"]


@register.filter
def bracketed(text, aside):
    """{{ name|bracketed:number }}: "name（number）" in Chinese, "name (number)" in English."""
    return punctuation.bracketed(text, aside)
