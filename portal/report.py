"""The report's text (data/report/report.txt) as chapters of headings and paragraphs, for the reader.

The file is the PDF's text: one printed line per line, a blank line between, page numbers and
running headers alone on their lines, and sentences broken wherever the printed line ended. The
reader reflows it: a printed line that runs to the right margin goes on into the next one; a
shorter line ends its paragraph (the PDF prints a paragraph's last line short). Page numbers and
running headers never break a paragraph: they stay in it as small markers, so that every line keeps
its anchor (#L241). A section's first line (data/indicators/sections.tsv) starts a heading.

Parsed once per process: the text never changes while the site runs.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, cached_property

from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from indicators.sourcedata import REPORT_PATH, SourceData, squeeze

# A printed line at least this wide (CJK characters count two) ran to the margin: the PDF's full
# lines measure 68-80, a paragraph's last line is usually much shorter.
FULL_WIDTH = 66
FRONT_PAGES = 4  # the foreword and contents, before chapter 1's page 1
PAGE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
RUNNING_HEADER = re.compile(r"^\s*(第.{1,2}章 \| .*|附录 \d \| .*|2017 上海产业和信息化发展报告——智慧城市)\s*$")
# Sub-headings the report numbers itself: （一）宽带城市建设, 专栏 7.1 …, 1．城市光纤宽带网络.
SUBHEADING = re.compile(r"^\s*(（[一二三四五六七八九十]+）|专栏\s*\d)")
MINOR_HEADING = re.compile(r"^\s*\d{1,2}[．.]\s*\S")
SECTION_NUMBER = re.compile(r"^\s*[一二三四五六七八九十]+、")
FOOTNOTE = re.compile(r"^\s*\[\d+\]\s")
ENDS_SENTENCE = tuple("。；：，！？")
# The contents (lines 53-191) give each chapter's title: 第一章  2016 年智慧城市建设总体综述....1
CONTENTS_ENTRY = re.compile(r"^(第.{1,2}章|附录 \d)\s+(.+?)\s*[.…]{3,}\s*\d+\s*$")

# Chapter keys as they appear in addresses, the report's own chapter codes (sections.tsv), and
# their English titles (interface text: the report itself is Chinese only).
CHAPTER_KEYS = [str(number) for number in range(1, 11)] + ["appendix-1", "appendix-2"]
SECTION_CODES = {**{str(number): str(number) for number in range(1, 11)}, "appendix-1": "A1", "appendix-2": "A2"}
CHINESE_NUMBERS = "一 二 三 四 五 六 七 八 九 十".split()
CONTENTS_LABELS = {
    **{key: f"第{number}章" for key, number in zip(CHAPTER_KEYS[:10], CHINESE_NUMBERS, strict=True)},
    "appendix-1": "附录 1",
    "appendix-2": "附录 2",
}
FRONT = "front"
ENGLISH_TITLES = {
    FRONT: _("Foreword and contents"),
    "1": _("Overview of smart city development in 2016"),
    "2": _("Information infrastructure"),
    "3": _("Smart living"),
    "4": _("Smart economy"),
    "5": _("Smart governance"),
    "6": _("Smart government"),
    "7": _("Smart new landmarks"),
    "8": _("New-generation information technology industry"),
    "9": _("Cyber security"),
    "10": _("The environment for building the smart city"),
    "appendix-1": _("Appendix 1: assessment of the 2014–2016 action plan (summary)"),
    "appendix-2": _("Appendix 2: the register of smart new landmarks"),
}


def width(text):
    """How wide the PDF printed the line: CJK and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


@dataclass
class Line:
    number: int
    text: str
    role: str  # "text", "page" (a page number), "header" (a running header) or "blank"


@dataclass
class Block:
    """A heading (level 1 the chapter's, 2 a section's, 3-4 the report's numbered sub-headings)
    or a paragraph (level 0): the lines it is made of, in order."""

    level: int
    lines: list = field(default_factory=list)

    @property
    def first(self):
        return self.lines[0].number

    @property
    def last(self):
        return self.lines[-1].number

    @property
    def text_lines(self):
        return [line for line in self.lines if line.role == "text"]

    @property
    def text(self):
        """The block's prose, its printed lines joined (a space only between two Latin characters)."""
        return join_lines([line.text for line in self.text_lines])


@dataclass
class Chapter:
    key: str
    first: int
    last: int
    title_zh: str
    blocks: list = field(default_factory=list)

    @property
    def title(self):
        if (get_language() or "").startswith("en"):
            return str(ENGLISH_TITLES[self.key])
        return self.title_zh

    @property
    def label(self):
        """第一章, 附录 1 as the report prints them; Chapter 1, Appendix 1 in English."""
        if not (get_language() or "").startswith("en"):
            return CONTENTS_LABELS.get(self.key, "")
        if self.key == FRONT:
            return gettext("Front matter")
        if self.key.startswith("appendix-"):
            return gettext("Appendix %(number)s") % {"number": self.key.removeprefix("appendix-")}
        return gettext("Chapter %(number)s") % {"number": self.key}

    def get_absolute_url(self):
        return reverse("report-chapter", args=[self.key])


def join_lines(texts):
    joined = ""
    for text in texts:
        text = text.strip()
        if joined and text and joined[-1].isascii() and joined[-1].isalnum() and text[0].isascii() and text[0].isalnum():
            joined += " "
        joined += text
    return joined


def line_role(text, section=None):
    """What a line is; section: the section it is in (sections.tsv), None before chapter 1."""
    if not text.strip():
        return "blank"
    if PAGE_NUMBER.match(text) and is_page_in(int(text), section):
        return "page"
    if RUNNING_HEADER.match(text):
        return "header"
    if FOOTNOTE.match(text):
        return "footnote"
    return "text"


