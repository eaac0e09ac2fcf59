"""One search over everything the portal publishes: entries, indicators, figures and the report.

Each kind is searched by its own app's rule (LandmarkQuerySet.search: Chinese name, pinyin,
initials, English name; IndicatorQuerySet.search: names and definitions in both languages, code;
ObservationQuerySet.search: the quote; portal.report: the report's paragraphs), always from
`.published()`. The page and the API (/api/v1/search/) both read their groups from here: a group
is its count and its first results, two queries per kind whatever the query matches.

Plain substring matching: a Chinese query of any length, even one character, finds what holds it
(SQLite's LIKE and PostgreSQL's LIKE both do; the trigram indexes of landmarks serve the latter).
"""

import re
from dataclasses import dataclass, field

from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from indicators.models import Indicator, Observation
from landmarks import naming
from landmarks.models import Landmark
from portal.report import report

MAX_QUERY = 100
EXCERPT_CHARS = 40  # on each side of the match


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=MAX_QUERY, strip=True)


@dataclass
class Group:
    """One kind's share of the results: how many, and the first of them."""

    kind: str
    label: str
    count: int
    results: list = field(default_factory=list)


@dataclass
class Hit:
    """A result: its title, the excerpt that shows why it matched, and where it leads."""

    title: str
    excerpt: tuple  # (before, matched, after): the matched part and its neighbourhood
    url: str
    record: object = None
    source_url: str = ""
    lang: str = "zh-Hans"  # the excerpt's language: the report's Chinese, or an English name

    @property
    def why(self):
        """The excerpt as HTML: escaped, the matched part in <mark>."""
        before, matched, after = self.excerpt
        marked = f"<mark>{escape(matched)}</mark>" if matched else ""
        return mark_safe(f"{escape(before)}{marked}{escape(after)}")


def pattern(text):
    """The query as a regex: whitespace-insensitive (the report prints "2016 年"), any case."""
    chars = [re.escape(char) for char in re.sub(r"\s+", "", text)]
    return re.compile(r"\s*".join(chars), re.IGNORECASE) if chars else None


def excerpt(text, query, *, span=None, cut=True):
    """(before, matched, after) around the first match of the query (or span), cut to its neighbourhood."""
    text = text or ""
    if span is None:
        compiled = pattern(query)
        match = compiled.search(text) if compiled else None
        span = match.span() if match else None
    if span is None:
        return (text[: EXCERPT_CHARS * 2] + ("…" if cut and len(text) > EXCERPT_CHARS * 2 else ""), "", "")
    start, end = span
    before, after = text[:start], text[end:]
    if cut and len(before) > EXCERPT_CHARS:
        before = "…" + before[-EXCERPT_CHARS:]
    if cut and len(after) > EXCERPT_CHARS:
        after = after[:EXCERPT_CHARS] + "…"
    return before, text[start:end], after


def matches(text, query):
    compiled = pattern(query)
    return bool(text and compiled and compiled.search(text))


# --- Per kind: the queryset, and a result's title and excerpt ---------------------------------


def landmarks(query):
    return Landmark.objects.published().search(query).in_registry_order()


def landmark_hit(entry, query):
    span = naming.matched_span(entry.name_zh, query)
    if span is not None or not matches(entry.name_en, query):
        return Hit(entry.name, excerpt(entry.name_zh, query, span=span, cut=False), entry.get_absolute_url(), entry)
    return Hit(entry.name, excerpt(entry.name_en, query, cut=False), entry.get_absolute_url(), entry, lang="en")


def indicators(query):
    return Indicator.objects.published().search(query).in_public_order()


def indicator_hit(indicator, query):
    fields = (
        (indicator.name_zh, "zh-Hans"), (indicator.name_en, "en"), (indicator.definition_zh, "zh-Hans"),
        (indicator.definition_en, "en"), (indicator.code, "en"),
    )
    text, lang = next(((value, lang) for value, lang in fields if matches(value, query)), (indicator.name_zh, "zh-Hans"))
    return Hit(indicator.name, excerpt(text, query), indicator.get_absolute_url(), indicator, lang=lang)


def observations(query):
    return Observation.objects.published().search(query).select_related("indicator").in_public_order()


def observation_hit(observation, query):
    title = f"{observation.indicator.name}, {observation.year}"
    return Hit(
        title, excerpt(observation.quote, query), observation.indicator.get_absolute_url(), observation,
        source_url=observation.citation_url() or "",
    )


def passage_hit(hit, query):
    chapter, block, line = hit
    title = f"{chapter.label}: {chapter.title}" if chapter.label else chapter.title
    url = f"{chapter.get_absolute_url()}?lines={line}#L{line}"
    return Hit(title, excerpt(block.text, query), url, {"chapter": chapter.key, "line": line})


KINDS = {
    "landmarks": (_("Smart landmarks"), landmarks, landmark_hit),
    "indicators": (_("Indicators"), indicators, indicator_hit),
    "observations": (_("Figures"), observations, observation_hit),
    "report": (_("The report's text"), lambda query: report().search(query), passage_hit),
}


def group(kind, query, *, first, offset=0):
    """The kind's Group: its count and `first` results from `offset` (a count query and a page
    query for the database's kinds; the report's text is searched in memory)."""
    label, search, hit = KINDS[kind]
    found = search(query)
    count = len(found) if isinstance(found, list) else found.count()
    rows = list(found[offset : offset + first])  # even when the count is 0: a fixed number of queries
    return Group(kind, label, count, [hit(row, query) for row in rows])


def everything(query, *, first):
    """Every kind's Group for the query, in KINDS' order."""
    return [group(kind, query, first=first) for kind in KINDS]
