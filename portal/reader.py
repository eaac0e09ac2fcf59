"""The report reader's pages: a chapter's blocks as HTML, with its links to the data.

The text comes parsed from portal.report (once per process). What is drawn on it comes from the
database for each page: every number a published observation quotes links to its indicator
(indicators.citations.printed_span finds it from the observation's line, quote and printed
number), every passage that is a published entry's story links to the entry, and the passage a
citation names (?lines=first-last) is highlighted, without JavaScript.
"""

import re
from dataclasses import dataclass, field

from django import forms
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from indicators.citations import printed_span
from indicators.models import Observation
from landmarks.models import Landmark
from portal.report import report

# A cited passage longer than this is highlighted only this far (a citation is a sentence or a
# story, never a chapter).
LONGEST_PASSAGE = 400
# A unit printed against the number (58M, 14.03Mb/s, 98%) is marked with it.
ATTACHED_UNIT = re.compile(r"[A-Za-z%/‰]*")


class PassageForm(forms.Form):
    """?lines=241-243: the passage a citation names, highlighted on arrival."""

    lines = forms.RegexField(
        regex=r"^\d{1,5}(-\d{1,5})?$",
        required=False,
        error_messages={"invalid": _("Give a line or a range of lines, e.g. 241 or 241-243.")},
    )

    def cited_lines(self):
        raw = self.cleaned_data.get("lines")
        if not raw:
            return set()
        first, _dash, last = raw.partition("-")
        first, last = int(first), int(last or first)
        return set(range(first, min(max(first, last), first + LONGEST_PASSAGE) + 1))


class LineForm(forms.Form):
    """/report/line/241/?to=243: the passage's last line."""

    to = forms.IntegerField(required=False, min_value=1, max_value=99999)


@dataclass
class Mark:
    """A link drawn over characters start:end of a line."""

    start: int
    end: int
    href: str
    title: str
    observation: int


@dataclass
class Drawn:
    """What a page draws over a chapter's text."""

    marks: dict = field(default_factory=dict)  # {line: [Mark, ...]}
    stories: dict = field(default_factory=dict)  # {line: [Landmark, ...]} where a story begins
    story_lines: set = field(default_factory=set)
    cited: set = field(default_factory=set)


def figure_marks(chapter):
    """{line: [Mark]} for the published observations quoted in the chapter: one query."""
    observations = (
        Observation.objects.published()
        .filter(line__gte=chapter.first, line__lte=chapter.last)
        .select_related("indicator")
        .order_by("line", "pk")
    )
    marks = {}
    for observation in observations:
        span = printed_span(observation.line, observation.quote, observation.printed, observation.printed_unit)
        if span is None:
            continue
        line, start, end = span
        if any(mark.start < end and start < mark.end for mark in marks.get(line, [])):
            continue  # the number is already a link (two figures read from it): links never nest
        if not observation.printed_unit:
            end += len(ATTACHED_UNIT.match(report().lines[line - 1].text, end).group())
        marks.setdefault(line, []).append(
            Mark(start, end, observation.indicator.get_absolute_url(), observation.indicator.name, observation.pk)
        )
    return marks


def story_passages(chapter):
    """({first line: [entry]}, {every line of a story}) for the chapter: one query."""
    stories, lines = {}, set()
    entries = Landmark.objects.published().exclude(story_sources=[]).only("pk", "kind", "slug", "name_zh", "name_en", "story_sources")
    for entry in entries.in_registry_order():
        for source in entry.story_sources:
            first, last = source.get("first_line"), source.get("last_line")
            if first and chapter.first <= first <= chapter.last:
                stories.setdefault(first, []).append(entry)
                lines.update(range(first, (last or first) + 1))
    return stories, lines


def drawn_over(chapter, cited):
    stories, story_lines = story_passages(chapter)
    return Drawn(marks=figure_marks(chapter), stories=stories, story_lines=story_lines, cited=cited)


def marked_text(text, marks):
    """The line's text escaped, with each mark's characters a link."""
    parts, position = [], 0
    for mark in sorted(marks, key=lambda mark: mark.start):
        parts.append(escape(text[position : mark.start]))
        parts.append(
            format_html(
                '<a class="figure-link" href="{}" title="{}" data-observation="{}">{}</a>',
                mark.href,
                mark.title,
                mark.observation,
                text[mark.start : mark.end],
            )
        )
        position = mark.end
    parts.append(escape(text[position:]))
    return "".join(parts)


def line_html(line, drawn):
    anchor = f"L{line.number}"
    if line.role == "blank":
        return f'<span id="{anchor}"></span>'
    if line.role == "page":
        label = escape(gettext("page %(page)s") % {"page": line.text.strip()})
        return f'<span class="page-number" id="{anchor}" title="{label}">{escape(line.text.strip())}</span>'
    if line.role == "header":
        return f'<span class="running-header" id="{anchor}" title="{escape(line.text.strip())}"></span>'
    if line.role == "footnote":
        return f'<small class="footnote" id="{anchor}">{escape(line.text.strip())}</small>'
    classes = ["line"]
    if line.number in drawn.cited:
        classes.append("cited")
    if line.number in drawn.story_lines:
        classes.append("story")
    text = line.text.strip()
    offset = len(line.text) - len(line.text.lstrip())
    marks = [Mark(m.start - offset, m.end - offset, m.href, m.title, m.observation) for m in drawn.marks.get(line.number, [])]
    return f'<span class="{" ".join(classes)}" id="{anchor}">{marked_text(text, marks)}</span>'


def block_html(block, drawn):
    """The block's lines as inline HTML, a space only where the prose has one (between Latin)."""
    parts, previous = [], ""
    for line in block.lines:
        text = line.text.strip()
        if line.role == "text" and previous and text:
            if previous[-1].isascii() and previous[-1].isalnum() and text[0].isascii() and text[0].isalnum():
                parts.append(" ")
        if line.role == "text":
            previous = text or previous
        parts.append(line_html(line, drawn))
    return mark_safe("".join(parts))


def chapter_blocks(chapter, drawn):
    """The chapter's blocks for its template: tag, html, first line, whether it holds the citation,
    and the entries whose stories begin in it. Heading levels never skip one (h2 then h4 reads h3)."""
    rendered, deepest = [], 1
    for block in chapter.blocks:
        level = block.level
        if level >= 2:
            level = min(level, deepest + 1)
            deepest = level
        numbers = {line.number for line in block.lines}
        rendered.append(
            {
                "level": level,
                "html": block_html(block, drawn),
                "first": block.first,
                "cited": bool(numbers & drawn.cited),
                "stories": [entry for number in sorted(numbers) for entry in drawn.stories.get(number, [])],
                "is_text": bool(block.text_lines),
            }
        )
    return rendered


def chapter_contents(chapter):
    """The chapter's section headings, for its table of contents."""
    return [{"first": block.first, "text": block.text} for block in chapter.blocks if block.level == 2]


def chapters():
    return report().chapters
