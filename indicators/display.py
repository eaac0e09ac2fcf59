"""How a figure reads on a page: the value with the report's word of approximation, and its source.

The qualifier is part of the figure ("超过 98%" says only that the value is above 98), so it is
never dropped: symbols are shown as printed ("≥ 98 %"), words in the page's language ("more than
20" in English, "超过 20" in Chinese, where 余, 多 and 以上 follow the number as the report prints).
"""

from django.utils.translation import get_language, gettext

from indicators.models import Qualifier
from publishing.punctuation import joined

SYMBOLS = {Qualifier.AT_LEAST, Qualifier.GREATER, Qualifier.LESS_ASCII, Qualifier.LESS}
CHINESE_AFTER = {Qualifier.ODD, Qualifier.MANY, Qualifier.AND_ABOVE}
ENGLISH_AFTER = {Qualifier.AND_ABOVE}  # "20 or more"
COMPARATOR_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}


def value_phrase(value_text, qualifier="", unit=""):
    """"≥ 98 %", "more than 20 (10,000 access points)", "20余 万个", "97.65" (an index has no unit)."""
    number = value_text
    if qualifier in SYMBOLS:
        number = f"{qualifier} {value_text}"
    elif qualifier:
        english = (get_language() or "").startswith("en")
        word = Qualifier(qualifier).label if english else qualifier
        after = ENGLISH_AFTER if english else CHINESE_AFTER
        if qualifier in after:
            number = f"{value_text} {word}" if english else f"{value_text}{word}"
        else:
            number = f"{word} {value_text}"
    if unit[:1].isdigit():
        # "744 (10,000 households)": a unit that is itself a number reads as one in brackets.
        return f"{number} ({unit})"
    return f"{number} {unit}" if unit else number


def comparator_sign(comparator):
    """">=" reads ≥: how a target's comparator is printed."""
    return COMPARATOR_SIGNS[comparator]


def target_phrase(measure):
    """A target's number: as printed in Chinese (1.8 万亿元), in the indicator's unit in English."""
    sign = comparator_sign(measure.comparator)
    if (get_language() or "").startswith("en"):
        return f"{sign} {value_phrase(measure.value_text, unit=measure.indicator.unit_en)}"
    unit = measure.printed_unit or measure.indicator.unit
    return f"{sign} {measure.printed} {unit}".rstrip()


def observation_phrase(observation):
    """An observation's value_phrase in its indicator's unit (the indicator must be fetched with it)."""
    return value_phrase(observation.value_text, observation.qualifier, observation.indicator.unit_label)


def chapter_label(chapter):
    """"chapter 2" for 2, "appendix 1" for A1: how sections.tsv names where a section is."""
    if not chapter:
        return ""
    if chapter.startswith("A"):
        return gettext("appendix %(number)s") % {"number": chapter[1:]}
    return gettext("chapter %(number)s") % {"number": chapter}


def pages_label(first, last):
    if first is None:
        return ""
    if last is None or last == first:
        return gettext("p. %(page)s") % {"page": first}
    return gettext("pp. %(first)s–%(last)s") % {"first": first, "last": last}


def citation_text(observation):
    """Where the quote is printed, in words: "chapter 1, 一、总体发展水平, p. 5, line 217"
    (in Chinese with full-width commas: publishing.punctuation)."""
    parts = [chapter_label(observation.chapter), observation.section, pages_label(observation.page_first, observation.page_last)]
    if observation.line:
        parts.append(gettext("line %(line)s") % {"line": observation.line})
    return joined(parts)
