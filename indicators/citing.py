"""How to cite a figure: GB/T 7714 and APA references to the report, its chapter, section and
page, and the portal's address of the line the figure is read from.

The report's text is served line by line at /report/line/<n>/ (the report reader); the address
is built here only, so the pages and the embeds agree.
"""

from django.utils import timezone, translation
from django.utils.translation import gettext

from indicators import display
from landmarks.models import REPORT_TITLE

# The preface is signed by the editors (编者) in 2017 年 6 月 (data/report/report.txt, lines 39–41).
REPORT_AUTHOR_ZH = "编者"
REPORT_YEAR, REPORT_MONTH = 2017, 6


def report_title():
    """The report's title without the book-title marks 《》, as references write it."""
    return REPORT_TITLE.strip("《》")


def report_line_path(line):
    """The portal's address of one line of the report's text, in the page's language."""
    prefix = "/en" if (translation.get_language() or "").startswith("en") else ""
    return f"{prefix}/report/line/{line}/"


def _where(observation):
    """Chapter, section and pages in the page's language: "chapter 1, 一、…, p. 5"."""
    parts = [
        display.chapter_label(observation.chapter),
        observation.section,
        display.pages_label(observation.page_first, observation.page_last),
    ]
    return ", ".join(part for part in parts if part)


def gbt7714(observation, url, *, today):
    """GB/T 7714-2015 for a report read online ([R/OL]), in Chinese as the report is."""
    with translation.override("zh-hans"):
        where = "，".join(
            part
            for part in (display.chapter_label(observation.chapter), observation.section)
            if part
        )
        pages = f": {observation.page_first}" if observation.page_first else ""
        if observation.page_last and observation.page_last != observation.page_first:
            pages += f"-{observation.page_last}"
    section = f": {where}" if where else ""
    return f"{REPORT_AUTHOR_ZH}. {report_title()}{section}[R/OL]. {REPORT_YEAR}{pages}[{today.isoformat()}]. {url}."


def apa(observation, url, *, today):
    """APA 7 for a report with a group author, in the page's language for the parts it adds."""
    where = _where(observation)
    detail = f" ({where})" if where else ""
    retrieved = gettext("Retrieved %(date)s, from %(url)s") % {"date": today.isoformat(), "url": url}
    return f"{REPORT_AUTHOR_ZH}. ({REPORT_YEAR}). {report_title()}{detail}. {retrieved}"


def references(observation, *, request):
    """{"url", "gbt7714", "apa"} for an observation, or None when it has no line to point at."""
    if not observation or not observation.line:
        return None
    url = request.build_absolute_uri(report_line_path(observation.line))
    today = timezone.localdate()
    return {"url": url, "gbt7714": gbt7714(observation, url, today=today), "apa": apa(observation, url, today=today)}