def is_page_in(number, section):
    """A number alone on a line is a page number when it is one of its section's pages; else it
    is a chart's value (图 4.3 prints 260, 385, 496 each on a line)."""
    if section is None:
        return number <= FRONT_PAGES
    return section.page_first - 1 <= number <= section.page_last + 1


def heading_level(text):
    if SUBHEADING.match(text) and not text.rstrip().endswith("。"):
        return 3
    if MINOR_HEADING.match(text) and width(text.strip()) < FULL_WIDTH // 2 and not text.rstrip().endswith(ENDS_SENTENCE):
        return 4
    return 0


def section_title(text, section_titles):
    """The section title (一、概述) a line begins: for a section whose first line in sections.tsv
    is its chapter's heading."""
    start = squeeze(text)
    return next((title for title in section_titles if title.startswith(start)), "")


def reflow(lines, titles, section_titles=()):
    """The lines as blocks: headings and reflowed paragraphs, page furniture kept inside them.

    titles: {line: the heading's full text} for the lines that start the chapter's heading (level 1)
    and its sections' (level 2); such a heading goes on over the lines its text wraps onto.
    """
    blocks, current, open_paragraph, wanted = [], None, False, ""
    for line in lines:
        if line.role != "text":
            if current is None:
                current = Block(0)
                blocks.append(current)
            current.lines.append(line)
            continue
        if wanted and squeeze(current.text + line.text) and wanted.startswith(squeeze(current.text + line.text)):
            current.lines.append(line)  # the heading's next printed line
            open_paragraph = False
            continue
        if line.number in titles:
            level, wanted = titles[line.number]
        elif SECTION_NUMBER.match(line.text) and (wanted := section_title(line.text, section_titles)):
            level = 2
        else:
            level, wanted = heading_level(line.text), ""
        if not (open_paragraph and level == 0):
            current = Block(level)
            blocks.append(current)
        current.lines.append(line)
        open_paragraph = level == 0 and width(line.text.strip()) >= FULL_WIDTH
    return blocks


class ReportText:
    """Every line of the report and its chapters; built once (report())."""

    def __init__(self, path=REPORT_PATH):
        source = SourceData()
        sections = source.sections
        self.lines = [
            Line(number, text, line_role(text, source.section_at(number)))
            for number, text in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1)
        ]
        self.chapters = self._chapters(sections)
        titles = {section.line: (2, squeeze(section.section)) for section in sections if section.section}
        section_titles = [title for _level, title in titles.values()]
        for chapter in self.chapters:
            if chapter.key != FRONT:
                titles[chapter.first] = (1, squeeze(CONTENTS_LABELS[chapter.key] + chapter.title_zh))
        for chapter in self.chapters:
            chapter.blocks = reflow(self.lines[chapter.first - 1 : chapter.last], titles, section_titles)
        self.by_key = {chapter.key: chapter for chapter in self.chapters}
        self._chapter_of_line = [None] * (len(self.lines) + 1)
        for chapter in self.chapters:
            for number in range(chapter.first, chapter.last + 1):
                self._chapter_of_line[number] = chapter

    @property
    def last_line(self):
        return len(self.lines)

    def _chapters(self, sections):
        titles = self._contents_titles()
        starts = {}
        for section in sections:
            key = next(key for key, code in SECTION_CODES.items() if code == section.chapter)
            starts.setdefault(key, self._chapter_heading_before(section.line))
        chapters, keys = [], [FRONT, *CHAPTER_KEYS]
        firsts = [1, *(starts[key] for key in CHAPTER_KEYS)]
        for index, key in enumerate(keys):
            last = firsts[index + 1] - 1 if index + 1 < len(firsts) else len(self.lines)
            chapters.append(Chapter(key, firsts[index], last, titles.get(key, "前言与目录")))
        return chapters

    def _chapter_heading_before(self, line):
        """The chapter's heading (第三章, 附录 1) when printed just before its first section."""
        for number in range(line, max(line - 12, 1), -1):
            text = self.lines[number - 1].text.strip()
            if re.fullmatch(r"第.{1,2}章|附录 \d|智慧新地标", text):
                return number
        return line

    def _contents_titles(self):
        labels = {label: key for key, label in CONTENTS_LABELS.items()}
        titles = {}
        for line in self.lines[:200]:
            match = CONTENTS_ENTRY.match(line.text.strip())
            if match and match.group(1) in labels:
                titles[labels[match.group(1)]] = match.group(2).strip()
        return titles

    @cached_property
    def searchable(self):
        """(chapter, block, its text without whitespace and lower-cased, the line of each character)."""
        found = []
        for chapter in self.chapters:
            for block in chapter.blocks:
                chars, lines = [], []
                for line in block.text_lines:
                    squeezed = squeeze(line.text).lower()
                    chars.append(squeezed)
                    lines.extend([line.number] * len(squeezed))
                if chars:
                    found.append((chapter, block, "".join(chars), lines))
        return found

    def search(self, text):
        """[(chapter, block, line)]: the paragraphs and headings holding text (whitespace and
        Latin case ignored), in the report's order, each with the line its first match is on."""
        needle = squeeze(text or "").lower()
        if not needle:
            return []
        hits = []
        for chapter, block, squeezed, lines in self.searchable:
            position = squeezed.find(needle)
            if position >= 0:
                hits.append((chapter, block, lines[position]))
        return hits

    def chapter_of(self, number):
        """The chapter a line is in, or None past the end."""
        if 1 <= number <= self.last_line:
            return self._chapter_of_line[number]
        return None


@cache
def report():
    """The report's text, parsed once per process."""
    return ReportText()
